// A function that switches on its parameter and takes locks in one case, releases them
// in another (memcached's pause_threads(PAUSE_ALL_THREADS) / (RESUME_ALL_THREADS)),
// holds them in its callers exactly for the constant argument that takes them.
// Look-alikes: a call with the value that takes nothing, and one whose argument is not
// a constant, still race.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <assert.h>
#include <pthread.h>

enum pause_type { PAUSE_ALL, PAUSE_NONE, RESUME_ALL };

static pthread_mutex_t maint_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t crawl_lock = PTHREAD_MUTEX_INITIALIZER;
static long table, size_a, size_b, size_c;

void maint_pause(void) { pthread_mutex_lock(&maint_lock); }
void maint_resume(void) { pthread_mutex_unlock(&maint_lock); }

void pause_threads(enum pause_type type) {
  switch (type) {
  case PAUSE_ALL:
    maint_pause();
    pthread_mutex_lock(&crawl_lock);
    break;
  case PAUSE_NONE:
    break;
  case RESUME_ALL:
    maint_resume();
    pthread_mutex_unlock(&crawl_lock);
    break;
  default:
    assert(0);
  }
}

void *maintainer(void *arg) {
  (void)arg;
  pthread_mutex_lock(&maint_lock);
  table++;
  size_a++;
  size_b++;
  pthread_mutex_unlock(&maint_lock);
  pthread_mutex_lock(&crawl_lock);
  size_c++;
  pthread_mutex_unlock(&crawl_lock);
  return 0;
}

void *expander(void *arg) {
  // Silent: pause_threads(PAUSE_ALL) returns holding both locks.
  pause_threads(PAUSE_ALL);
  table = 0;
  size_c = 0;
  pause_threads(RESUME_ALL);
  // Look-alike: after RESUME_ALL nothing is held.
  size_a = 1;
  // CHECK: argument-effects.c:[[@LINE-1]]:3: warning: {{.*}}`size_a`
  // Look-alike: PAUSE_NONE takes nothing.
  pause_threads(PAUSE_NONE);
  size_b = 1;
  // CHECK: argument-effects.c:[[@LINE-1]]:3: warning: {{.*}}`size_b`
  pause_threads(RESUME_ALL);
  // Look-alike: an argument that is not a constant selects nothing.
  enum pause_type t = *(enum pause_type *)arg;
  pause_threads(t);
  table = 2;
  // CHECK: argument-effects.c:[[@LINE-1]]:3: warning: {{.*}}`table`
  pause_threads(RESUME_ALL);
  return 0;
}

int main(void) {
  pthread_t a, b;
  enum pause_type t = PAUSE_ALL;
  pthread_create(&a, 0, maintainer, 0);
  pthread_create(&b, 0, expander, &t);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
