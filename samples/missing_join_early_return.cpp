// LESSON: A function starts a std::thread and joins it at the end, but an error check in
//   between returns early. The still-joinable std::thread is destroyed on that path and its
//   destructor calls std::terminate. (Here the config is always invalid, so it always aborts;
//   std::jthread or a join guard would make every path safe.)
// RUN: aborts
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>

static void heartbeat() {
  for (int i = 0; i < 3; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
}

static bool loadConfig(const std::string &path) {
  std::printf("loading %s... missing\n", path.c_str());
  std::fflush(stdout);
  return false;
}

static int runService(const std::string &configPath) {
  std::thread monitor(heartbeat); // EXPECT: missing-join
  if (!loadConfig(configPath))
    return 1; // early return: `monitor` is still joinable here
  monitor.join();
  return 0;
}

int main() {
  int rc = runService("/nonexistent/interlock-sample.conf");
  std::printf("never printed: rc=%d\n", rc);
  return rc;
}
