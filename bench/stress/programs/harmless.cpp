// A harmless race: both threads set the same flag to the same value; whatever the
// order, main sees it set. ThreadSanitizer reports the race; no order fails.
#include <cassert>
#include <thread>

int Done;

int main() {
  std::thread A([] { Done = 1; }), B([] { Done = 1; });
  A.join();
  B.join();
  assert(Done == 1);
}
