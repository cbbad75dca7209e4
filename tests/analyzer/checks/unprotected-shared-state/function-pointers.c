// Threads started through function pointers (issue 12, item 2): a start routine passed
// through a wrapper to pthread_create (memcached's create_worker, libuv's
// uv_thread_create), a job function stored in a struct field and called by a pool
// worker, a handler table in a global. Look-alikes: a function whose address is taken
// but that no thread calls, and one stored in a field that is never called.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>
#include <stddef.h>

static long served, jobs_done, handled, never_run, stored_only;

/* A wrapper that passes the start routine on (cast, as libuv does). */
static int create_worker(void *(*func)(void *), void *arg) {
  pthread_t t;
  return pthread_create(&t, NULL, (void *(*)(void *))func, arg);
}
static int start_thread(void *(*entry)(void *)) { return create_worker(entry, NULL); }

void *worker_libevent(void *arg) {
  (void)arg;
  served++;
  // CHECK: function-pointers.c:[[@LINE-1]]:3: warning: data race on `served`
  return NULL;
}

/* A pool: jobs are stored in a field and called by the pool's thread. */
struct job {
  void (*work)(void *);
  void (*done)(void *);
  void *arg;
};
static struct job queue[4];
static int queued;

static void submit(void (*work)(void *), void *arg) {
  queue[queued].work = work;
  queue[queued].arg = arg;
  queued++;
}
static void *pool_worker(void *arg) {
  (void)arg;
  struct job *j = &queue[0];
  j->work(j->arg);
  return NULL;
}
static void count_job(void *arg) {
  (void)arg;
  jobs_done++;
  // CHECK: function-pointers.c:[[@LINE-1]]:3: warning: data race on `jobs_done`
}

/* A handler table in a global, called by a thread. */
static void on_read(void) {
  handled++;
  // CHECK: function-pointers.c:[[@LINE-1]]:3: warning: data race on `handled`
}
static void (*handlers[])(void) = {on_read};
static void *dispatcher(void *arg) {
  (void)arg;
  handlers[0]();
  return NULL;
}

/* Look-alikes: silent. */
static void never_called(void *arg) {
  (void)arg;
  never_run++;
}
static void stored_not_called(void *arg) {
  (void)arg;
  stored_only++;
}

int main(void) {
  void (*unused)(void *) = never_called;
  (void)unused;
  queue[3].done = stored_not_called;
  submit(count_job, NULL);
  start_thread(worker_libevent);
  start_thread(pool_worker);
  start_thread(dispatcher);
  served++;
  jobs_done++;
  handled++;
  never_run++;
  stored_only++;
  return 0;
}
