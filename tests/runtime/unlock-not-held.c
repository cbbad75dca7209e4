// Unlocking a mutex the thread does not hold is reported at the unlock.
// RUN: %bindir/interlock-cc %s -o %t
// RUN: not %interlock run -- %t | FileCheck %s
#include <pthread.h>

pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;

static void *work(void *arg) {
  pthread_mutex_lock(&M);
  pthread_mutex_unlock(&M);
  return arg;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, work, NULL);
  pthread_join(t, NULL);
  // TSan's own report of it names this line too: its interceptor is called from here.
  // CHECK-DAG: unlock-not-held.c:[[@LINE+3]]:3: warning: ThreadSanitizer: mutex-bad-unlock [interlock-tsan-report]
  // CHECK-DAG: #0 main {{.*}}unlock-not-held.c:[[@LINE+2]]:3
  // CHECK-DAG: unlock-not-held.c:[[@LINE+1]]:{{[0-9]+}}: warning: mutex 0x{{[0-9a-f]+}} unlocked by main thread, which does not hold it [interlock-unlock-not-held]
  pthread_mutex_unlock(&M);
  return 0;
}
