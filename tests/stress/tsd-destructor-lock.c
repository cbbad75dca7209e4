// A thread is not finished when its start routine returns: the destructors of its
// thread-specific data run next and may lock. The lock they take is not "held by an
// ended thread" (that was a false deadlock in about 1 run of 20: the scheduler let the
// thread go at the routine's return, main then waited for a mutex the destructor held).
// RUN: %bindir/interlock-cc %s -o %t
// RUN: %interlock stress --runs 60 --seed 1 -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.err
// CHECK: 60 runs in {{.*}}; 0 distinct finding(s)
// CHECK-NOT: deadlock
// CHECK-NOT: watchdog
// RUN: %interlock run -- %t 2>&1 | FileCheck %s --check-prefix=SINGLE
// SINGLE: 0 finding(s)
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t Key;
static int Count;

static void cleanup(void *P) {
  pthread_mutex_lock(&M);
  ++Count;
  pthread_mutex_unlock(&M);
  free(P);
}

static void *work(void *A) {
  pthread_setspecific(Key, malloc(4));
  return A;
}

int main(void) {
  pthread_key_create(&Key, cleanup);
  pthread_t T[2];
  for (int I = 0; I < 2; ++I)
    pthread_create(&T[I], 0, work, 0);
  pthread_mutex_lock(&M);
  pthread_mutex_unlock(&M);
  for (int I = 0; I < 2; ++I)
    pthread_join(T[I], 0);
  return Count == 2 ? 0 : 1;
}
