// AB/BA deadlock: two threads take two locks in opposite orders.
#include <mutex>
#include <thread>

std::mutex A, B;
int Shared;

int main() {
  std::thread T1([] {
    std::lock_guard<std::mutex> G1(A);
    std::lock_guard<std::mutex> G2(B);
    ++Shared;
  });
  std::thread T2([] {
    std::lock_guard<std::mutex> G1(B);
    std::lock_guard<std::mutex> G2(A);
    ++Shared;
  });
  T1.join();
  T2.join();
}
