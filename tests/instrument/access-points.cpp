// Access points (instrument/AccessHooks.h): loads and stores that may touch shared
// memory, atomics and fences get a guarded __interlock_access; main's returns and calls
// to exit get __interlock_exit_point. Locals whose address never escapes, constants and
// thread_locals get nothing; INTERLOCK_ACCESS_HOOKS=0 leaves every access point out.
// RUN: env INTERLOCK_PASS_VERBOSE=1 %bindir/interlock-c++ -c %s -o %t.o 2> %t.log
// RUN: FileCheck %s < %t.log
// RUN: not grep -E "access in .*(localOnly|constantTable|perThread)" %t.log
// RUN: llvm-nm %t.o | FileCheck %s --check-prefix=SYMS
// RUN: env INTERLOCK_PASS_VERBOSE=1 INTERLOCK_ACCESS_HOOKS=0 %bindir/interlock-c++ -c %s -o %t.no.o 2> %t.no.log
// RUN: not grep -E "__interlock_access|__interlock_exit_point" %t.no.log
// RUN: llvm-nm %t.no.o | FileCheck %s --check-prefix=NOSYMS
// SYMS: U __interlock_access
// SYMS: U __interlock_exit_point
// SYMS: U __interlock_sched_access
// NOSYMS-NOT: __interlock_access
// NOSYMS-NOT: __interlock_exit_point
#include <atomic>
#include <cstdlib>

int Shared;
const int Table[4] = {1, 2, 3, 4};
thread_local int PerThread;
std::atomic<int> Count;
void escape(int *P);

// CHECK-DAG: __interlock_access in {{.*}}readShared{{.*}}access-points.cpp:[[@LINE+1]])
int readShared() { return Shared; }

// CHECK-DAG: __interlock_access in {{.*}}writeShared{{.*}}access-points.cpp:[[@LINE+1]])
void writeShared(int V) { Shared = V; }

int localOnly(int N) {
  int A[16]; // stays in memory (indexed at run time), but no other thread can see it
  for (int I = 0; I < 16; ++I)
    A[I] = I * N;
  return A[N & 15];
}

int constantTable(int I) { return Table[I & 3]; }

int perThread() { return ++PerThread; }

// CHECK-DAG: __interlock_access in {{.*}}escaping{{.*}}access-points.cpp:[[@LINE+4]])
int escaping() {
  int X = 1;
  escape(&X); // another thread may now hold &X
  return X;
}

// CHECK-DAG: __interlock_access in {{.*}}atomics{{.*}}access-points.cpp:[[@LINE+3]])
// CHECK-DAG: __interlock_access in {{.*}}atomics{{.*}}access-points.cpp:[[@LINE+3]])
int atomics() {
  Count.fetch_add(1);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  return Count.load(std::memory_order_relaxed);
}

// CHECK-DAG: __interlock_exit_point in {{.*}}quit{{.*}}access-points.cpp:[[@LINE+1]])
void quit(int Code) { exit(Code); }

// CHECK-DAG: __interlock_exit_point in main
int main() { return readShared(); }
