// fingerprints.test, baseline.test: one race, run from checkouts at different paths. The
// loops make sure ThreadSanitizer sees it in every run.
#include <thread>

int Counter;

int main() {
  std::thread T([] {
    for (int I = 0; I < 1000; ++I)
      Counter++;
  });
  for (int I = 0; I < 1000; ++I)
    Counter++;
  T.join();
}
