// ThreadSanitizer's runtime itself aborts the program (a CHECK failure on
// pthread_join of a thread already joined) before Interlock's runtime can write its
// trace: `run` says so at the line that made it abort, keeps the report TSan had
// already logged (an unlock of an unlocked mutex), and does not claim the program was
// built without the wrappers.
// RUN: %bindir/interlock-cc %s -o %t
// RUN: not %interlock run -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=ERR < %t.err
#include <pthread.h>

static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;
static void *run(void *A) { return A; }

int main(void) {
  pthread_t T;
  pthread_create(&T, 0, run, 0);
  // CHECK-DAG: tsan-abort.c:[[@LINE+1]]:{{[0-9]+}}: warning: unlock of an unlocked mutex (or by a wrong thread) [ThreadSanitizer; from its log: the program did not finish its trace] [interlock-tsan-report]
  pthread_mutex_unlock(&M);
  pthread_join(T, 0);
  // CHECK-DAG: tsan-abort.c:[[@LINE+1]]:{{[0-9]+}}: error: ThreadSanitizer's runtime aborted the program: CHECK failed: {{.*}} [interlock-program-crash]
  pthread_join(T, 0);
  return 0;
}
// ERR-NOT: wrote no trace
