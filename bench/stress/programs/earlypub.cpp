// Early publication: the writer raises the flag before it writes the payload. A reader
// already spinning on the flag can read the payload before it is written.
#include <atomic>
#include <cassert>
#include <thread>

int Payload;
std::atomic<bool> Ready;

int main() {
  std::thread Reader([] {
    while (!Ready.load())
      ;
    assert(Payload == 42);
  });
  std::thread Writer([] {
    Ready.store(true);
    Payload = 42; // too late: the flag is already up
  });
  Reader.join();
  Writer.join();
}
