// LESSON: A bounded queue needs one mutex and two condition variables: producers wait on
//   not_full, consumers on not_empty, and both re-check their condition after waking.
// RUN: exit0
// EXPECT-NONE
#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <mutex>
#include <queue>
#include <thread>
#include <vector>

template <class T> class BoundedQueue {
public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}
  void put(T item) {
    std::unique_lock<std::mutex> lk(mu_);
    notFull_.wait(lk, [this] { return items_.size() < capacity_; });
    items_.push(std::move(item));
    lk.unlock();
    notEmpty_.notify_one();
  }
  T get() {
    std::unique_lock<std::mutex> lk(mu_);
    notEmpty_.wait(lk, [this] { return !items_.empty(); });
    T item = std::move(items_.front());
    items_.pop();
    lk.unlock();
    notFull_.notify_one();
    return item;
  }

private:
  std::mutex mu_;
  std::condition_variable notFull_, notEmpty_;
  std::queue<T> items_;
  std::size_t capacity_;
};

int main() {
  BoundedQueue<int> q(3);
  const int perProducer = 50;
  std::vector<std::thread> producers;
  for (int p = 0; p < 2; ++p)
    producers.emplace_back([&q, p] {
      for (int i = 1; i <= perProducer; ++i)
        q.put(p * 1000 + i);
    });
  long sums[2] = {0, 0};
  std::vector<std::thread> consumers;
  for (int c = 0; c < 2; ++c)
    consumers.emplace_back([&q, &sums, c] {
      for (int i = 0; i < perProducer; ++i)
        sums[c] += q.get(); // each consumer owns its own slot
    });
  for (auto &t : producers)
    t.join();
  for (auto &t : consumers)
    t.join();
  long expected = 0;
  for (int p = 0; p < 2; ++p)
    for (int i = 1; i <= perProducer; ++i)
      expected += p * 1000 + i;
  std::printf("consumed sum %ld (expected %ld) through a queue of capacity 3\n", sums[0] + sums[1],
              expected);
  return 0;
}
