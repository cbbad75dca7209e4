// Reader/writer locks: readers under a shared lock do not conflict with each other; a
// write under a shared lock does.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c++20 | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>
#include <mutex>
#include <shared_mutex>
#include <thread>

std::shared_mutex rw;
pthread_rwlock_t prw = PTHREAD_RWLOCK_INITIALIZER;

// 1. Writer exclusive, readers shared: silent.
int table;
void writer() { std::unique_lock<std::shared_mutex> lk(rw); table = 1; }
void reader(int *out) { std::shared_lock<std::shared_mutex> lk(rw); *out = table; }

// 2. A write under a shared lock races with a reader under the shared lock.
int cache;
void sneakyWriter() { std::shared_lock<std::shared_mutex> lk(rw); cache++; }
void cacheReader(int *out) { std::shared_lock<std::shared_mutex> lk(rw); *out = cache; }

// 3. pthread rwlock: wrlock vs rdlock is silent, a write under rdlock is not.
int pt, ptBad;
void *ptWriter(void *) {
  pthread_rwlock_wrlock(&prw);
  pt = 1;
  pthread_rwlock_unlock(&prw);
  return nullptr;
}
void *ptReader(void *) {
  pthread_rwlock_rdlock(&prw);
  int x = pt;
  ptBad = x;
  pthread_rwlock_unlock(&prw);
  return nullptr;
}

// 4. lock_shared()/unlock_shared() by hand, two readers: silent.
int readOnly = 3;
void handReader(int *out) {
  rw.lock_shared();
  *out = readOnly;
  rw.unlock_shared();
}

int main() {
  int a = 0, b = 0, c = 0, d = 0;
  std::thread w(writer), r1(reader, &a), r2(reader, &b);
  w.join(); r1.join(); r2.join();
  std::thread s(sneakyWriter), cr(cacheReader, &c);
  s.join(); cr.join();
  pthread_t t1, t2, t3;
  pthread_create(&t1, nullptr, ptWriter, nullptr);
  pthread_create(&t2, nullptr, ptReader, nullptr);
  pthread_create(&t3, nullptr, ptReader, nullptr);
  pthread_join(t1, nullptr);
  pthread_join(t2, nullptr);
  pthread_join(t3, nullptr);
  std::thread h1(handReader, &c), h2(handReader, &d);
  h1.join(); h2.join();
}

// CHECK: shared-locks.cpp:19:67: warning: data race on `cache`: write under `rw` (shared) conflicts with a read under `rw` (shared) in another thread; `cache` is accessed under `rw` in 2 of 2 places [interlock-unprotected-shared-state]
// CHECK: shared-locks.cpp:20:81: note: conflicting read of `cache` under `rw` (shared) in a thread running `cacheReader`
// CHECK: shared-locks.cpp:33:3: warning: data race on `ptBad`: write under `prw` (shared) conflicts with a write under `prw` (shared) in another thread; `ptBad` is accessed under `prw` in 1 of 1 places [interlock-unprotected-shared-state]
// CHECK: shared-locks.cpp:33:3: note: conflicting write of `ptBad` under `prw` (shared) in a thread running `ptReader`
