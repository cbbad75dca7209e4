// Array elements with computed indices (issue 12, item 3). `data[i]` and `data[j]` in
// two threads may be the same element: reported, at medium confidence, since the
// indices may never meet. Silent: each thread writing the slot its own start argument
// selects (`slots[id]`, `done[job->id]`, `job->result`) and main reading the slots
// after joining; a lock array element guarding the data element with the same index
// (`locks[i]` / `counts[i]`); different constant elements. Reported: main reading a
// slot while the workers run, a lock with another index than the data (`locks[i]` /
// `wrong[j]`), a constant element against a computed one.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
// RUN: %interlock check --checks=-*,interlock-unprotected-shared-state --min-confidence=high \
// RUN:   %s -- -std=c11 2>&1 | FileCheck %s --check-prefix=HIGH
// HIGH: interlock check: 4 finding(s) below --min-confidence=high not shown
#include <pthread.h>
#include <stdint.h>

#define N 4
static int data[N], slots[N], done[N], peeked[N], counts[N], wrong[N], fixed[N], apart[N];
static pthread_mutex_t locks[N] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                                   PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER};
static struct job {
  int id;
  int result;
} jobs[N];

void *scanner(void *arg) {
  (void)arg;
  for (int i = 0; i < N; i++)
    data[i]++;
  // CHECK: arrays.c:[[@LINE-1]]:5: warning: data race on `data`: write without a lock conflicts with a write without a lock in another instance of the same thread; the element indices are computed and may differ
  int sum = 0;
  for (int i = 1; i < N; i++)
    sum += fixed[i];
  return (void *)(intptr_t)sum;
}

void *slot_worker(void *arg) {
  int id = (int)(intptr_t)arg;
  slots[id] = id * 2;
  peeked[id] = 1;
  // CHECK: arrays.c:[[@LINE-1]]:3: warning: data race on `peeked`: write without a lock conflicts with a read without a lock in another thread; the element indices are computed and may differ
  return 0;
}

void *job_worker(void *arg) {
  struct job *j = arg;
  done[j->id] += 1;
  j->result = j->id * 2;
  return 0;
}

void *locked_worker(void *arg) {
  (void)arg;
  for (int i = 0; i < N; i++) {
    int j = (i + 1) % N;
    pthread_mutex_lock(&locks[i]);
    counts[i]++;
    wrong[j]++;
    // CHECK: arrays.c:[[@LINE-1]]:5: warning: data race on `wrong`: write without a lock conflicts with a write without a lock in another instance of the same thread; the element indices are computed and may differ
    pthread_mutex_unlock(&locks[i]);
  }
  return 0;
}

void *first(void *arg) {
  (void)arg;
  fixed[0] = 1;
  // CHECK: arrays.c:[[@LINE-1]]:3: warning: data race on `fixed`: write without a lock conflicts with a read without a lock in another thread; the element indices are computed and may differ
  apart[0] = 1;
  return 0;
}

void *second(void *arg) {
  (void)arg;
  apart[1] = 2;
  return 0;
}

int main(void) {
  pthread_t scan[2], slot[N], job[N], locked[2], f, s;
  for (int i = 0; i < 2; i++)
    pthread_create(&scan[i], 0, scanner, 0);
  for (int i = 0; i < N; i++)
    pthread_create(&slot[i], 0, slot_worker, (void *)(intptr_t)i);
  for (int i = 0; i < N; i++) {
    jobs[i].id = i;
    pthread_create(&job[i], 0, job_worker, &jobs[i]);
  }
  for (int i = 0; i < 2; i++)
    pthread_create(&locked[i], 0, locked_worker, 0);
  pthread_create(&f, 0, first, 0);
  pthread_create(&s, 0, second, 0);
  int seen = peeked[1];
  for (int i = 0; i < 2; i++)
    pthread_join(scan[i], 0);
  for (int i = 0; i < N; i++)
    pthread_join(slot[i], 0);
  for (int i = 0; i < N; i++)
    pthread_join(job[i], 0);
  for (int i = 0; i < 2; i++)
    pthread_join(locked[i], 0);
  pthread_join(f, 0);
  pthread_join(s, 0);
  for (int i = 0; i < N; i++)
    seen += slots[i] + done[i] + jobs[i].result + data[i];
  return seen;
}
