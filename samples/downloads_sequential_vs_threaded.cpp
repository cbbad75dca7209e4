// LESSON: I/O-bound work (here: simulated downloads that sleep) finishes much faster when
//   each download runs in its own thread; every thread is joined before the results are used.
// RUN: exit0
// EXPECT-NONE
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;

// Pretend to download a page: the "network" takes 20 ms; the result goes into
// a slot owned by this download only, so no two threads write the same object.
void download(const std::string &url, std::size_t &bytes) {
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  bytes = url.size() * 100;
}

double millisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

} // namespace

int main() {
  const std::vector<std::string> urls = {
      "https://example.org/a", "https://example.org/bb", "https://example.org/ccc",
      "https://example.org/dddd", "https://example.org/eeeee"};

  std::vector<std::size_t> sequential(urls.size());
  auto start = Clock::now();
  for (std::size_t i = 0; i < urls.size(); ++i)
    download(urls[i], sequential[i]);
  double seqMs = millisSince(start);

  std::vector<std::size_t> threaded(urls.size());
  start = Clock::now();
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < urls.size(); ++i)
    threads.emplace_back(download, std::cref(urls[i]), std::ref(threaded[i]));
  for (auto &t : threads)
    t.join();
  double thrMs = millisSince(start);

  std::size_t total = 0;
  for (std::size_t i = 0; i < urls.size(); ++i)
    total += threaded[i];
  std::printf("downloaded %zu pages (%zu bytes) both ways; results equal: %s\n", urls.size(),
              total, sequential == threaded ? "yes" : "no");
  std::printf("sequential: ~%d ms, threaded: ~%d ms (5 x 20 ms of waiting)\n",
              static_cast<int>(seqMs / 10) * 10, static_cast<int>(thrMs / 10) * 10);
  return 0;
}
