//===- rt_thread.cpp - Threads: registry, creation, start, end, join, detach ===//
//
// std::thread and pthread_create both start the child through a trampoline of ours, so
// the child's first and last events are recorded in the child itself. The real
// pthread_create is still called (TSan's interceptor sees it and orders the threads).
//
//===----------------------------------------------------------------------===//
#include "rt_internal.h"
#include "rt_sched.h"

#include <limits.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

using namespace interlock;
using namespace interlock::rt;
using trace::EventKind;

// libstdc++ entry points, referenced weakly so C programs link without libstdc++.
extern "C" {
void _ZNSt6thread15_M_start_threadESt10unique_ptrINS_6_StateESt14default_deleteIS1_EEPFvvE(
    void *This, void *StatePtr, void (*Depend)()) __attribute__((weak));
void _ZNSt6thread4joinEv(void *This) __attribute__((weak));
void _ZNSt6thread6detachEv(void *This) __attribute__((weak));
}

namespace {

constexpr uint32_t MaxThreads = 1 << 16;
ThreadState *Threads[MaxThreads];
uint32_t NumThreads;
pthread_key_t EndKey;
int KeyState; // 0 none, 1 creating, 2 ready

void recordEnd(ThreadState *T) {
  if (T && !T->Ended) {
    recordEvent(T, EventKind::ThreadEnd, 0, 0, 0);
    __atomic_store_n(&T->Ended, 1, __ATOMIC_RELEASE);
    if (T->ParentTid != ~0u)
      schedEndThread();
  }
}

/// A thread is not finished when its start routine returns: its thread_local
/// destructors run next, then the destructors of its thread-specific data, in rounds
/// (glibc: at most PTHREAD_DESTRUCTOR_ITERATIONS), and any of them may lock, wait or
/// join. This key's destructor sets its value again for two more rounds, so the
/// thread's end is recorded (and the scheduler lets it go) after the destructors of
/// the first rounds (a destructor that sets its value again once included) but before
/// the last one, where ThreadSanitizer tears its thread down: that teardown may wait on
/// TSan's own locks, which must not happen while the thread holds the turn.
void onThreadExitKey(void *P) {
  auto *T = (ThreadState *)P;
  if (T && ++T->EndRounds < PTHREAD_DESTRUCTOR_ITERATIONS - 1 &&
      pthread_setspecific(EndKey, T) == 0)
    return;
  recordEnd(T);
}

void ensureKey() {
  int Expected = 0;
  if (__atomic_compare_exchange_n(&KeyState, &Expected, 1, false, __ATOMIC_ACQ_REL,
                                  __ATOMIC_ACQUIRE)) {
    pthread_key_create(&EndKey, onThreadExitKey);
    __atomic_store_n(&KeyState, 2, __ATOMIC_RELEASE);
  }
  while (__atomic_load_n(&KeyState, __ATOMIC_ACQUIRE) != 2)
    ;
}

/// Makes T the calling thread's state and records its start.
void attach(ThreadState *T) {
  CurrentState = T;
  T->OsTid = sysGettid();
  T->PthreadHandle = (uint64_t)pthread_self();
  ensureKey();
  pthread_setspecific(EndKey, T);
  recordEvent(T, EventKind::ThreadStart, T->ParentTid, 0, T->CreateSite);
  if (T->ParentTid != ~0u)
    schedStartThread(); // a thread we created: the scheduler knows it
}

struct StartRecord {
  ThreadState *Child;
  void *(*Routine)(void *); // pthread_create
  void *Arg;
  void *StdState; // std::thread::_State*
};

void *posixTrampoline(void *P) {
  auto *R = (StartRecord *)P;
  attach(R->Child);
  return R->Routine(R->Arg); // the end is recorded by onThreadExitKey
}

/// libstdc++'s execute_native_thread_routine, plus our start/end events. _State has a
/// vtable of { complete dtor, deleting dtor, _M_run }.
void *stdTrampoline(void *P) {
  auto *R = (StartRecord *)P;
  attach(R->Child);
  void *State = R->StdState;
  void **Vtable = *(void ***)State;
  ((void (*)(void *))Vtable[2])(State); // _M_run()
  ((void (*)(void *))Vtable[1])(State); // delete state
  return nullptr; // the end is recorded by onThreadExitKey
}

StartRecord *newStartRecord(ThreadState *Child) {
  // Start records are tiny and live as long as the program: carve them from pages.
  static char *Page;
  static size_t Used;
  static int Busy;
  while (__atomic_exchange_n(&Busy, 1, __ATOMIC_ACQUIRE))
    ;
  if (!Page || Used + sizeof(StartRecord) > 65536) {
    Page = (char *)rawAlloc(65536);
    Used = 0;
  }
  auto *R = Page ? (StartRecord *)(Page + Used) : nullptr;
  Used += sizeof(StartRecord);
  __atomic_store_n(&Busy, 0, __ATOMIC_RELEASE);
  if (R)
    R->Child = Child;
  return R;
}

uint32_t tidOfHandle(uint64_t Handle) {
  ThreadState *T = findThreadByHandle(Handle);
  return T ? T->Tid : ~0u;
}

/// The common shape of the sleep wrappers: a serializing scheduler has no clock, so
/// there a sleep is only a scheduling point (Sleep returns 0 then).
template <typename SleepFn> auto sleepCall(const Site *S, SleepFn Sleep) {
  if (ThreadState *T = currentThread())
    recordEvent(T, EventKind::Sleep, 0, 0, siteId(S));
  schedBefore(SchedOp::Sleep, nullptr);
  decltype(Sleep()) Rc = schedModelsWaits() ? 0 : Sleep();
  schedAfter(SchedOp::Sleep, nullptr, (int)Rc);
  return Rc;
}

} // namespace

