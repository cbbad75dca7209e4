// Lost update: two threads add 10 to the balance with a plain read and a plain write.
// If one thread runs between the other's read and write, a deposit is lost and the
// assertion fails. No lock, no other scheduling point: only an access point opens it.
#include <cassert>
#include <thread>

int Balance;

void deposit() {
  int B = Balance;
  Balance = B + 10;
}

int main() {
  std::thread A(deposit), B(deposit);
  A.join();
  B.join();
  assert(Balance == 20);
}
