// A library's own wait wrapper that nothing in the library calls (libuv's
// `uv_cond_timedwait`) is judged at its callers, which are not in this program: silent.
// A wait outside any loop in a function that is not a wrapper is still reported.
// RUN: not %interlock check --checks=-*,interlock-cv-wait-without-predicate %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>

int my_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *ts) {
  int r = pthread_cond_timedwait(c, m, ts);
  return r;
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int ready;
void consume(void) {
  pthread_mutex_lock(&mu);
  if (!ready)
    pthread_cond_wait(&cv, &mu);
  // CHECK: library-wrapper.c:[[@LINE-1]]:5: warning: `pthread_cond_wait` is not in a loop that re-checks the condition: spurious wake-ups and notifications sent before the wait are missed [interlock-cv-wait-without-predicate]
  ready = 0;
  pthread_mutex_unlock(&mu);
}
void produce(void) {
  pthread_mutex_lock(&mu);
  ready = 1;
  pthread_cond_signal(&cv);
  pthread_mutex_unlock(&mu);
}