namespace interlock::rt {

ThreadState *newThreadState(uint32_t ParentTid, uint32_t Flags, uint32_t CreateSite) {
  auto *T = (ThreadState *)rawAlloc(sizeof(ThreadState));
  if (!T)
    return nullptr;
  uint32_t Slot = __atomic_fetch_add(&NumThreads, 1, __ATOMIC_ACQ_REL);
  T->Tid = Slot;
  T->ParentTid = ParentTid;
  T->CreateSite = CreateSite;
  T->Flags = Flags;
  if (Slot < MaxThreads)
    __atomic_store_n(&Threads[Slot], T, __ATOMIC_RELEASE);
  return T;
}

__thread ThreadState *CurrentState INTERLOCK_TLS_EXEC;

ThreadState *attachUnknownThread() {
  initRuntime();
  // First hook in a thread we did not start: the main thread, or one created by
  // uninstrumented code.
  bool IsMain = sysGettid() == (uint64_t)getpid();
  ThreadState *T =
      newThreadState(~0u, IsMain ? trace::ThreadMain : trace::ThreadExternal, 0);
  if (!T)
    return nullptr;
  attach(T);
  return T;
}

ThreadState *findThreadByHandle(uint64_t Handle) {
  // Newest first: a handle can be reused once its thread was joined.
  for (uint32_t I = numThreads(); I-- > 0;)
    if (ThreadState *T = threadAt(I))
      if (T->PthreadHandle == Handle)
        return T;
  return nullptr;
}

uint32_t numThreads() {
  uint32_t N = __atomic_load_n(&NumThreads, __ATOMIC_ACQUIRE);
  return N < MaxThreads ? N : MaxThreads;
}

ThreadState *threadAt(uint32_t Index) {
  return __atomic_load_n(&Threads[Index], __ATOMIC_ACQUIRE);
}

} // namespace interlock::rt

