// Locks taken and released in helper functions count in their callers (issue 11, item
// 1): the per-function summary carries lock effects (acquired, released, conditional on
// the result) applied at every call site, across TUs. Each case has a look-alike.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;
static int pool_active;
static long hits, misses, evictions, bytes, lookups, items, pooled;

void lock_stats(void) { pthread_mutex_lock(&stats_lock); }
void unlock_stats(void) { pthread_mutex_unlock(&stats_lock); }
#define STATS_LOCK() lock_stats()
#define STATS_UNLOCK() unlock_stats()

/* A try-lock wrapper returning pthread's status: 0 means held. */
int try_lock_stats(void) { return pthread_mutex_trylock(&stats_lock); }

/* Locks only when there are threads to exclude. */
void maybe_lock_pool(void) {
  if (pool_active)
    pthread_mutex_lock(&pool_lock);
}
void maybe_unlock_pool(void) {
  if (pool_active)
    pthread_mutex_unlock(&pool_lock);
}

/* Returns the item locked, or NULL (and nothing held) when there is none. */
static long slot;
long *lock_slot(int want) {
  pthread_mutex_lock(&stats_lock);
  if (!want) {
    pthread_mutex_unlock(&stats_lock);
    return NULL;
  }
  return &slot;
}

/* Look-alike: a wrapper that locks and unlocks inside does not return holding. */
void count_lookup(void) {
  pthread_mutex_lock(&stats_lock);
  lookups++;
  pthread_mutex_unlock(&stats_lock);
}

void *worker(void *arg) {
  (void)arg;
  // 1. lock/unlock helpers: silent.
  lock_stats();
  hits++;
  unlock_stats();
  // 2. A macro expanding to a call that locks: silent.
  STATS_LOCK();
  misses++;
  STATS_UNLOCK();
  // 3. A try-lock wrapper tested for success: silent on the success branch...
  if (try_lock_stats() == 0) {
    evictions++;
    unlock_stats();
  } else {
    // ...and the failure branch holds nothing.
    bytes++;
    // CHECK-DAG: lock-effects.c:[[@LINE-1]]:5: warning: data race on `bytes`: write without a lock conflicts with a write without a lock in another instance of the same thread [interlock-unprotected-shared-state]
  }
  // 4. A lock taken only `if (pool_active)`: counts as taken.
  maybe_lock_pool();
  pooled++;
  maybe_unlock_pool();
  // 5. A function returning a pointer held on success: silent under `if (p)`.
  long *p = lock_slot(1);
  if (p) {
    slot++;
    unlock_stats();
  }
  // 6. Look-alike: count_lookup() released its lock before returning.
  count_lookup();
  items++;
  // CHECK-DAG: lock-effects.c:[[@LINE-1]]:3: warning: data race on `items`: write without a lock conflicts with a write without a lock in another instance of the same thread [interlock-unprotected-shared-state]
  // 7. After unlock_stats() the lock is no longer held.
  lock_stats();
  hits++;
  unlock_stats();
  misses = 0;
  // CHECK-DAG: lock-effects.c:[[@LINE-1]]:3: warning: data race on `misses`: write without a lock conflicts with a write under `stats_lock` in another instance of the same thread; `misses` is accessed under `stats_lock` in 1 of 2 places [interlock-unprotected-shared-state]
  return NULL;
}

int main(void) {
  pthread_t t[4];
  pool_active = 1;
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  return 0;
}
