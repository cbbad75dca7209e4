// setjmp/longjmp (issue 12, item 4): control returns to the setjmp call from a longjmp
// with the locks held at the longjmp. The checker analyses the setjmp return branch
// with the locks held at the setjmp call (see docs/check.md, Limits): that is exact
// when the lock is taken before setjmp, the common shape (an error path that unlocks
// and returns), and it must stay silent there. It still finds a real self-deadlock
// on that branch: taking the lock again.
// RUN: not %interlock check %s -- -std=gnu11 | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>
#include <setjmp.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t r = PTHREAD_MUTEX_INITIALIZER;
static jmp_buf env, retry_env;
static int work, retries;

static void fail(jmp_buf *where) { longjmp(*where, 1); }

void *worker(void *arg) {
  pthread_mutex_lock(&m);
  if (setjmp(env)) {
    pthread_mutex_unlock(&m); // held: taken before setjmp, still held at the longjmp
    return 0;
  }
  work++;
  if (arg)
    fail(&env);
  pthread_mutex_unlock(&m);
  return 0;
}

void *retrier(void *arg) {
  pthread_mutex_lock(&r);
  if (setjmp(retry_env)) {
    pthread_mutex_lock(&r);
    // CHECK: setjmp.c:[[@LINE-1]]:5: warning: `r` is locked again by the thread that already holds it (self-deadlock) [interlock-double-lock]
    retries++;
    pthread_mutex_unlock(&r);
    return 0;
  }
  retries++;
  if (arg)
    fail(&retry_env);
  pthread_mutex_unlock(&r);
  return 0;
}

int main(void) {
  pthread_t a, b, c;
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, &a);
  pthread_create(&c, 0, retrier, &a);
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_join(c, 0);
  return 0;
}
