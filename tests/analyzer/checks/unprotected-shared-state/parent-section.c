// A child started and joined inside its parent's critical section runs entirely while
// the parent holds the lock (issue 12, item 4): it is ordered against every other
// thread's accesses under that lock, though it does not hold the lock itself.
// Look-alikes that must report: the join after the unlock (the child outlives the
// section), and the parent's own write inside the section (the child runs during it).
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int counted, late_counted, inside;

void *child(void *arg) {
  (void)arg;
  counted++;
  return 0;
}

void *late_child(void *arg) {
  (void)arg;
  late_counted++;
  // CHECK: parent-section.c:[[@LINE-1]]:3: warning: data race on `late_counted`: write without a lock conflicts with a write under `m` in another thread
  return 0;
}

void *inner_child(void *arg) {
  (void)arg;
  inside++;
  // CHECK: parent-section.c:[[@LINE-1]]:3: warning: data race on `inside`: write without a lock conflicts with a write under `m` in another thread
  return 0;
}

void *other(void *arg) {
  (void)arg;
  pthread_mutex_lock(&m);
  counted++;
  late_counted++;
  pthread_mutex_unlock(&m);
  return 0;
}

int main(void) {
  pthread_t o, c, l, i;
  pthread_create(&o, 0, other, 0);

  pthread_mutex_lock(&m);
  pthread_create(&c, 0, child, 0);
  pthread_join(c, 0);
  pthread_mutex_unlock(&m);

  pthread_mutex_lock(&m);
  pthread_create(&l, 0, late_child, 0);
  pthread_mutex_unlock(&m);
  pthread_join(l, 0);

  pthread_mutex_lock(&m);
  pthread_create(&i, 0, inner_child, 0);
  inside = 1;
  pthread_join(i, 0);
  pthread_mutex_unlock(&m);

  pthread_join(o, 0);
  return 0;
}
