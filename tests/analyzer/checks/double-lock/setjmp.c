// setjmp/longjmp (issue 12, item 4): setjmp returns a second time, non-zero, from a
// longjmp, with the locks held at the longjmp (in this function, or in a helper of
// this TU that calls longjmp). Silent: a lock taken before setjmp and released on the
// longjmp branch; a lock taken after setjmp, held at the longjmp, used and released on
// that branch. Reported: the lock taken again on that branch (a self-deadlock), and
// state touched on that branch when the longjmp came after the unlock.
// RUN: not %interlock check %s -- -std=gnu11 | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>
#include <setjmp.h>

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t r = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t late = PTHREAD_MUTEX_INITIALIZER;
static jmp_buf env, retry_env, late_env, after_env;
static int work, retries, recovered, tally;

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

void *late_locker(void *arg) {
  if (setjmp(late_env)) {
    recovered++; // under `late`: the longjmp below happens while it is held
    pthread_mutex_unlock(&late);
    return 0;
  }
  pthread_mutex_lock(&late);
  recovered++;
  if (arg)
    longjmp(late_env, 1);
  pthread_mutex_unlock(&late);
  return 0;
}

void *after_unlock(void *arg) {
  if (setjmp(after_env)) {
    tally++;
    // CHECK: setjmp.c:[[@LINE-1]]:5: warning: data race on `tally`: write without a lock conflicts with a write under `late` in another instance of the same thread
    return 0;
  }
  pthread_mutex_lock(&late);
  tally++;
  pthread_mutex_unlock(&late);
  if (arg)
    fail(&after_env);
  return 0;
}

int main(void) {
  pthread_t a, b, c, d[2], e[2];
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, &a);
  pthread_create(&c, 0, retrier, &a);
  for (int i = 0; i < 2; i++) {
    pthread_create(&d[i], 0, late_locker, &a);
    pthread_create(&e[i], 0, after_unlock, &a);
  }
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_join(c, 0);
  for (int i = 0; i < 2; i++) {
    pthread_join(d[i], 0);
    pthread_join(e[i], 0);
  }
  return 0;
}
