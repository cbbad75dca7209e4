// pthread_barrier_wait is modelled: a serialized run never blocks in the real barrier
// (the watchdog stepped in on every run before), ThreadSanitizer still orders the work
// before the barrier before the work after it (no race reported), and the thread that
// completes a round gets PTHREAD_BARRIER_SERIAL_THREAD.
// RUN: %bindir/interlock-cc %s -o %t
// RUN: %interlock stress --runs 30 --seed 1 -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.err
// CHECK: 30 runs in {{.*}}; 0 distinct finding(s)
// CHECK-NOT: watchdog
// A barrier that too few threads reach is a deadlock finding, not a timeout.
// RUN: %bindir/interlock-cc -DTOO_FEW %s -o %t.few
// RUN: not %interlock stress --runs 4 --seed 1 --timeout 20 -- %t.few > %t.few.out 2> %t.few.err
// RUN: FileCheck %s --check-prefix=FEW < %t.few.out
// RUN: FileCheck %s --check-prefix=FEW-TABLE < %t.few.err
// FEW: error: deadlock (no thread can run): {{.*}}thread T{{[12]}} waits at barrier 0x{{[0-9a-f]+}} that too few threads can reach
// FEW-TABLE: interlock-deadlock {{.*}} 4/4
// FEW-TABLE-NOT: timeout
#include <pthread.h>

#ifdef TOO_FEW
enum { Parties = 3, Workers = 2 };
#else
enum { Parties = 3, Workers = 3 };
#endif
static pthread_barrier_t B;
static int Part[Workers], Serial;

static void *work(void *A) {
  long I = (long)A;
  Part[I] = 1;
  // FEW: pthread-barrier.c:[[@LINE+1]]:{{[0-9]+}}: note: thread T{{[12]}} waits at barrier
  if (pthread_barrier_wait(&B) == PTHREAD_BARRIER_SERIAL_THREAD)
    ++Serial;
  int Sum = 0;
  for (int J = 0; J < Workers; ++J)
    Sum += Part[J];
  return (void *)(long)Sum;
}

int main(void) {
  pthread_barrier_init(&B, 0, Parties);
  pthread_t T[Workers];
  for (long I = 0; I < Workers; ++I)
    pthread_create(&T[I], 0, work, (void *)I);
  for (int I = 0; I < Workers; ++I) {
    void *Sum;
    pthread_join(T[I], &Sum);
    if ((long)Sum != Parties)
      return 1;
  }
  return Serial == 1 ? 0 : 2;
}
