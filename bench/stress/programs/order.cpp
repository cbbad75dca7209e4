// Order violation: the worker assumes main published the configuration before it
// runs; main publishes it only after starting the worker.
#include <cassert>
#include <mutex>
#include <thread>

std::mutex M;
const int *Config;

int main() {
  static const int Value = 42;
  std::thread Worker([] {
    std::lock_guard<std::mutex> G(M);
    assert(Config && *Config == 42);
  });
  for (int I = 0; I < 3; ++I) { // some setup work before publishing
    std::lock_guard<std::mutex> G(M);
  }
  {
    std::lock_guard<std::mutex> G(M);
    Config = &Value;
  }
  Worker.join();
}
