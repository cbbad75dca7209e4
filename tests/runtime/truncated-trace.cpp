// A trace cut short in its last sections (here: the end of the memory map and the End
// marker) is still read: the threads, events and sites before the cut are analysed,
// and the damage is reported on stderr. Before, the whole trace was unreadable.
// RUN: %bindir/interlock-c++ %s -o %t
// RUN: %interlock run --trace-out=%t.trace -- %t 2> /dev/null
// RUN: %python -c "import sys; d = open(sys.argv[1], 'rb').read(); open(sys.argv[1] + '.cut', 'wb').write(d[:-40])" %t.trace
// RUN: %interlock trace %t.trace.cut > %t.out 2> %t.err
// RUN: FileCheck %s < %t.out
// RUN: FileCheck %s --check-prefix=ERR < %t.err
#include <mutex>
#include <thread>

std::mutex M;

int main() {
  std::thread T([] { std::lock_guard<std::mutex> L(M); });
  T.join();
}
// CHECK: thread-create T1
// CHECK: lock-acquired
// ERR: interlock trace: warning: damaged trace (the rest was read and analysed): section of type 5 at offset {{[0-9]+}} is cut short ({{[0-9]+}} of {{[0-9]+}} bytes): it and anything after it are lost
