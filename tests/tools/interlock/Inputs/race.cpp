// A data race for the tests of the installed tool.
#include <thread>

int Counter;

int main() {
  std::thread T([] { Counter++; });
  Counter++;
  T.join();
}
