// The paths of the lock hooks in a TSan build (runtime/rt_mutex.cpp): a lock alone (the
// fast path: one hold), nested, released out of order, recursive, a condition wait in
// between, an unlock of a lock not held. Each must record the events the general path
// does, in order; across thousands of block boundaries none is lost.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: rm -f %t.trace %t.blocks.trace
// RUN: env INTERLOCK_OPTIONS=trace_path=%t.trace TSAN_OPTIONS=report_bugs=0 %t
// (The relock of the recursive mutex finds it busy: a preempted call may add its attempt.)
// RUN: %interlock trace %t.trace | grep -v lock-attempt | FileCheck %s
// RUN: env INTERLOCK_OPTIONS=trace_path=%t.blocks.trace:block_kib=4 TSAN_OPTIONS=report_bugs=0 %t 20000
// RUN: %interlock trace %t.blocks.trace | grep '^thread' | FileCheck %s --check-prefix=BLOCKS
// CHECK:      thread-start
// CHECK-NEXT: lock-acquired [[A:0x[0-9a-f]+]] held={[[A]]} {{.*}}:[[@LINE+42]]:5
// CHECK-NEXT: lock-released [[A]] held={} {{.*}}:[[@LINE+43]]:5
// CHECK-NEXT: lock-acquired [[A]] held={[[A]]} {{.*}}:[[@LINE+43]]:5
// CHECK-NEXT: lock-acquired [[B:0x[0-9a-f]+]] held={[[A]],[[B]]} {{.*}}:[[@LINE+43]]:5
// CHECK-NEXT: lock-released [[B]] held={[[A]]} {{.*}}:[[@LINE+44]]:5
// CHECK-NEXT: lock-released [[A]] held={} {{.*}}:[[@LINE+44]]:5
// CHECK-NEXT: lock-acquired [[A]] held={[[A]]} {{.*}}:[[@LINE+44]]:5
// CHECK-NEXT: lock-acquired [[B]] held={[[A]],[[B]]} {{.*}}:[[@LINE+44]]:5
// CHECK-NEXT: lock-released [[A]] held={[[B]]} {{.*}}:[[@LINE+45]]:5
// CHECK-NEXT: lock-released [[B]] held={} {{.*}}:[[@LINE+45]]:5
// CHECK-NEXT: lock-acquired [[R:0x[0-9a-f]+]] held={[[R]]} {{.*}}:[[@LINE+46]]:3
// CHECK-NEXT: lock-acquired [[R]] held={[[R]],[[R]]} {{.*}}:[[@LINE+46]]:3
// CHECK-NEXT: lock-released [[R]] held={[[R]]} {{.*}}:[[@LINE+46]]:3
// CHECK-NEXT: lock-released [[R]] held={} {{.*}}:[[@LINE+46]]:3
// CHECK-NEXT: lock-acquired [[A]] held={[[A]]} {{.*}}:[[@LINE+46]]:3
// CHECK-NEXT: cond-wait [[C:0x[0-9a-f]+]] {{.*}}:[[@LINE+47]]:3
// CHECK-NEXT: lock-released [[A]] held={} {{.*}}:[[@LINE+46]]:3
// CHECK-NEXT: cond-wake [[C]] {{.*}}:[[@LINE+45]]:3
// CHECK-NEXT: lock-acquired [[A]] held={[[A]]} {{.*}}:[[@LINE+44]]:3
// CHECK-NEXT: lock-released [[A]] held={} {{.*}}:[[@LINE+44]]:3
// CHECK-NEXT: unlock-not-held {{0x[0-9a-f]+}} {{.*}}:[[@LINE+44]]:3
// CHECK-NOT:  lock-
// Thread start, 20000 rounds of 10 lock events, 11 more (and perhaps the relock's attempt):
// BLOCKS: thread T0 (main thread), {{20001[23]}} events
#include <ctime>
#include <cstdlib>
#include <pthread.h>

pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER, B = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t Rec, Err;
pthread_cond_t Cv = PTHREAD_COND_INITIALIZER;
long Counter;

int main(int argc, char **argv) {
  int Rounds = argc > 1 ? std::atoi(argv[1]) : 1;
  pthread_mutexattr_t Attr;
  pthread_mutexattr_init(&Attr);
  pthread_mutexattr_settype(&Attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&Rec, &Attr);
  pthread_mutexattr_settype(&Attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&Err, &Attr);
  for (int I = 0; I < Rounds; ++I) {
    pthread_mutex_lock(&A); // alone
    ++Counter;
    pthread_mutex_unlock(&A);
    pthread_mutex_lock(&A); // nested
    pthread_mutex_lock(&B);
    ++Counter;
    pthread_mutex_unlock(&B);
    pthread_mutex_unlock(&A);
    pthread_mutex_lock(&A); // released out of order
    pthread_mutex_lock(&B);
    ++Counter;
    pthread_mutex_unlock(&A);
    pthread_mutex_unlock(&B);
  }
  pthread_mutex_lock(&Rec); // recursive
  pthread_mutex_lock(&Rec);
  pthread_mutex_unlock(&Rec);
  pthread_mutex_unlock(&Rec);
  pthread_mutex_lock(&A); // a condition wait that times out at once
  timespec Past{0, 0};
  pthread_cond_timedwait(&Cv, &A, &Past);
  pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&Err); // not held: the error-checking mutex refuses
  return Counter == 3L * Rounds ? 0 : 1;
}
