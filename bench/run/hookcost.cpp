// The cost of Interlock's lock hooks per lock/unlock pair, without the noise of a
// contended benchmark: one thread locks and unlocks 4 mutexes in turn, first plainly,
// then bracketed by the four hooks the pass emits in ThreadSanitizer builds
// (__interlock_mutex_{lock,unlock}_{before,after}), and prints the best of 7 rounds of
// each in CPU time. Built without TSan it gives the hooks' own cost; built with
// -fsanitize=thread, TSan's cost for the same pair (its interceptors) beside them.
// bench.sh builds and runs both, linked with the Interlock runtime.
//   hookcost [PAIRS]
#include <cstdint>
#include <cstdio>
#include <cstdlib>
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

double cpuSeconds() {
  timespec T;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &T);
  return double(T.tv_sec) + double(T.tv_nsec) * 1e-9;
}
} // namespace

extern "C" {
void __interlock_register_sites(Site *Sites, uint64_t Count);
void __interlock_mutex_lock_before(pthread_mutex_t *M, const Site *S);
void __interlock_mutex_lock_after(pthread_mutex_t *M, const Site *S, int Rc);
void __interlock_mutex_unlock_before(pthread_mutex_t *M, const Site *S);
void __interlock_mutex_unlock_after(pthread_mutex_t *M, const Site *S, int Rc);
}

int main(int argc, char **argv) {
  long Pairs = argc > 1 ? std::atol(argv[1]) : 2000000;
  __interlock_register_sites(Sites, 2);
  double Plain = 1e9, Hooked = 1e9;
  unsigned X = 1;
  for (int Round = 0; Round < 7; ++Round) {
    double T0 = cpuSeconds();
    for (long I = 0; I < Pairs; ++I) {
      X = X * 1664525u + 1013904223u;
      pthread_mutex_t *M = &Mutexes[(X >> 7) & 3];
      pthread_mutex_lock(M);
      pthread_mutex_unlock(M);
    }
    double T1 = cpuSeconds();
    for (long I = 0; I < Pairs; ++I) {
      X = X * 1664525u + 1013904223u;
      pthread_mutex_t *M = &Mutexes[(X >> 7) & 3];
      __interlock_mutex_lock_before(M, &Sites[0]);
      int Rc = pthread_mutex_lock(M);
      __interlock_mutex_lock_after(M, &Sites[0], Rc);
      __interlock_mutex_unlock_before(M, &Sites[1]);
      Rc = pthread_mutex_unlock(M);
      __interlock_mutex_unlock_after(M, &Sites[1], Rc);
    }
    double T2 = cpuSeconds();
    Plain = T1 - T0 < Plain ? T1 - T0 : Plain;
    Hooked = T2 - T1 < Hooked ? T2 - T1 : Hooked;
  }
  std::printf("%.1f %.1f\n", Plain / double(Pairs) * 1e9, Hooked / double(Pairs) * 1e9);
  return 0;
}
