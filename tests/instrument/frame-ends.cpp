// The pass marks the scope end of a local only where a thread could outlive it: in a
// function that starts a thread (directly or through a constructor it calls), for locals
// whose address escapes. Locals kept in registers, and functions that start no thread,
// get no hook.
// RUN: env INTERLOCK_PASS_VERBOSE=1 %bindir/interlock-c++ -c %s -o %t.o 2> %t.log
// RUN: FileCheck %s --implicit-check-not=__interlock_frame_end < %t.log
#include <pthread.h>
#include <thread>

void consume(int *);
void *work(void *);

// CHECK-DAG: __interlock_frame_end of Escapes in {{.*}}startsWithStdThread
// CHECK-DAG: __interlock_frame_end of Handle in {{.*}}startsWithStdThread
__attribute__((noinline)) void startsWithStdThread(int Value) {
  int Escapes = Value;
  int StaysInRegister = Value * 2;
  std::thread Handle([&Escapes, StaysInRegister] { consume(&Escapes + StaysInRegister); });
  Handle.detach();
}

// CHECK-DAG: __interlock_frame_end of Arg in {{.*}}startsWithPthread
// CHECK-DAG: __interlock_frame_end of Id in {{.*}}startsWithPthread
__attribute__((noinline)) void startsWithPthread() {
  long Arg = 1;
  pthread_t Id;
  pthread_create(&Id, nullptr, work, &Arg);
  pthread_detach(Id);
}

// No thread here: an escaping local is the program's own business.
__attribute__((noinline)) void noThread() {
  int Escapes = 3;
  consume(&Escapes);
}
