// In functions ThreadSanitizer instruments, mutex lock and unlock calls are kept and
// bracketed by the runtime's before/after hooks, so TSan's interceptor is called from
// the user's line; everything else, and every call in an events-only build, goes
// through the runtime's wrapper.
// RUN: env INTERLOCK_PASS_VERBOSE=1 %bindir/interlock-c++ -c %s -o %t.o 2> %t.log
// RUN: FileCheck %s --check-prefix=TSAN < %t.log
// RUN: llvm-nm %t.o | FileCheck %s --check-prefix=TSAN-SYMS
// The unlock's before hook matters only to a scheduler: it sits behind an inline test
// of __interlock_sched_active that TSan does not instrument (one per unlock, in the
// fast and the slow copy of a block versioned for access points).
// RUN: %bindir/interlock-c++ -S -emit-llvm -c %s -o - | FileCheck %s --check-prefix=GUARD
// GUARD-LABEL: define {{.*}}locked
// GUARD-NOT:   @__interlock_sched_active
// GUARD:       {{call|invoke}} void @__interlock_mutex_lock_before(
// GUARD:       [[ON:%[0-9a-z.]+]] = load i8, ptr @__interlock_sched_active, align 1{{.*}}!nosanitize
// GUARD-NEXT:  [[C:%[0-9a-z.]+]] = icmp ne i8 [[ON]], 0
// GUARD-NEXT:  br i1 [[C]], label %[[THEN:[0-9a-z.]+]], label
// GUARD-EMPTY:
// GUARD-NEXT:  [[THEN]]:
// GUARD-NEXT:  {{call|invoke}} void @__interlock_mutex_unlock_before(
// GUARD-LABEL: define {{.*}}tried
// GUARD:       [[ON2:%[0-9a-z.]+]] = load i8, ptr @__interlock_sched_active, align 1{{.*}}!nosanitize
// GUARD-NEXT:  [[C2:%[0-9a-z.]+]] = icmp ne i8 [[ON2]], 0
// GUARD-NEXT:  br i1 [[C2]], label %[[THEN2:[0-9a-z.]+]], label
// GUARD-EMPTY:
// GUARD-NEXT:  [[THEN2]]:
// GUARD-NEXT:  {{call|invoke}} void @__interlock_mutex_unlock_before(
// RUN: env INTERLOCK_PASS_VERBOSE=1 %bindir/interlock-c++ --interlock-events-only -c %s -o %t.events.o 2> %t.events.log
// RUN: FileCheck %s --check-prefix=EVENTS < %t.events.log
// RUN: llvm-nm %t.events.o | FileCheck %s --check-prefix=EVENTS-SYMS
#include <mutex>
#include <pthread.h>

std::mutex M;
pthread_mutex_t P = PTHREAD_MUTEX_INITIALIZER;
int Value;

// TSAN-DAG: interlock-pass: __interlock_mutex_lock_after in {{.*}}locked
// TSAN-DAG: interlock-pass: __interlock_mutex_unlock_after in {{.*}}locked
// EVENTS-DAG: interlock-pass: __interlock_pthread_mutex_lock in {{.*}}locked
// EVENTS-DAG: interlock-pass: __interlock_pthread_mutex_unlock in {{.*}}locked
void locked() {
  std::lock_guard<std::mutex> L(M);
  ++Value;
}

// A try-lock keeps its wrapper in both builds.
// TSAN-DAG: interlock-pass: __interlock_pthread_mutex_trylock in tried
// TSAN-DAG: interlock-pass: __interlock_mutex_unlock_after in tried
// EVENTS-DAG: interlock-pass: __interlock_pthread_mutex_trylock in tried
// EVENTS-DAG: interlock-pass: __interlock_pthread_mutex_unlock in tried
extern "C" int tried() {
  int Rc = pthread_mutex_trylock(&P);
  if (Rc == 0)
    pthread_mutex_unlock(&P);
  return Rc;
}

// TSAN-SYMS-NOT: __interlock_pthread_mutex_lock
// TSAN-SYMS-NOT: __interlock_pthread_mutex_unlock
// TSAN-SYMS-DAG: U __interlock_mutex_lock_after
// TSAN-SYMS-DAG: U __interlock_mutex_lock_before
// TSAN-SYMS-DAG: U __interlock_mutex_unlock_after
// TSAN-SYMS-DAG: U __interlock_mutex_unlock_before
// TSAN-SYMS-DAG: U __interlock_sched_active
// TSAN-SYMS-DAG: U pthread_mutex_lock
// TSAN-SYMS-DAG: U pthread_mutex_unlock
// EVENTS-SYMS-NOT: __interlock_mutex_
// EVENTS-SYMS-DAG: U __interlock_pthread_mutex_lock
// EVENTS-SYMS-DAG: U __interlock_pthread_mutex_unlock
