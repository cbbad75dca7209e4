// Lock order through lock effects (issue 11, items 1 and 3): a lock taken by a helper
// that returns holding it orders the locks its caller takes next. A cycle is reported
// once; a longer cycle through all the locks of a reported one only restates it.
// RUN: not %interlock check --checks=-*,interlock-lock-order-inversion %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER;

static void lock_a(void) { pthread_mutex_lock(&a); }
static void unlock_a(void) { pthread_mutex_unlock(&a); }

static void *t1(void *arg) {
  (void)arg;
  lock_a();
  pthread_mutex_lock(&b);
  // CHECK: effects.c:[[@LINE-1]]:3: warning: lock-order inversion: `b` acquired while holding `a`, and `a` acquired while holding `b` in another thread (potential deadlock) [interlock-lock-order-inversion]
  // CHECK: effects.c:[[@LINE+12]]:3: note: `lock_a` called here while `b` is held
  pthread_mutex_lock(&c);
  // CHECK: effects.c:[[@LINE-1]]:3: warning: lock-order inversion: `c` acquired while holding `a`, and `a` acquired while holding `c` in another thread (potential deadlock) [interlock-lock-order-inversion]
  pthread_mutex_unlock(&c);
  pthread_mutex_unlock(&b);
  unlock_a();
  return NULL;
}

static void *t2(void *arg) {
  (void)arg;
  pthread_mutex_lock(&b);
  lock_a();
  unlock_a();
  pthread_mutex_unlock(&b);
  return NULL;
}

// With t1's b -> c and this c -> a, the cycle a -> b -> c -> a goes through all the
// locks of a <-> b: it is not reported again.
static void *t3(void *arg) {
  (void)arg;
  pthread_mutex_lock(&c);
  lock_a();
  unlock_a();
  pthread_mutex_unlock(&c);
  return NULL;
}

int main(void) {
  pthread_t x, y, z;
  pthread_create(&x, NULL, t1, NULL);
  pthread_create(&y, NULL, t2, NULL);
  pthread_create(&z, NULL, t3, NULL);
  pthread_join(x, NULL);
  pthread_join(y, NULL);
  pthread_join(z, NULL);
  return 0;
}
