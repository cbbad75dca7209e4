// A child that takes a lock its parent held when starting it (issue 12, item 4): the
// child does not inherit the parent's locks, so its own lock() is neither a double lock
// nor part of a lock cycle, and what both do under the lock does not race. Look-alike
// that must report: a child touching the same state without taking the lock (the
// parent's lock at the start does not cover the child).
// RUN: not %interlock check %s -- -std=c11 | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t n = PTHREAD_MUTEX_INITIALIZER;
static int guarded, unguarded;

void *child(void *arg) {
  (void)arg;
  pthread_mutex_lock(&n);
  pthread_mutex_lock(&m);
  guarded++;
  pthread_mutex_unlock(&m);
  pthread_mutex_unlock(&n);
  unguarded++;
  // CHECK: lock-held-at-start.c:[[@LINE-1]]:3: warning: data race on `unguarded`: write without a lock conflicts with a write under `m` in another thread
  return 0;
}

int main(void) {
  pthread_t c;
  pthread_mutex_lock(&m);
  guarded = 1;
  unguarded = 1;
  pthread_create(&c, 0, child, 0);
  guarded = 2;
  unguarded = 2;
  pthread_mutex_unlock(&m);
  pthread_join(c, 0);
  return 0;
}
