// Callbacks handed to a library with no body in the program (issue 12, item 2): the
// library may call them from its own threads, but most (signal handlers, atexit,
// single-threaded event loops) run in the registering thread. Such a callback is
// analysed as a thread, possibly many, only when the library function's name says it
// runs work elsewhere (queue, work, thread, pool, async, schedule, submit, spawn, task)
// and on evidence that it runs concurrently: it or a function it calls takes a lock, or
// touches a global some code accesses under a lock. Look-alikes: an event-loop handler
// with evidence (it runs in the loop's thread), a signal handler and an atexit handler, a
// qsort comparator (called before qsort returns), and state written before the
// callback is registered.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>

/* A thread pool library: only its header is part of the program. */
typedef void (*work_cb)(void *req);
int queue_work(void *loop, void *req, work_cb work, work_cb after);
/* An event loop the program runs itself: its handlers run in the loop's thread. */
int event_set_handler(work_cb handler);

static pthread_mutex_t stats_mu = PTHREAD_MUTEX_INITIALIZER;
static long requests, bytes, setup, stopped, cleaned, compared, events;

static void record_request(void) {
  pthread_mutex_lock(&stats_mu);
  requests++; // protected: silent
  pthread_mutex_unlock(&stats_mu);
}

/* Evidence: calls a function that locks. Its unprotected write races with itself. */
static void on_work(void *req) {
  (void)req;
  record_request();
  bytes += setup;
  // CHECK: library-callbacks.c:[[@LINE-1]]:3: warning: data race on `bytes`: write without a lock conflicts with a write without a lock in another instance of the same thread
}

/* Evidence: touches `requests`, accessed under stats_mu elsewhere; races with main. */
static void after_work(void *req) {
  (void)req;
  requests = 0;
  // CHECK: library-callbacks.c:[[@LINE-1]]:3: warning: data race on `requests`
}

/* Evidence, but an event-loop handler: silent. */
static void on_event(void *arg) {
  (void)arg;
  record_request();
  events++;
}

/* No evidence: stays silent although main writes the same globals. */
static void on_signal(int sig) {
  (void)sig;
  stopped = 1;
}
static void at_exit(void) { cleaned++; }
static int compare(const void *a, const void *b) {
  compared++;
  return *(const int *)a - *(const int *)b;
}

int main(void) {
  setup = 64; /* before the callbacks are registered: silent */
  signal(SIGINT, on_signal);
  atexit(at_exit);
  int xs[3] = {3, 1, 2};
  qsort(xs, 3, sizeof xs[0], compare);
  queue_work(NULL, NULL, on_work, after_work);
  event_set_handler(on_event);
  events = 0;
  stopped = 0;
  cleaned = 0;
  compared = 0;
  record_request();
  return 0;
}
