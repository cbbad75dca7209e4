#include "counter.h"
#include <thread>

std::mutex mu;

int main() {
  std::thread t(bump);
  {
    std::lock_guard<std::mutex> lock(mu);
    counter++;
  }
  t.join();
}
