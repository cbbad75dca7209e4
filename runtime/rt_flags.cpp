//===- rt_flags.cpp - Parse INTERLOCK_OPTIONS without the C++ library -----===//
#include "rt_flags.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace interlock::rt {
namespace {

Flags TheFlags;
char Storage[4096]; // copies of string values; lives for the whole run
int Parsed;         // 0 never, 1 in progress, 2 done

// TSan calls __tsan_default_options (and so us) before its interceptors work: no libc
// string functions here, they are intercepted.
size_t len(const char *S) {
  size_t N = 0;
  while (S[N])
    ++N;
  return N;
}
bool equal(const char *A, const char *B) {
  while (*A && *A == *B)
    ++A, ++B;
  return *A == *B;
}
bool startsWith(const char *S, const char *Prefix) {
  while (*Prefix)
    if (*S++ != *Prefix++)
      return false;
  return true;
}
char *find(char *S, char C) {
  for (; *S; ++S)
    if (*S == C)
      return S;
  return nullptr;
}
int toInt(const char *S) {
  int V = 0;
  while (*S >= '0' && *S <= '9')
    V = V * 10 + (*S++ - '0');
  return V;
}

/// INTERLOCK_OPTIONS from /proc/self/environ: TSan asks for its default options (and
/// so for ours) before libc has set up environ, when getenv() still returns null.
const char *optionsFromEnviron(char *Buf, size_t Size) {
  int Fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/environ", O_RDONLY | O_CLOEXEC);
  if (Fd < 0)
    return nullptr;
  size_t Len = 0;
  long N;
  while (Len + 1 < Size && (N = syscall(SYS_read, Fd, Buf + Len, Size - 1 - Len)) > 0)
    Len += size_t(N);
  syscall(SYS_close, Fd);
  Buf[Len] = '\0';
  static const char Key[] = "INTERLOCK_OPTIONS=";
  for (size_t I = 0; I < Len; I += len(Buf + I) + 1)
    if (startsWith(Buf + I, Key))
      return Buf + I + sizeof(Key) - 1;
  return nullptr;
}

char EnvironBuf[1 << 16];

void set(const char *&Slot, const char *Value) { Slot = Value; }
void set(bool &Slot, const char *Value) {
  Slot = !(Value[0] == '0' || equal(Value, "false") || equal(Value, "no"));
}
void set(int &Slot, const char *Value) { Slot = toInt(Value); }

void parse(char *Text) {
  for (char *Item = Text; Item && *Item;) {
    char *Next = find(Item, ':');
    if (Next)
      *Next++ = '\0';
    char *Eq = find(Item, '=');
    if (Eq) {
      *Eq = '\0';
      const char *Name = Item, *Value = Eq + 1;
#define INTERLOCK_FLAG(Type, FlagName, Default, Help)                                  \
  if (equal(Name, #FlagName))                                                        \
    set(TheFlags.FlagName, Value);
#include "rt_flags.inc"
#undef INTERLOCK_FLAG
    }
    Item = Next;
  }
}

} // namespace

const Flags &flags() {
  if (__atomic_load_n(&Parsed, __ATOMIC_ACQUIRE) == 2)
    return TheFlags;
  int Expected = 0;
  if (__atomic_compare_exchange_n(&Parsed, &Expected, 1, false, __ATOMIC_ACQ_REL,
                                  __ATOMIC_ACQUIRE)) {
    const char *Env = getenv("INTERLOCK_OPTIONS");
    if (!Env)
      Env = optionsFromEnviron(EnvironBuf, sizeof(EnvironBuf));
    if (Env) {
      for (size_t I = 0; I + 1 < sizeof(Storage) && Env[I]; ++I)
        Storage[I] = Env[I];
      parse(Storage);
    }
    __atomic_store_n(&Parsed, 2, __ATOMIC_RELEASE);
  } else {
    while (__atomic_load_n(&Parsed, __ATOMIC_ACQUIRE) != 2)
      ;
  }
  return TheFlags;
}

} // namespace interlock::rt
