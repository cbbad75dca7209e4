// pthread_exit in main and a thread joining main's own handle (issue 12, item 4): main
// ends but the process lives on, so what main wrote before pthread_exit races with the
// threads still running, except for a thread that first joins main
// (`pthread_join(main_thread, 0)` on the handle main stored from pthread_self()): what
// it does after that join is ordered after all of main. Code after pthread_exit is
// unreachable and not reported.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>

static pthread_t main_thread;
static int result, progress;

void *finisher(void *arg) {
  (void)arg;
  pthread_join(main_thread, 0);
  result++;
  return 0;
}

void *watcher(void *arg) {
  (void)arg;
  return (void *)(long)progress;
}

int main(void) {
  pthread_t f, w;
  main_thread = pthread_self();
  pthread_create(&f, 0, finisher, 0);
  pthread_create(&w, 0, watcher, 0);
  result = 1;
  progress = 1;
  // CHECK: main-exit.c:[[@LINE-1]]:3: warning: data race on `progress`: write without a lock conflicts with a read without a lock in another thread
  pthread_detach(f);
  pthread_detach(w);
  pthread_exit(0);
  result = 2;
}
