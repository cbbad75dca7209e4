// LESSON: A pthread that is neither joined nor detached keeps its resources (stack, exit
//   status) until the process ends: a leak, like a zombie process. This program exits 0 only
//   because main happens to outlive the worker and then ends the whole process.
// RUN: exit0
#include <chrono>
#include <cstdio>
#include <pthread.h>
#include <thread>

static void *worker(void *arg) {
  int id = *static_cast<const int *>(arg);
  std::printf("worker %d ran\n", id);
  std::fflush(stdout);
  return nullptr;
}

static const int kWorkerId = 7; // static storage: outlives the thread

int main() {
  pthread_t tid;
  int rc = pthread_create(&tid, nullptr, worker, const_cast<int *>(&kWorkerId)); // EXPECT: missing-join
  if (rc != 0) {
    std::printf("pthread_create failed: %d\n", rc);
    return 1;
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  std::printf("main: returning without pthread_join or pthread_detach\n");
  return 0;
}
