// A data race seen by ThreadSanitizer becomes an interlock-tsan-data-race finding at the
// user's lines, with the other access and the thread's creation site as notes.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: not %interlock run -- %t > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=SUMMARY < %t.err
#include <thread>

int Counter;

int main() {
  // CHECK: race.cpp:[[@LINE+4]]:{{[0-9]+}}: warning: data race: write of size 4 by thread T1 at 0x{{[0-9a-f]+}}, and write of size 4 by main thread (global memory) [ThreadSanitizer] [interlock-tsan-data-race]
  // CHECK: race.cpp:[[@LINE+4]]:{{[0-9]+}}: note: conflicting write of size 4 by main thread
  // CHECK: race.cpp:[[@LINE+2]]:{{[0-9]+}}: note: thread T1 created here
  // CHECK: #0 main {{.*}}race.cpp:[[@LINE+2]]
  std::thread T([] { Counter++; });
  Counter++;
  T.join();
}
// SUMMARY: 1 finding(s); ThreadSanitizer: 1 report(s), 1 race(s)
