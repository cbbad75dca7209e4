// A pthread_t array joined in a loop ends every thread of the array (issue 12, item 4):
// main's accesses after the join loop do not race with the workers. Look-alikes that
// must report: the workers against each other, and main reading after joining only
// the first element (the others still run).
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>

static int hits, seen;

void *worker(void *arg) {
  (void)arg;
  hits++;
  // CHECK: thread-array-join.c:[[@LINE-1]]:3: warning: data race on `hits`: write without a lock conflicts with a write without a lock in another instance of the same thread
  return 0;
}

void *reader(void *arg) {
  (void)arg;
  return (void *)(long)seen;
}

int main(void) {
  pthread_t t[4], r[4];
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], 0);
  hits = 0;

  for (int i = 0; i < 4; i++)
    pthread_create(&r[i], 0, reader, 0);
  pthread_join(r[0], 0);
  seen = 1;
  // CHECK: thread-array-join.c:[[@LINE-1]]:3: warning: data race on `seen`: write without a lock conflicts with a read without a lock in another thread
  for (int i = 1; i < 4; i++)
    pthread_join(r[i], 0);
  return hits;
}
