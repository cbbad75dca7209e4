// Memory reached through pointers (issue 12, item 1): points-to names the objects that
// locals, fields and returned pointers lead to, so an access through them is an access
// of that object. Objects are named by allocation site; a pointer returned by a
// function without a body may be any object of its type. Without a lock somewhere as
// evidence that the object is shared (an access without a lock racing with one under
// the lock most places take), a race found only through pointers is `low`.
// Look-alikes that stay silent: a new object filled in by its own frame (directly, or
// made by an allocator function), and an element its taker unlinked from a list.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- -std=c11 \
// RUN:   | FileCheck %s --implicit-check-not=warning:
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state --min-confidence=low %s -- -std=c11 \
// RUN:   | FileCheck %s --check-prefixes=CHECK,LOW --implicit-check-not=warning:
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

#define container_of(ptr, type, member) ((type *)((char *)(ptr) - offsetof(type, member)))

struct counter { long value; long seen; };
struct node { int key; long hits; struct node *next; };
struct link { struct link *next; };
struct item { int weight; int age; struct link link; };
struct conn { int state; };

static struct counter *shared_counter;
static struct node *head;
static struct link *items;
static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;

struct conn *get_conn(int fd); // defined in another library

static struct node *find(int key) {
  for (struct node *n = head; n; n = n->next)
    if (n->key == key)
      return n;
  return NULL;
}

static struct counter *make_counter(void) { return calloc(1, sizeof(struct counter)); }

void *worker(void *arg) {
  (void)arg;
  struct counter *c = NULL;
  c = shared_counter;
  c->value++; // the object `shared_counter` points to, by that name
  // CHECK: points-to.c:[[@LINE-1]]:6: warning: data race on `value`: write without a lock conflicts with a write without a lock in another thread [

  struct node *n = find(1);
  n->hits++;
  // CHECK: points-to.c:[[@LINE-1]]:6: warning: data race on `hits`: write without a lock conflicts with a write under `list_lock` in another thread
  struct link *l = items;
  struct item *it = container_of(l, struct item, link);
  it->weight = 2;
  // CHECK: points-to.c:[[@LINE-1]]:7: warning: data race on `weight`
  it->age++; // no lock anywhere on any `age`: low
  // LOW: points-to.c:[[@LINE-1]]:7: warning: data race on `age`
  struct conn *k = get_conn(3);
  k->state = 1;
  // CHECK: points-to.c:[[@LINE-1]]:6: warning: data race on `state`{{.*}}; `state` may be in any `conn`: the pointer comes from a function the program does not define
  struct counter *mine = malloc(sizeof *mine); // silent: this frame's new object
  mine->value = 1;
  mine->seen++;
  struct counter *made = make_counter(); // silent: new, from an allocator
  made->seen = 2;
  pthread_mutex_lock(&list_lock);
  struct node *taken = head; // silent after the unlock: unlinked, the taker's own
  if (taken)
    head = taken->next;
  // CHECK: points-to.c:[[@LINE-1]]:5: warning: data race on `head`: write under `list_lock` conflicts with a read without a lock in another thread
  // CHECK: points-to.c:33:25: note: conflicting read of `head`
  pthread_mutex_unlock(&list_lock);
  if (taken)
    taken->hits = 0;
  free(mine);
  free(made);
  return NULL;
}

void *auditor(void *arg) {
  (void)arg;
  pthread_mutex_lock(&list_lock);
  for (struct node *p = head; p; p = p->next)
    p->hits++;
  struct item *first = container_of(items, struct item, link);
  first->weight++;
  struct conn *k = get_conn(4);
  k->state = 2;
  if (first->weight > 100 && k->state == 2) // most places lock: evidence of intent
    first->weight = k->state = 0;
  pthread_mutex_unlock(&list_lock);
  return NULL;
}

int main(void) {
  shared_counter = malloc(sizeof *shared_counter);
  head = calloc(1, sizeof *head);
  struct item *it = calloc(1, sizeof *it);
  items = &it->link;
  pthread_t t[3];
  pthread_create(&t[0], NULL, worker, NULL);
  pthread_create(&t[1], NULL, worker, NULL);
  pthread_create(&t[2], NULL, auditor, NULL);
  for (int i = 0; i < 3; ++i)
    pthread_join(t[i], NULL);
  return 0;
}
