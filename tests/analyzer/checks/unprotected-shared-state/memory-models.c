// Library calls that write or read through their pointer arguments (issue 12, item 3):
// memset, memcpy, strcpy, read() into a buffer, free() as a write of the object; a
// whole-object access (memset of a struct, a struct assignment) overlaps each field.
// Look-alikes: the same calls under the lock every other access takes, and on a
// thread's own local buffer, stay silent.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct stats { long hits, misses; };
static struct stats stats, saved;
static char name[32];
static char inbox[64];
static struct stats *current;
static struct stats locked_stats;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

void *reset(void *arg) {
  (void)arg;
  memset(&stats, 0, sizeof stats);
  strcpy(name, "reset");
  // CHECK: memory-models.c:[[@LINE-1]]:10: warning: data race on `name`
  read(0, inbox, sizeof inbox);
  // CHECK: memory-models.c:[[@LINE-1]]:11: warning: data race on `inbox`
  free(current);
  // CHECK: memory-models.c:[[@LINE-1]]:8: warning: data race on `current`
  saved = stats; // a whole-struct copy: writes every field of `saved`, reads `stats`
  // CHECK: memory-models.c:[[@LINE-1]]:3: warning: data race on `saved`
  pthread_mutex_lock(&lock);
  memset(&locked_stats, 0, sizeof locked_stats); // silent: under the lock
  pthread_mutex_unlock(&lock);
  char mine[16];
  memset(mine, 0, sizeof mine); // silent: this thread's own buffer
  strcpy(mine, "x");
  return 0;
}

void *counter(void *arg) {
  (void)arg;
  stats.hits++;
  // CHECK: memory-models.c:[[@LINE-1]]:9: warning: data race on `hits`
  // CHECK: memory-models.c:23:10: note: conflicting write of `hits`
  name[0] = 'c';
  inbox[1] = 0;
  current->misses++;
  saved.misses++;
  pthread_mutex_lock(&lock);
  locked_stats.hits++;
  pthread_mutex_unlock(&lock);
  return 0;
}

int main(void) {
  current = malloc(sizeof *current);
  pthread_t a, b;
  pthread_create(&a, 0, reset, 0);
  pthread_create(&b, 0, counter, 0);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return 0;
}
