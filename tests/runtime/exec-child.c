// A child that the program forks and execs gets its own trace and TSan log (named by
// its pid), which `interlock run` reads beside the program's: the child's race is
// reported, marked with the child's pid. Before, the child wrote over its parent's
// trace path and its report was dropped (exit 0, no finding).
// RUN: %bindir/interlock-cc %s -o %t
// RUN: not %interlock run -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=SUMMARY < %t.err
#include <pthread.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static int Counter;

static void *bump(void *Arg) {
  (void)Arg;
  Counter++;
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "child") == 0) {
    pthread_t T;
    pthread_create(&T, 0, bump, 0);
    // The race of the child's two writes (which is primary is TSan's choice).
    // CHECK: exec-child.c:{{[0-9]+}}:{{[0-9]+}}: warning: data race: write of size 4 {{.*}} (in child process {{[0-9]+}}) [interlock-tsan-data-race]
    Counter++;
    pthread_join(T, 0);
    return 0;
  }
  pid_t Pid = fork();
  if (Pid == 0) {
    execl("/proc/self/exe", argv[0], "child", (char *)0);
    _exit(127);
  }
  waitpid(Pid, 0, 0);
  return 0;
}
// SUMMARY: exited with status 0
// SUMMARY-SAME: 1 child process(es) traced
