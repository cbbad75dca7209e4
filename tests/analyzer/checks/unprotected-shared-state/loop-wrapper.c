// A lock wrapper called before a loop and again at the end of its body (libuv's
// threadpool worker: uv_mutex_lock(&mutex) above `for (;;)` and at its bottom) holds the
// lock inside the loop, where the two paths meet. Look-alike: a loop that releases the
// lock and does not take it back races on its next iteration.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>

typedef pthread_mutex_t my_mutex_t;
void my_lock(my_mutex_t *m) { pthread_mutex_lock(m); }
void my_unlock(my_mutex_t *m) { pthread_mutex_unlock(m); }

static my_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static int idle, pending, leftover;
static void work(void) {}

void *worker(void *arg) {
  (void)arg;
  my_lock(&mutex);
  for (;;) {
    idle += 1; // silent: held on both ways into the loop
    if (pending == 0)
      break;
    pending--;
    my_unlock(&mutex);
    work();
    my_lock(&mutex);
  }
  my_unlock(&mutex);
  return 0;
}

void *sloppy(void *arg) {
  (void)arg;
  my_lock(&mutex);
  for (int i = 0; i < 3; i++) {
    leftover++;
    // CHECK: loop-wrapper.c:[[@LINE-1]]:5: warning: data race on `leftover`
    my_unlock(&mutex);
    work();
  }
  return 0;
}

int main(void) {
  pthread_t a, b, c, d;
  pthread_create(&a, 0, worker, 0);
  pthread_create(&b, 0, worker, 0);
  pthread_create(&c, 0, sloppy, 0);
  pthread_create(&d, 0, sloppy, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_join(c, 0);
  pthread_join(d, 0);
  return 0;
}
