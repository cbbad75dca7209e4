// Threads detached by their attributes (PTHREAD_CREATE_DETACHED) or by pthread_detach
// are not "never joined" (the attribute case was reported before); the one thread left
// joinable and unjoined is.
// RUN: %bindir/interlock-cc %s -o %t
// RUN: not %interlock run -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
// CHECK-NOT: interlock-missing-join
#include <pthread.h>
#include <unistd.h>

static void *work(void *A) { return A; }

int main(void) {
  pthread_attr_t Detached;
  pthread_attr_init(&Detached);
  pthread_attr_setdetachstate(&Detached, PTHREAD_CREATE_DETACHED);
  pthread_attr_t Joinable;
  pthread_attr_init(&Joinable);
  pthread_attr_setdetachstate(&Joinable, PTHREAD_CREATE_JOINABLE);
  pthread_t ByAttribute, ByCall, Forgotten;
  pthread_create(&ByAttribute, &Detached, work, 0);
  pthread_create(&ByCall, 0, work, 0);
  pthread_detach(ByCall);
  // CHECK: detached.c:[[@LINE+1]]:{{[0-9]+}}: warning: thread T3 created here is never joined or detached [interlock-missing-join]
  pthread_create(&Forgotten, &Joinable, work, 0);
  // CHECK-NOT: interlock-missing-join
  usleep(20000);
  return 0;
}
