// One finding per racy location (issue 11, item 3): a global written in many
// functions run by two threads is one defect, reported once at its least protected
// access, the most telling conflicting accesses first (a write under a lock beats an
// unprotected read) and a count of the rest. The old policy gave one finding per pair.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning: --implicit-check-not=note:
#include <pthread.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static int total;

static void f1(void) { total = 1; }
// CHECK: one-per-defect.c:[[@LINE-1]]:24: warning: data race on `total`: write without a lock conflicts with a write under `mu` in another thread; `total` is accessed under `mu` in 1 of 6 places; 3 more racy accesses not shown [interlock-unprotected-shared-state]
static void f2(void) { total = 2; }
static void f3(void) { total += 3; }
static int f4(void) { return total; }
static int f5(void) { return total * 2; }
static void locked(void) {
  pthread_mutex_lock(&mu);
  total = 0;
  // CHECK: one-per-defect.c:[[@LINE-1]]:3: note: conflicting write of `total` under `mu` in a thread running `b`
  pthread_mutex_unlock(&mu);
}

static void *a(void *arg) {
  (void)arg;
  f1();
  f2();
  f3();
  return (void *)(long)(f4() + f5());
}
static void *b(void *arg) {
  (void)arg;
  locked();
  f1();
  f2();
  f3();
  return (void *)(long)(f4() + f5());
}
// CHECK: one-per-defect.c:12:24: note: conflicting write of `total` in a thread running `b`
// CHECK: one-per-defect.c:14:24: note: conflicting write of `total` in a thread running `b`

int main(void) {
  pthread_t x, y;
  pthread_create(&x, NULL, a, NULL);
  pthread_create(&y, NULL, b, NULL);
  pthread_join(x, NULL);
  pthread_join(y, NULL);
  return 0;
}
