// LESSON: A pipe carries bytes from a writer thread to a reader thread; the kernel does the
//   synchronization. When the writer closes its end, the reader's read() returns 0 (EOF)
//   and the reader stops.
// RUN: exit0
// EXPECT-NONE
#include <cstdio>
#include <string>
#include <thread>
#include <unistd.h>

int main() {
  int fds[2];
  if (pipe(fds) != 0) {
    std::perror("pipe");
    return 1;
  }
  const int readEnd = fds[0], writeEnd = fds[1];

  std::thread writer([writeEnd] {
    for (int i = 1; i <= 5; ++i) {
      std::string line = "message " + std::to_string(i) + "\n";
      const char *p = line.data();
      std::size_t left = line.size();
      while (left > 0) {
        ssize_t n = write(writeEnd, p, left);
        if (n <= 0)
          break;
        p += n;
        left -= static_cast<std::size_t>(n);
      }
    }
    close(writeEnd); // the reader sees EOF once everything is read
  });

  std::string received;
  std::thread reader([readEnd, &received] {
    char buf[64];
    ssize_t n;
    while ((n = read(readEnd, buf, sizeof buf)) > 0)
      received.append(buf, static_cast<std::size_t>(n));
    close(readEnd);
  });

  writer.join();
  reader.join(); // orders the reader's writes to `received` before main reads it
  std::printf("reader got %zu bytes:\n%s", received.size(), received.c_str());
  return 0;
}
