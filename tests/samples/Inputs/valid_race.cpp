// LESSON: Two threads bump one counter.
//   The lesson continues on a second line.
// RUN: exit0
#include <thread>
int counter = 0;
int main() {
  std::thread t([] { counter += 1; }); // EXPECT: data-race, missing-join
  counter += 2; // EXPECT: data-race
  t.detach();
}
