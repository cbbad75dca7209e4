// Barriers as ordering points (issue 12, item 4): what a thread writes before a barrier
// it passes in lockstep with the others is read safely after the barrier. Look-alikes
// that must still report: two threads writing after the same barrier, a barrier waited
// on only conditionally (its passes cannot be counted), and one waited on from a helper
// that is called twice.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=gnu11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>

static pthread_barrier_t phase, maybe, twice;
static int left_part, right_part, total; // written, barrier, read: silent
static int after_both;                   // written after the barrier by both
static int cond_data;
static int helper_data;

void *left(void *arg) {
  (void)arg;
  left_part = 1;
  pthread_barrier_wait(&phase);
  after_both++;
  // CHECK: barrier.c:[[@LINE-1]]:3: warning: data race on `after_both`: write without a lock conflicts with a write without a lock in another thread
  return 0;
}

void *right(void *arg) {
  (void)arg;
  right_part = 2;
  pthread_barrier_wait(&phase);
  after_both++;
  return 0;
}

void *conditional(void *arg) {
  cond_data = 1;
  // CHECK: barrier.c:[[@LINE-1]]:3: warning: data race on `cond_data`: write without a lock conflicts with a read without a lock in another thread
  if (arg)
    pthread_barrier_wait(&maybe);
  return 0;
}

static void sync_twice(void) { pthread_barrier_wait(&twice); }

void *helper_user(void *arg) {
  (void)arg;
  helper_data = 1;
  // CHECK: barrier.c:[[@LINE-1]]:3: warning: data race on `helper_data`: write without a lock conflicts with a read without a lock in another thread
  sync_twice();
  sync_twice();
  return 0;
}

int main(void) {
  pthread_t a, b, c, d;
  pthread_barrier_init(&phase, 0, 3);
  pthread_create(&a, 0, left, 0);
  pthread_create(&b, 0, right, 0);
  pthread_barrier_wait(&phase);
  total = left_part + right_part;
  pthread_join(a, 0);
  pthread_join(b, 0);

  pthread_barrier_init(&maybe, 0, 2);
  pthread_create(&c, 0, conditional, &c);
  pthread_barrier_wait(&maybe);
  total = cond_data;
  pthread_join(c, 0);

  pthread_barrier_init(&twice, 0, 2);
  pthread_create(&d, 0, helper_user, 0);
  pthread_barrier_wait(&twice);
  pthread_barrier_wait(&twice);
  total = helper_data;
  pthread_join(d, 0);
  return total;
}
