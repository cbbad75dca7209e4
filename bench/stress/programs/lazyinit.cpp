// Check-then-act lazy initialisation: both threads may see no instance and create one
// each; they then work on different objects and the assertion fails.
#include <cassert>
#include <thread>

struct Registry {
  int Entries = 0;
};

Registry *Instance;

Registry *get() {
  if (!Instance)
    Instance = new Registry;
  return Instance;
}

Registry *Seen[2];

int main() {
  std::thread A([] { Seen[0] = get(); }), B([] { Seen[1] = get(); });
  A.join();
  B.join();
  assert(Seen[0] == Seen[1]);
}
