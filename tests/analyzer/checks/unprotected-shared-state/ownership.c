// Memory is thread-private until it is published (issue 11, item 2): an object fresh
// from malloc filled before it is shared, an element popped from a locked free list,
// are their owner's. A fresh object published and then written while a reader runs
// is a race.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>
#include <stdlib.h>

struct job { struct job *next; int id; int state; };
struct config { int level; int size; };

static pthread_mutex_t free_lock = PTHREAD_MUTEX_INITIALIZER;
static struct job *free_list;
static struct config *g_cfg;

// 1. A job popped from the locked free list is the taker's: its fields are written
//    without a lock by every worker, each on its own job. Silent.
static void *worker(void *arg) {
  (void)arg;
  pthread_mutex_lock(&free_lock);
  struct job *j = free_list;
  if (!j) {
    pthread_mutex_unlock(&free_lock);
    return NULL;
  }
  free_list = j->next;
  pthread_mutex_unlock(&free_lock);
  j->state = 1;
  j->next = NULL;
  return NULL;
}

// 2. Look-alike: peeking at the head without taking it leaves it shared.
static void *peek_head(void *arg) {
  (void)arg;
  struct job *h = free_list;
  // CHECK: ownership.c:27:3: warning: data race on `free_list`: write under `free_lock` conflicts with a read without a lock in another thread; `free_list` is accessed under `free_lock` in 2 of 3 places [interlock-unprotected-shared-state]
  // CHECK: ownership.c:[[@LINE-2]]:19: note: conflicting read of `free_list` in a thread running `peek_head`
  if (h)
    h->state = 2;
  // CHECK: ownership.c:[[@LINE-1]]:8: warning: data race on `state`: write without a lock conflicts with a write without a lock in another thread [interlock-unprotected-shared-state]
  return NULL;
}

static void *reader(void *arg) {
  (void)arg;
  return (void *)(long)g_cfg->level;
}

int main(void) {
  // 3. Filled while it is still main's own, before publication and before any thread
  //    starts: silent.
  struct config *c = malloc(sizeof *c);
  c->level = 1;
  c->size = 2;
  g_cfg = c;
  pthread_t t[5];
  pthread_create(&t[0], NULL, worker, NULL);
  pthread_create(&t[1], NULL, worker, NULL);
  pthread_create(&t[2], NULL, reader, NULL);
  pthread_create(&t[3], NULL, peek_head, NULL);
  pthread_create(&t[4], NULL, peek_head, NULL);
  // 4. Look-alike: written after publication while the reader runs: a race.
  c->level = 3;
  // CHECK: ownership.c:[[@LINE-1]]:6: warning: data race on `level`: write without a lock conflicts with a read without a lock in another thread [interlock-unprotected-shared-state]
  // CHECK: ownership.c:48:31: note: conflicting read of `level` in a thread running `reader`
  for (int i = 0; i < 5; i++)
    pthread_join(t[i], NULL);
  return 0;
}
