// The cost of Interlock's lock hooks per lock/unlock pair, without the noise of a
// contended benchmark: one thread locks and unlocks 4 mutexes in turn, first plainly,
// then bracketed by the hooks the pass emits in ThreadSanitizer builds
// (__interlock_mutex_{lock,unlock}_{before,after}, the unlock's before hook behind its
// inline flag test), and prints the best of 7 rounds of each in CPU time. Built without
// TSan it gives the hooks' own cost; built with -fsanitize=thread, TSan's cost for the
// same pair (its interceptors) beside them. bench.sh builds and runs both, linked with
// the Interlock runtime. With a second argument only that loop runs (7 rounds), for
// counting instructions: under callgrind the hooked run minus the plain one, divided by
// 7 * PAIRS, is the hooks' cost per pair, the calls and the flag test included.
//   hookcost [PAIRS [plain|hooked]]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <pthread.h>

namespace {
struct Site { // runtime/rt_internal.h
  const char *File, *Function;
  uint32_t Line, Column, Flags, Id;
};
Site Sites[2] = {{"hookcost.cpp", "main", 1, 1, 0, 0}, {"hookcost.cpp", "main", 2, 1, 0, 0}};
pthread_mutex_t Mutexes[4] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                              PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
} // namespace

extern "C" {
void __interlock_register_sites(Site *Sites, uint64_t Count);
void __interlock_mutex_lock_before(pthread_mutex_t *M, const Site *S);
void __interlock_mutex_lock_after(pthread_mutex_t *M, const Site *S, int Rc);
void __interlock_mutex_unlock_before(pthread_mutex_t *M, const Site *S);
void __interlock_mutex_unlock_after(pthread_mutex_t *M, const Site *S, int Rc);
extern uint8_t __interlock_sched_active;
}

namespace {
/// The pass's inline test of __interlock_sched_active: a load TSan does not instrument
/// (the pass marks it !nosanitize; here inline assembly, which TSan does not see).
bool schedActive() {
  uint8_t On;
#if defined(__x86_64__)
  asm volatile("movb %1, %0" : "=r"(On) : "m"(__interlock_sched_active));
#else
  On = __atomic_load_n(&__interlock_sched_active, __ATOMIC_RELAXED);
#endif
  return On != 0;
}

double cpuSeconds() {
  timespec T;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &T);
  return double(T.tv_sec) + double(T.tv_nsec) * 1e-9;
}
} // namespace

int main(int argc, char **argv) {
  long Pairs = argc > 1 ? std::atol(argv[1]) : 2000000;
  bool RunPlain = argc < 3 || std::strcmp(argv[2], "hooked") != 0;
  bool RunHooked = argc < 3 || std::strcmp(argv[2], "plain") != 0;
  __interlock_register_sites(Sites, 2);
  double Plain = 1e9, Hooked = 1e9;
  unsigned X = 1;
  for (int Round = 0; Round < 7; ++Round) {
    double T0 = cpuSeconds();
    for (long I = 0; RunPlain && I < Pairs; ++I) {
      X = X * 1664525u + 1013904223u;
      pthread_mutex_t *M = &Mutexes[(X >> 7) & 3];
      pthread_mutex_lock(M);
      pthread_mutex_unlock(M);
    }
    double T1 = cpuSeconds();
    for (long I = 0; RunHooked && I < Pairs; ++I) {
      X = X * 1664525u + 1013904223u;
      pthread_mutex_t *M = &Mutexes[(X >> 7) & 3];
      __interlock_mutex_lock_before(M, &Sites[0]);
      int Rc = pthread_mutex_lock(M);
      __interlock_mutex_lock_after(M, &Sites[0], Rc);
      if (__builtin_expect(schedActive(), 0))
        __interlock_mutex_unlock_before(M, &Sites[1]);
      Rc = pthread_mutex_unlock(M);
      __interlock_mutex_unlock_after(M, &Sites[1], Rc);
    }
    double T2 = cpuSeconds();
    Plain = T1 - T0 < Plain ? T1 - T0 : Plain;
    Hooked = T2 - T1 < Hooked ? T2 - T1 : Hooked;
  }
  if (!RunPlain || !RunHooked) // one loop only: its time means nothing next to nothing
    Plain = Hooked = 0;
  std::printf("%.1f %.1f\n", Plain / double(Pairs) * 1e9, Hooked / double(Pairs) * 1e9);
  return 0;
}
