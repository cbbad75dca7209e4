// Torn two-field write: the writer updates both fields of a pair with two plain
// stores; a reader between them sees one field new and one old.
#include <cassert>
#include <thread>

struct Range {
  long Low, High; // invariant: Low <= High
};

Range R = {0, 0};

int main(int Argc, char **) {
  long Width = Argc + 9; // 10, not a constant the compiler folds into one store
  std::thread Writer([Width] {
    R.Low = 100; // a reader here sees {100, 0}
    R.High = 100 + Width;
  });
  std::thread Reader([] {
    long Low = R.Low;
    long High = R.High;
    assert(Low <= High);
  });
  Writer.join();
  Reader.join();
}
