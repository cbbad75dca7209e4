// The fix of counter.cpp: the write under `mu`, as in main.cpp.
#include "counter.h"

int counter;

void bump() {
  std::lock_guard<std::mutex> lock(mu);
  counter++;
}
