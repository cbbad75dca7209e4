// An array of pointers into a global buffer (memcached's uriencode_map): `table[x]`, a
// computed index, is any element `[*]`, not a dereference of the array, so points-to
// must not rewrite it into the buffer. Before the fix the path became `table_str]` and
// the report hung naming it.
// RUN: not %interlock check --checks=-*,interlock-unprotected-shared-state %s -- \
// RUN:   | FileCheck %s --implicit-check-not=warning:
#include <pthread.h>
#include <string.h>

static char *table[256];
static char table_str[768];

void *reader(void *arg) {
  const char *src = arg;
  char dst[4];
  if (table[(unsigned char)src[0]] != NULL)
    memcpy(dst, table[(unsigned char)src[0]], 3);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, reader, "a");
  char *str = table_str;
  for (int x = 0; x < 256; x++) {
    table[x] = str;
    // CHECK: array-of-pointers.c:[[@LINE-1]]:5: warning: data race on `table`: write without a lock conflicts with a read without a lock in another thread; the element indices are computed and may differ
    str += 3;
  }
  pthread_join(t, 0);
  return 0;
}
