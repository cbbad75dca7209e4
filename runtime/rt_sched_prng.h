//===- rt_sched_prng.h - The seeded generator behind every schedule -------===//
//
// SplitMix64: one 64-bit state, good enough statistically, and trivially reproducible.
// Every decision of a serialized run is a pure function of the seed and the decisions
// before it, which is what makes `interlock replay` exact.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_RT_SCHED_PRNG_H
#define INTERLOCK_RT_SCHED_PRNG_H

#include <stdint.h>

namespace interlock::rt::sched {

inline uint64_t mix64(uint64_t X) {
  X += 0x9e3779b97f4a7c15ull;
  X = (X ^ (X >> 30)) * 0xbf58476d1ce4e5b9ull;
  X = (X ^ (X >> 27)) * 0x94d049bb133111ebull;
  return X ^ (X >> 31);
}

class Prng {
public:
  // constexpr: a global Prng must be constant-initialized, or its constructor would run
  // after the scheduler's early constructor seeded it.
  explicit constexpr Prng(uint64_t Seed = 0) : State(Seed) {}
  void seed(uint64_t Seed) { State = Seed; }
  uint64_t next() {
    uint64_t Z = (State += 0x9e3779b97f4a7c15ull);
    Z = (Z ^ (Z >> 30)) * 0xbf58476d1ce4e5b9ull;
    Z = (Z ^ (Z >> 27)) * 0x94d049bb133111ebull;
    return Z ^ (Z >> 31);
  }
  /// Uniform in [0, N); N > 0.
  uint64_t below(uint64_t N) { return next() % N; }

private:
  uint64_t State;
};

} // namespace interlock::rt::sched

#endif
