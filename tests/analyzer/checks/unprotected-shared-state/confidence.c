// Every finding carries a confidence (issue 11, item 4): high when the state is locked
// elsewhere or both sides write, medium when nothing ever locks it and one side only
// reads, low when an access is volatile (a deliberate, unportable idiom: the message
// says so). --min-confidence (default medium) hides what is below it.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --check-prefix=DEFAULT --implicit-check-not=warning:
// RUN: not %interlock check --min-confidence=low --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --check-prefixes=DEFAULT,LOW --implicit-check-not=warning:
// RUN: not %interlock check --min-confidence=high --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --check-prefix=HIGH --implicit-check-not=warning:
// RUN: not %interlock check --min-confidence=low --format=json --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --check-prefix=JSON
// RUN: not %interlock check --min-confidence=low --format=sarif --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --check-prefix=SARIF
// RUN: not %interlock check --min-confidence=sure %s -- -std=c11 2>&1 | FileCheck %s --check-prefix=BAD
#include <pthread.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static volatile int stop;   // the idiom: a volatile flag polled by the workers
static int progress;        // never locked; written by one side, read by the other
static int counter;         // locked in one place, not in another

static void *worker(void *arg) {
  (void)arg;
  while (!stop) {
    pthread_mutex_lock(&mu);
    counter++;
    pthread_mutex_unlock(&mu);
  }
  return (void *)(long)progress;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, worker, NULL);
  progress = 1;
  // DEFAULT: confidence.c:[[@LINE-1]]:3: warning: data race on `progress`: write without a lock conflicts with a read without a lock in another thread [interlock-unprotected-shared-state]
  counter = 5;
  // DEFAULT: confidence.c:[[@LINE-1]]:3: warning: data race on `counter`: write without a lock conflicts with a write under `mu` in another thread; `counter` is accessed under `mu` in 1 of 2 places [interlock-unprotected-shared-state]
  // HIGH: confidence.c:[[@LINE-2]]:3: warning: data race on `counter`
  stop = 1;
  // LOW: confidence.c:[[@LINE-1]]:3: warning: data race on `stop`: write without a lock conflicts with a read without a lock in another thread; `stop` is volatile, which orders nothing between threads (use an atomic) [interlock-unprotected-shared-state]
  pthread_join(t, NULL);
  return 0;
}
// JSON-DAG: "confidence": "medium"
// JSON-DAG: "confidence": "high"
// JSON-DAG: "confidence": "low"
// SARIF-DAG: "rank": 90
// SARIF-DAG: "rank": 60
// SARIF-DAG: "rank": 30
// BAD: unknown --min-confidence 'sure' (expected high, medium or low)
