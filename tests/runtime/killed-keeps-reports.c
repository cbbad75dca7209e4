// A program that ignores SIGTERM is killed with SIGKILL at the time limit, so its
// runtime never writes the TSan reports into the trace: the report TSan had already
// put in its log is kept (from the log), beside the timeout.
// RUN: %bindir/interlock-cc %s -o %t
// RUN: not %interlock run --timeout 1 -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
#include <pthread.h>
#include <signal.h>
#include <unistd.h>

static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  signal(SIGTERM, SIG_IGN);
  // CHECK-DAG: killed-keeps-reports.c:[[@LINE+1]]:{{[0-9]+}}: warning: unlock of an unlocked mutex {{.*}} [interlock-tsan-report]
  pthread_mutex_unlock(&M);
  for (;;)
    pause();
}
// CHECK-DAG: error: program still running after 1 s and was killed{{.*}}[interlock-program-timeout]
