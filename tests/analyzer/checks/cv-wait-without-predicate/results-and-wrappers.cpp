// Waits whose result is kept, and a library's own wait wrappers (issue 11, item 7):
// judged like any other wait, a wrapper at the places that call it.
// RUN: not %interlock check --checks=interlock-cv-wait-without-predicate %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <cerrno>
#include <pthread.h>
#include <time.h>

pthread_mutex_t pm = PTHREAD_MUTEX_INITIALIZER;
pthread_cond_t pc = PTHREAD_COND_INITIALIZER;
bool ready;

// 1. The result kept in a variable, inside a loop that re-checks `ready`: silent (the
//    variable used to hide the loop).
int storedInLoop() {
  int r = 0;
  pthread_mutex_lock(&pm);
  while (!ready) {
    int rc = pthread_cond_wait(&pc, &pm);
    r |= rc;
  }
  pthread_mutex_unlock(&pm);
  return r;
}

// 2. The same, assigned rather than declared: silent.
int assignedInLoop() {
  int r = 0;
  pthread_mutex_lock(&pm);
  while (!ready)
    r = pthread_cond_wait(&pc, &pm);
  pthread_mutex_unlock(&pm);
  return r;
}

// 3. Look-alike: the result kept, but `ready` checked once with `if`: reported.
int storedOnce() {
  pthread_mutex_lock(&pm);
  int r = 0;
  if (!ready) {
    int rc = pthread_cond_wait(&pc, &pm);
    // CHECK: results-and-wrappers.cpp:[[@LINE-1]]:14: warning: `pthread_cond_wait` is not in a loop that re-checks the condition: spurious wake-ups and notifications sent before the wait are missed [interlock-cv-wait-without-predicate]
    r = rc;
  }
  pthread_mutex_unlock(&pm);
  return r;
}

// A library's own primitives, libuv style.
struct cond_t {
  pthread_cond_t c;
};
struct mutex_t {
  pthread_mutex_t m;
};

// 4. A timed-wait wrapper that keeps pthread's result: judged at its callers, like its
//    twin in 5 (it used to be reported while the twin was not).
int cond_timedwait(cond_t *c, mutex_t *m, long ms) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += ms / 1000;
  int r = pthread_cond_timedwait(&c->c, &m->m, &ts);
  return r == ETIMEDOUT ? 1 : 0;
}

// 5. The twin.
void cond_wait(cond_t *c, mutex_t *m) { pthread_cond_wait(&c->c, &m->m); }

// 6. A wrapper with two waits (untimed for a negative timeout): a wrapper all the same.
int cond_wait_ms(cond_t *c, mutex_t *m, long ms) {
  if (ms < 0)
    return pthread_cond_wait(&c->c, &m->m);
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += ms / 1000;
  return pthread_cond_timedwait(&c->c, &m->m, &ts);
}

cond_t C;
mutex_t M;
bool done;

// Every call of 4, 5 and 6 re-checks `done` in a loop, the timed one keeping its result:
// all silent.
int consumer() {
  int timeouts = 0;
  pthread_mutex_lock(&M.m);
  while (!done) {
    int timedOut = cond_timedwait(&C, &M, 100);
    timeouts += timedOut;
  }
  while (!done)
    cond_wait(&C, &M);
  while (!done)
    timeouts += cond_wait_ms(&C, &M, -1);
  pthread_mutex_unlock(&M.m);
  return timeouts;
}

// 7. Look-alike: a wrapper called once, its caller checking `done` with `if`: the wait
//    in the wrapper is reported.
int queue_timedwait(cond_t *c, mutex_t *m, long ms) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += ms / 1000;
  int r = pthread_cond_timedwait(&c->c, &m->m, &ts);
  // CHECK: results-and-wrappers.cpp:[[@LINE-1]]:11: warning: `pthread_cond_timedwait` is not in a loop that re-checks the condition: spurious wake-ups and notifications sent before the wait are missed [interlock-cv-wait-without-predicate]
  return r == ETIMEDOUT ? 1 : 0;
}

int impatient() {
  pthread_mutex_lock(&M.m);
  int t = 0;
  if (!done) {
    int timedOut = queue_timedwait(&C, &M, 10);
    t = timedOut;
  }
  pthread_mutex_unlock(&M.m);
  return t;
}

int main() {
  storedInLoop();
  assignedInLoop();
  storedOnce();
  consumer();
  impatient();
}
