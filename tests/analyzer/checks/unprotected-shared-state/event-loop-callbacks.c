// Callbacks registered with an event library the program does not define (libevent's
// event_set) run inside the thread that runs the library's loop (event_base_loop): one
// worker thread per event base, as in memcached. Which loop runs which callback is not
// known (every callback of the library is run in every loop of it), so these races are
// low confidence: shown with --min-confidence=low only. Look-alikes: a callback whose
// counter is locked, and one registered with a library whose loop no thread runs.
// RUN: %interlock check --checks=-*,interlock-unprotected-shared-state %s -- \
// RUN:   | FileCheck %s --check-prefix=DEFAULT --allow-empty
// DEFAULT-NOT: warning:
// RUN: not %interlock check --min-confidence=low --checks=-*,interlock-unprotected-shared-state %s -- \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>
#include <stddef.h>

struct event_base;
struct event {
  int fd;
};
struct event_base *event_base_new(void);
void event_set(struct event *ev, int fd, short flags, void (*cb)(int, short, void *),
               void *arg);
int event_base_set(struct event_base *base, struct event *ev);
int event_add(struct event *ev, const void *timeout);
int event_base_loop(struct event_base *base, int flags);
void timer_register(void (*cb)(void *), void *arg); // a library with no loop run here

long served, locked_served, timer_ticks;
pthread_mutex_t served_lock = PTHREAD_MUTEX_INITIALIZER;

static void on_request(int fd, short which, void *arg) {
  served++;
  // CHECK: event-loop-callbacks.c:[[@LINE-1]]:3: warning: data race on `served`: write without a lock conflicts with a write without a lock in another instance of the same thread
}

static void on_locked_request(int fd, short which, void *arg) {
  pthread_mutex_lock(&served_lock);
  locked_served++;
  pthread_mutex_unlock(&served_lock);
}

static void on_timer(void *arg) { timer_ticks++; }

static void *worker(void *arg) {
  struct event_base *base = event_base_new();
  struct event request, locked;
  event_set(&request, 0, 0, on_request, NULL);
  event_base_set(base, &request);
  event_add(&request, NULL);
  event_set(&locked, 1, 0, on_locked_request, NULL);
  event_base_set(base, &locked);
  event_add(&locked, NULL);
  event_base_loop(base, 0);
  return NULL;
}

int main(void) {
  pthread_t t[4];
  timer_register(on_timer, NULL);
  for (int i = 0; i < 4; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  for (int i = 0; i < 4; i++)
    pthread_join(t[i], NULL);
  return 0;
}
