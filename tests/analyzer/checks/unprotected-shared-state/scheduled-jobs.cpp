// Jobs queued to a background thread through a virtual Schedule(fn, arg), LevelDB's
// Env::Schedule shape (issue 12, item 2): the overrider queues {fn, arg} with emplace,
// a detached thread pops the item and calls fn(arg). The job runs in that thread with
// arg bound to the object the scheduler passed (`this` of the caller), found by
// points-to through the overrider's parameter, the queue element's field and the local
// the thread reads it into. Look-alikes: state the job locks like everyone else, and a
// second job whose argument is another object than the one main touches (two objects
// reach the queue's `arg` field; the class of the field accessed tells them apart).
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <condition_variable>
#include <mutex>
#include <queue>
#include <thread>

class Env {
public:
  virtual ~Env() = default;
  virtual void Schedule(void (*function)(void *arg), void *arg) = 0;
};

class PosixEnv : public Env {
public:
  void Start() {
    std::thread t(&PosixEnv::EntryPoint, this);
    t.detach();
  }
  void Schedule(void (*function)(void *arg), void *arg) override {
    std::lock_guard<std::mutex> g(mu_);
    queue_.emplace(function, arg);
    cv_.notify_one();
  }

private:
  struct Item {
    explicit Item(void (*function)(void *), void *arg) : function(function), arg(arg) {}
    void (*const function)(void *);
    void *const arg;
  };
  static void EntryPoint(PosixEnv *env) { env->Main(); }
  void Main() {
    while (true) {
      std::unique_lock<std::mutex> lk(mu_);
      cv_.wait(lk, [this] { return !queue_.empty(); });
      auto function = queue_.front().function;
      void *arg = queue_.front().arg;
      queue_.pop();
      lk.unlock();
      function(arg);
    }
  }
  std::mutex mu_;
  std::condition_variable cv_;
  std::queue<Item> queue_;
};

class Db {
public:
  explicit Db(Env *env) : env_(env) {}
  void Write(int v) {
    std::lock_guard<std::mutex> g(mu_);
    guarded_ += v;
    MaybeSchedule();
  }
  int Compactions() { return compactions_; }
  // CHECK: scheduled-jobs.cpp:[[@LINE+13]]:7: warning: data race on `compactions_`: write under `mu_` conflicts with a read without a lock in another thread
  // CHECK: scheduled-jobs.cpp:[[@LINE-2]]:30: note: conflicting read of `compactions_` in the main thread
  int Guarded() {
    std::lock_guard<std::mutex> g(mu_);
    return guarded_;
  }

private:
  void MaybeSchedule() { env_->Schedule(&Db::BGWork, this); }
  static void BGWork(void *db) { static_cast<Db *>(db)->BackgroundCall(); }
  void BackgroundCall() {
    std::lock_guard<std::mutex> g(mu_);
    guarded_ = 0; // silent: under mu_ like every access of guarded_
    ++compactions_;
  }
  Env *env_;
  std::mutex mu_;
  int guarded_ = 0;
  int compactions_ = 0;
};

PosixEnv env;
Db db(&env);

// Silent: the job's argument is `tally`; main touches only `other_tally`.
struct Tally {
  long n;
} tally, other_tally;
void CountJob(void *t) { static_cast<Tally *>(t)->n++; }

int main() {
  env.Start();
  env.Schedule(&CountJob, &tally);
  other_tally.n = 1;
  db.Write(1);
  return db.Compactions() + db.Guarded();
}
