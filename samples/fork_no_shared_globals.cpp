// LESSON: fork() gives the child a copy of the parent's memory, not a shared view: the child
//   increments a global and exits, and the parent still sees the old value. Processes share
//   nothing unless they ask to (pipes, shared memory), so there is nothing to race on.
// RUN: exit0
// EXPECT-NONE
#include <cstdio>
#include <sys/wait.h>
#include <unistd.h>

static int globalCounter = 0;

int main() {
  std::fflush(stdout); // do not let the child inherit unflushed output
  pid_t pid = fork();
  if (pid < 0) {
    std::perror("fork");
    return 1;
  }
  if (pid == 0) {
    globalCounter += 1;
    std::printf("child: globalCounter = %d\n", globalCounter);
    std::fflush(stdout);
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  std::printf("parent: child exited with %d; parent's globalCounter = %d (unchanged)\n",
              WIFEXITED(status) ? WEXITSTATUS(status) : -1, globalCounter);
  return 0;
}
