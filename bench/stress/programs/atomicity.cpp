// Atomicity window: each thread reads the balance under the lock, then writes it back
// under the lock in a second critical section. Both read before either writes: an
// update is lost and the assertion fails. Only a preemption inside the window shows it.
#include <cassert>
#include <mutex>
#include <thread>

std::mutex M;
int Balance;

void deposit() {
  int V;
  {
    std::lock_guard<std::mutex> G(M);
    V = Balance;
  }
  {
    std::lock_guard<std::mutex> G(M);
    Balance = V + 1;
  }
}

int main() {
  std::thread A(deposit), B(deposit);
  A.join();
  B.join();
  assert(Balance == 2);
}
