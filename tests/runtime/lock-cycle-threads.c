// Dining philosophers: N threads alive at once, thread I takes fork I then fork I+1,
// so each edge of the N-lock cycle is in its own thread. Every N from 2 to 6 is a
// lock-order inversion (cycles of five or more locks were dropped as "unable to
// deadlock" before; the search stopped at four).
// RUN: %bindir/interlock-cc -DN=2 %s -o %t2 && not %interlock run -- %t2 > %t2.out 2> %t2.err
// RUN: FileCheck %s < %t2.out && FileCheck %s --check-prefix=SUMMARY < %t2.err
// RUN: %bindir/interlock-cc -DN=3 %s -o %t3 && not %interlock run -- %t3 > %t3.out 2> %t3.err
// RUN: FileCheck %s < %t3.out && FileCheck %s --check-prefix=SUMMARY < %t3.err
// RUN: %bindir/interlock-cc -DN=4 %s -o %t4 && not %interlock run -- %t4 > %t4.out 2> %t4.err
// RUN: FileCheck %s < %t4.out && FileCheck %s --check-prefix=SUMMARY < %t4.err
// RUN: %bindir/interlock-cc -DN=5 %s -o %t5 && not %interlock run -- %t5 > %t5.out 2> %t5.err
// RUN: FileCheck %s < %t5.out && FileCheck %s --check-prefix=SUMMARY < %t5.err
// RUN: %bindir/interlock-cc -DN=6 %s -o %t6 && not %interlock run -- %t6 > %t6.out 2> %t6.err
// RUN: FileCheck %s < %t6.out && FileCheck %s --check-prefix=SUMMARY < %t6.err
// SUMMARY: 1 finding(s)
// SUMMARY-SAME: dropped as unable to deadlock: 0
#include <pthread.h>

static pthread_mutex_t Fork[N];

static void *dine(void *A) {
  long I = (long)A;
  pthread_mutex_lock(&Fork[I]);
  // CHECK: lock-cycle-threads.c:[[@LINE+1]]:{{[0-9]+}}: warning: lock-order inversion (potential deadlock): thread T{{[0-9]}} acquires {{.*}} [interlock-lock-order-inversion]
  pthread_mutex_lock(&Fork[(I + 1) % N]);
  pthread_mutex_unlock(&Fork[(I + 1) % N]);
  pthread_mutex_unlock(&Fork[I]);
  return 0;
}

int main(void) {
  pthread_t T[N];
  for (long I = 0; I < N; ++I)
    pthread_mutex_init(&Fork[I], 0);
  for (long I = 0; I < N; ++I)
    pthread_create(&T[I], 0, dine, (void *)I);
  for (long I = 0; I < N; ++I)
    pthread_join(T[I], 0);
  return 0;
}
