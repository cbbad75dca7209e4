// Lost wake-up: the waiter checks the flag outside the lock, then waits; if the notify
// comes between the check and the wait, nobody wakes it.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

std::mutex M;
std::condition_variable Cv;
std::atomic<bool> Ready;

int main() {
  std::thread Waiter([] {
    if (!Ready) {
      std::unique_lock<std::mutex> L(M);
      Cv.wait(L);
    }
  });
  {
    std::lock_guard<std::mutex> G(M);
    Ready = true;
  }
  Cv.notify_one();
  Waiter.join();
}
