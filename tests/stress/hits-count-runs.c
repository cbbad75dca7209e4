// "hits" counts runs, not reports: two threads created at one site and never joined
// are two reports of one finding in every run, which is found in 3 of 3 runs (not 6).
// RUN: %bindir/interlock-cc %s -o %t
// RUN: not %interlock stress --runs 3 --seed 1 --strategy random --summary %t.json -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=TABLE < %t.err
// CHECK: hits-count-runs.c:[[@LINE+9]]:{{[0-9]+}}: warning: thread {{.*}} never joined or detached [stress: 3 of 3 runs]
// TABLE: interlock-missing-join hits-count-runs.c:{{[0-9]+}} {{ *}}3/3
#include <pthread.h>

static void *work(void *P) { return P; }

int main(void) {
  pthread_t T[2];
  for (int I = 0; I < 2; ++I)
    pthread_create(&T[I], 0, work, 0);
  return 0;
}