extern "C" {
#define INTERLOCK_API __attribute__((visibility("default")))

INTERLOCK_API int __interlock_pthread_create(pthread_t *Thread, const pthread_attr_t *Attr,
                                             void *(*Routine)(void *), void *Arg,
                                             const Site *S) {
  INTERLOCK_TSAN_FRAME();
  ThreadState *Parent = currentThread();
  uint32_t SiteId = siteId(S);
  uint32_t Flags = trace::ThreadPosix;
  if (S && (S->Flags & trace::SiteLibraryThread))
    Flags |= trace::ThreadLibrary;
  ThreadState *Child = newThreadState(Parent ? Parent->Tid : ~0u, Flags, SiteId);
  StartRecord *R = Child ? newStartRecord(Child) : nullptr;
  if (!R)
    return pthread_create(Thread, Attr, Routine, Arg);
  R->Routine = Routine;
  R->Arg = Arg;
  schedBefore(SchedOp::ThreadCreate, Child);
  if (Parent)
    recordEvent(Parent, EventKind::ThreadCreate, Child->Tid, 0, SiteId);
  int Rc = pthread_create(Thread, Attr, posixTrampoline, R);
  if (Rc == 0)
    Child->PthreadHandle = (uint64_t)*Thread; // before join can look for it
  // Created detached (PTHREAD_CREATE_DETACHED in its attributes): nobody may join it,
  // so it is detached from its creation on, as if pthread_detach followed.
  int DetachState = PTHREAD_CREATE_JOINABLE;
  if (Rc == 0 && Parent && Attr && pthread_attr_getdetachstate(Attr, &DetachState) == 0 &&
      DetachState == PTHREAD_CREATE_DETACHED)
    recordEvent(Parent, EventKind::Detach, Child->Tid, 0, SiteId);
  schedAfter(SchedOp::ThreadCreate, Child, Rc);
  return Rc;
}

INTERLOCK_API void __interlock_std_thread_start(void *This, void *StatePtr,
                                                void (*Depend)(), const Site *S) {
  INTERLOCK_TSAN_FRAME();
  ThreadState *Parent = currentThread();
  uint32_t SiteId = siteId(S);
  uint32_t Flags = trace::ThreadStd;
  if (S && (S->Flags & trace::SiteLibraryThread))
    Flags |= trace::ThreadLibrary;
  ThreadState *Child = newThreadState(Parent ? Parent->Tid : ~0u, Flags, SiteId);
  StartRecord *R = Child ? newStartRecord(Child) : nullptr;
  void *State = *(void **)StatePtr;
  if (R && State) {
    R->StdState = State;
    schedBefore(SchedOp::ThreadCreate, Child);
    if (Parent)
      recordEvent(Parent, EventKind::ThreadCreate, Child->Tid, 0, SiteId);
    pthread_t *Id = (pthread_t *)This; // std::thread is { id { pthread_t } }
    int Rc = pthread_create(Id, nullptr, stdTrampoline, R);
    schedAfter(SchedOp::ThreadCreate, Child, Rc);
    if (Rc == 0) {
      Child->PthreadHandle = (uint64_t)*Id;
      *(void **)StatePtr = nullptr; // the child owns the state now
      return;
    }
  }
  // Could not start it ourselves: let libstdc++ try (and throw system_error).
  _ZNSt6thread15_M_start_threadESt10unique_ptrINS_6_StateESt14default_deleteIS1_EEPFvvE(
      This, StatePtr, Depend);
}

INTERLOCK_API int __interlock_pthread_join(pthread_t Thread, void **Ret, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  ThreadState *T = currentThread();
  uint32_t Child = tidOfHandle((uint64_t)Thread);
  // Recorded before the scheduler may park this thread, so a deadlock report shows
  // where it waits to join.
  if (T)
    recordEvent(T, EventKind::JoinBefore, Child, 0, siteId(S));
  schedBefore(SchedOp::ThreadJoin, (void *)Thread);
  int Rc = pthread_join(Thread, Ret);
  if (T && Rc == 0)
    recordEvent(T, EventKind::JoinAfter, Child, 0, siteId(S));
  schedAfter(SchedOp::ThreadJoin, (void *)Thread, Rc);
  return Rc;
}

INTERLOCK_API int __interlock_pthread_detach(pthread_t Thread, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  ThreadState *T = currentThread();
  uint32_t Child = tidOfHandle((uint64_t)Thread);
  schedBefore(SchedOp::ThreadDetach, (void *)Thread);
  int Rc = pthread_detach(Thread);
  if (T && Rc == 0)
    recordEvent(T, EventKind::Detach, Child, 0, siteId(S));
  schedAfter(SchedOp::ThreadDetach, (void *)Thread, Rc);
  return Rc;
}

INTERLOCK_API void __interlock_std_thread_join(void *This, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  ThreadState *T = currentThread();
  uint64_t Handle = *(uint64_t *)This;
  uint32_t Child = tidOfHandle(Handle);
  if (T) // before the scheduler may park this thread, as in pthread_join
    recordEvent(T, EventKind::JoinBefore, Child, 0, siteId(S));
  schedBefore(SchedOp::ThreadJoin, This);
  _ZNSt6thread4joinEv(This); // throws system_error if not joinable
  if (T)
    recordEvent(T, EventKind::JoinAfter, Child, 0, siteId(S));
  schedAfter(SchedOp::ThreadJoin, This, 0);
}

INTERLOCK_API void __interlock_std_thread_detach(void *This, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  ThreadState *T = currentThread();
  uint32_t Child = tidOfHandle(*(uint64_t *)This);
  schedBefore(SchedOp::ThreadDetach, This);
  _ZNSt6thread6detachEv(This);
  if (T)
    recordEvent(T, EventKind::Detach, Child, 0, siteId(S));
  schedAfter(SchedOp::ThreadDetach, This, 0);
}

/// Inserted before the std::terminate() that ~thread or thread::operator= call when the
/// thread is still joinable.
INTERLOCK_API void __interlock_terminate_joinable(const Site *S) {
  INTERLOCK_TSAN_FRAME();
  if (ThreadState *T = currentThread())
    recordEvent(T, EventKind::TerminateJoinable, 0, 0, siteId(S));
}

INTERLOCK_API int __interlock_sched_yield(const Site *S) {
  INTERLOCK_TSAN_FRAME();
  if (ThreadState *T = currentThread())
    recordEvent(T, EventKind::Yield, 0, 0, siteId(S));
  schedBefore(SchedOp::Yield, nullptr);
  int Rc = sched_yield();
  schedAfter(SchedOp::Yield, nullptr, Rc);
  return Rc;
}

INTERLOCK_API int __interlock_nanosleep(const struct timespec *Req, struct timespec *Rem,
                                        const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return sleepCall(S, [&] { return nanosleep(Req, Rem); });
}

INTERLOCK_API int __interlock_usleep(useconds_t Us, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return sleepCall(S, [&] { return usleep(Us); });
}

INTERLOCK_API unsigned __interlock_sleep(unsigned Seconds, const Site *S) {
  INTERLOCK_TSAN_FRAME();
  return sleepCall(S, [&] { return sleep(Seconds); });
}
}
