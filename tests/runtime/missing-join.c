// A pthread neither joined nor detached is reported at its creation site (a C program,
// built with interlock-cc).
// RUN: %bindir/interlock-cc %s -o %t
// RUN: not %interlock run -- %t | FileCheck %s
#include <pthread.h>
#include <stdio.h>

static void *work(void *arg) { return arg; }

int main(void) {
  pthread_t joined, forgotten, detached;
  pthread_create(&joined, NULL, work, NULL);
  // CHECK: missing-join.c:[[@LINE+1]]:{{[0-9]+}}: warning: thread T2 created here is never joined or detached [interlock-missing-join]
  pthread_create(&forgotten, NULL, work, NULL);
  pthread_create(&detached, NULL, work, NULL);
  pthread_detach(detached);
  pthread_join(joined, NULL);
  return 0;
}
// CHECK-NOT: interlock-missing-join
