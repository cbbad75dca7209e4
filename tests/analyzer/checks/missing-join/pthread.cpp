// pthread_create without pthread_join or pthread_detach.
// RUN: not %interlock check --checks=interlock-missing-join %s -- -std=c++20 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>

void *worker(void *);
void *selfDetaching(void *) {
  pthread_detach(pthread_self());
  return nullptr;
}

// 1. Created in a helper; the handle dies with it.
void fireAndForget() {
  pthread_t tid;
  pthread_create(&tid, nullptr, worker, nullptr);
  // CHECK: pthread.cpp:[[@LINE-1]]:3: warning: thread `tid` created by pthread_create is neither joined nor detached [interlock-missing-join]
}

// 2. Joined only when a flag says so.
int joinedSometimes(bool wait) {
  pthread_t tid;
  if (pthread_create(&tid, nullptr, worker, nullptr) != 0)
    return 1;
  return 0;
}
// CHECK: pthread.cpp:[[@LINE-4]]:7: warning: thread `tid` created by pthread_create is neither joined nor detached [interlock-missing-join]

// 3. A global handle nobody joins.
pthread_t g_tid;
void startGlobal() {
  pthread_create(&g_tid, nullptr, worker, nullptr);
  // CHECK: pthread.cpp:[[@LINE-1]]:3: warning: thread `g_tid` created by pthread_create is neither joined nor detached [interlock-missing-join]
}

// --- Silent look-alikes ---------------------------------------------------------------

// 4. Joined.
void joined() {
  pthread_t tid;
  pthread_create(&tid, nullptr, worker, nullptr);
  pthread_join(tid, nullptr);
}

// 5. Detached by the creator.
void detachedByCreator() {
  pthread_t tid;
  pthread_create(&tid, nullptr, worker, nullptr);
  pthread_detach(tid);
}

// 6. The thread detaches itself.
void detachesItself() {
  pthread_t tid;
  pthread_create(&tid, nullptr, selfDetaching, nullptr);
}

// 7. An array of handles joined in a second loop.
void arrayJoined() {
  pthread_t tids[4];
  for (int i = 0; i < 4; ++i)
    pthread_create(&tids[i], nullptr, worker, nullptr);
  for (int i = 0; i < 4; ++i)
    pthread_join(tids[i], nullptr);
}

// 8. Created with attributes (may be PTHREAD_CREATE_DETACHED).
void withAttributes() {
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_t tid;
  pthread_create(&tid, &attr, worker, nullptr);
  pthread_attr_destroy(&attr);
}

// 9. A global handle joined by another function.
pthread_t g_joined;
void startJoinedLater() { pthread_create(&g_joined, nullptr, worker, nullptr); }
void joinLater() { pthread_join(g_joined, nullptr); }

int main() {
  fireAndForget();
  joinedSometimes(true);
  startGlobal();
  joined();
  detachedByCreator();
  detachesItself();
  arrayJoined();
  withAttributes();
  startJoinedLater();
  joinLater();
}
