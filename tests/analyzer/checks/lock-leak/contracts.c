// Functions whose purpose is to return holding a lock are not leaks (issue 11, item
// 1): their callers are checked with the lock effect instead. Look-alikes that take
// and release a lock but miss the release on one way out are still reported.
// RUN: not %interlock check --checks=interlock-lock-leak %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int active, value;
struct ctx { struct job { pthread_mutex_t mutex; int n; } jobs[8]; };

// 1. A lock() wrapper, a conditional one and a try-lock wrapper: silent.
void lock_stats(void) { pthread_mutex_lock(&m); }
void lock_if_active(void) {
  if (active)
    pthread_mutex_lock(&m);
}
int try_lock_stats(void) { return pthread_mutex_trylock(&m); }

// 2. Returns the object locked, or NULL with the lock released: silent.
int *lock_value(bool want) {
  pthread_mutex_lock(&m);
  if (!want) {
    pthread_mutex_unlock(&m);
    return NULL;
  }
  return &value;
}

// 3. The same lock through two expressions (`job = &ctx->jobs[i]`): silent.
void touch(struct ctx *c, int i) {
  struct job *job = &c->jobs[i];
  pthread_mutex_lock(&job->mutex);
  job->n++;
  pthread_mutex_unlock(&c->jobs[i].mutex);
}

// 4. Look-alike: a bool result that reports failure while still holding the lock.
bool withdraw(int amount) {
  pthread_mutex_lock(&m);
  // CHECK: contracts.c:[[@LINE-1]]:3: warning: `m` locked here may still be held when `withdraw` returns [interlock-lock-leak]
  if (value < amount)
    return false;
  // CHECK: contracts.c:[[@LINE-1]]:5: note: returning here with `m` held
  value -= amount;
  pthread_mutex_unlock(&m);
  return true;
}

// 5. Look-alike: an int result (0 and -1 both mean success somewhere) is no contract.
int early(void) {
  pthread_mutex_lock(&m);
  // CHECK: contracts.c:[[@LINE-1]]:3: warning: `m` locked here may still be held when `early` returns [interlock-lock-leak]
  if (value < 0)
    return -1;
  // CHECK: contracts.c:[[@LINE-1]]:5: note: returning here with `m` held
  pthread_mutex_unlock(&m);
  return 0;
}
