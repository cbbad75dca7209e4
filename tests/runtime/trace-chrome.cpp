// The trace: `interlock trace` prints threads and events with held sets and user sites;
// `--chrome` writes Chrome Trace Event JSON with a row per thread and lock holds as
// slices.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: %interlock run --trace-out=%t.trace -- %t
// RUN: %interlock trace %t.trace | FileCheck %s
// RUN: %interlock trace --chrome %t.trace -o %t.json
// RUN: %python -c "import json,sys; d=json.load(open(sys.argv[1])); ev=d['traceEvents']; names={e['args']['name'] for e in ev if e['name']=='thread_name'}; holds=[e for e in ev if e.get('cat')=='lock' and e['ph']=='X']; assert len(names)==3, names; assert len(holds)>=3, holds; print('ok', len(ev))" %t.json | FileCheck %s --check-prefix=CHROME
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

std::mutex M;
std::condition_variable Cv;
bool Ready;

int main() {
  std::thread Waiter([] {
    std::unique_lock<std::mutex> L(M);
    Cv.wait_for(L, std::chrono::milliseconds(1)); // always waits: a cond-wait event
    Cv.wait(L, [] { return Ready; });
  });
  std::thread Notifier([] {
    {
      std::lock_guard<std::mutex> L(M);
      Ready = true;
    }
    Cv.notify_one();
  });
  Waiter.join();
  Notifier.join();
}
// CHECK: interlock trace: pid {{[0-9]+}}, 3 threads
// CHECK: end: exit
// CHECK: thread T0 (main thread)
// CHECK: thread-create T1  @ {{.*}}trace-chrome.cpp:19:{{[0-9]+}} in main
// CHECK: join-after T1
// CHECK: thread T1 created at {{.*}}trace-chrome.cpp:19:{{[0-9]+}} in main
// CHECK: thread-start parent T0
// CHECK: lock-acquired 0x{{[0-9a-f]+}} held={0x{{[0-9a-f]+}}}  @ {{.*}}trace-chrome.cpp:20:{{[0-9]+}} in operator()
// CHECK: cond-wait
// CHECK: thread-end
// CHECK: thread T2 created at {{.*}}trace-chrome.cpp:24
// CHECK: cond-notify
// CHROME: ok
