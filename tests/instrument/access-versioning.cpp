// Outside stress an access point costs one test of __interlock_sched_access per call,
// not one per access: the pass versions the whole function (instrument/AccessHooks.h),
// so the loop in sumShared runs as compiled, with no test inside it, and only its copy
// calls __interlock_access. The fast copy stays as ThreadSanitizer instruments it
// without Interlock (bump's read and write of Counter: one __tsan_write4). A function
// whose blocks cannot all be cloned (dispatch: a computed goto) is versioned block by
// block instead: there the test sits in the block of the access.
// RUN: %bindir/interlock-c++ -S -emit-llvm %s -o %t.ll
// RUN: FileCheck %s < %t.ll
int Shared[64];
int Counter;

// CHECK-LABEL: define {{.*}}@_Z9sumSharedi(
// CHECK: call void @__tsan_func_entry
// CHECK-NEXT: load i8, ptr @__interlock_sched_access
// CHECK-NEXT: icmp ne i8
// CHECK-NEXT: br i1
// CHECK-NOT: @__interlock_sched_access
// CHECK: call void @__tsan_read4
// CHECK-NOT: @__interlock_sched_access
// CHECK: call void @__interlock_access
// CHECK-NOT: @__interlock_sched_access
int sumShared(int N) {
  int S = 0;
  for (int I = 0; I < N; ++I)
    S += Shared[I & 63];
  return S;
}

// CHECK-LABEL: define {{.*}}@_Z4bumpv(
// CHECK: load i8, ptr @__interlock_sched_access
// CHECK-NOT: call void @__tsan_read4
// CHECK: call void @__tsan_write4
// CHECK-NOT: call void @__tsan_read4
// CHECK: ret void
// CHECK: call void @__interlock_access
void bump() { ++Counter; }

// CHECK-LABEL: define {{.*}}@_Z8dispatchPKh(
// CHECK: call void @__tsan_func_entry
// CHECK-NEXT: br label
// CHECK: load i8, ptr @__interlock_sched_access
// CHECK: call void @__interlock_access
int dispatch(const unsigned char *Ops) {
  static void *Labels[] = {&&add, &&done};
  int S = 0;
  goto *Labels[*Ops++];
add:
  S += Shared[0];
  goto *Labels[*Ops++];
done:
  return S;
}
