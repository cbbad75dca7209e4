// The failure branch of a blocking pthread_mutex_lock is an error path that a valid
// mutex never takes. Where it rejoins the normal path (pbzip2's cleanupAndQuit: print a
// warning, then carry on), the code after it still runs under the lock. Look-alike: a
// lock that is really skipped on a path (a flag, not a failure) leaves that code
// unprotected.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t handler_lock = PTHREAD_MUTEX_INITIALIZER;
static int cleaned, flagged;
static int use_lock;

void cleanup(void) {
  int ret = pthread_mutex_lock(&handler_lock);
  if (ret != 0)
    fprintf(stderr, "failed to lock; may clean up twice\n");
  cleaned = 1; // silent: the failure branch is not a way around the lock
  pthread_mutex_unlock(&handler_lock);
}

void mark(void) {
  if (use_lock)
    pthread_mutex_lock(&handler_lock);
  flagged = 1;
  // CHECK: failed-lock.c:[[@LINE-1]]:3: warning: data race on `flagged`
  if (use_lock)
    pthread_mutex_unlock(&handler_lock);
}

void *worker(void *arg) {
  (void)arg;
  cleanup();
  mark();
  return 0;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
