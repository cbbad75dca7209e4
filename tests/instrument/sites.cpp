// Every site points at the user's line, never a library header: std::mutex::lock and
// lock_guard inline down to pthread_mutex_lock, std::thread to _M_start_thread, and the
// pass walks the inlinedAt chain back to this file (also through a user helper).
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: %interlock run --trace-out=%t.trace -- %t
// RUN: %interlock trace %t.trace > %t.txt
// RUN: FileCheck %s < %t.txt
// RUN: not grep -E "@ /usr/(include|lib)" %t.txt
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <shared_mutex>
#include <thread>

std::mutex M;
std::shared_mutex RW;
std::condition_variable Cv;
bool Go;

static void lockTwice() {
  M.lock();
  M.unlock();
}

int main() {
  std::thread T([] {
    std::unique_lock<std::mutex> L(M);
    Cv.wait_for(L, std::chrono::milliseconds(1));
  });
  lockTwice();
  { std::shared_lock<std::shared_mutex> R(RW); }
  { std::unique_lock<std::shared_mutex> W(RW); }
  {
    std::lock_guard<std::mutex> G(M);
    Go = true;
  }
  Cv.notify_all();
  T.join();
}
// CHECK: thread T0 (main thread)
// CHECK: thread-create T1  @ {{.*}}sites.cpp:26:{{[0-9]+}} in main
// CHECK: lock-{{attempt|acquired}} 0x{{[0-9a-f]+}}{{.*}}  @ {{.*}}sites.cpp:21:{{[0-9]+}} in lockTwice
// CHECK: lock-released 0x{{[0-9a-f]+}} held={}  @ {{.*}}sites.cpp:22:{{[0-9]+}} in lockTwice
// CHECK: lock-acquired 0x{{[0-9a-f]+}} held={0x{{[0-9a-f]+}}}  @ {{.*}}sites.cpp:31:{{[0-9]+}} in main
// CHECK: lock-acquired 0x{{[0-9a-f]+}} held={0x{{[0-9a-f]+}}}  @ {{.*}}sites.cpp:32:{{[0-9]+}} in main
// CHECK: lock-acquired 0x{{[0-9a-f]+}} held={0x{{[0-9a-f]+}}}  @ {{.*}}sites.cpp:34:{{[0-9]+}} in main
// CHECK: cond-notify 0x{{[0-9a-f]+}}  @ {{.*}}sites.cpp:37:{{[0-9]+}} in main
// CHECK: join-before T1  @ {{.*}}sites.cpp:38:{{[0-9]+}} in main
// CHECK: thread T1 created at {{.*}}sites.cpp:26
// CHECK: cond-wait 0x{{[0-9a-f]+}}  @ {{.*}}sites.cpp:28:{{[0-9]+}} in operator()
