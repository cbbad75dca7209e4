//===- Models.h - Which calls are thread and lock operations --------------===//
//
// The pass's only knowledge of libraries: callee name -> what the runtime does with it.
// pthread calls are what libstdc++'s inlined __gthread_* wrappers leave in user code;
// the std:: entries are libstdc++'s out-of-line members (std::thread start/join/detach,
// condition_variable wait/notify).
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_INSTRUMENT_MODELS_H
#define INTERLOCK_INSTRUMENT_MODELS_H

#include "llvm/ADT/StringRef.h"

namespace interlock {

enum class ModelAction {
  Replace,      // call the runtime's wrapper instead, with the site as an extra argument
  HookBefore,   // keep the call; call the hook (site only) just before it
  ReplaceFutex, // syscall(SYS_futex, word, op, value[, timeout]): the hook takes
                // (word, op, value, timeout, site); other system calls are kept
};

struct CallModel {
  llvm::StringRef Callee;
  llvm::StringRef Hook;
  ModelAction Action;
  bool CreatesThread;
  /// If set, a call in a function ThreadSanitizer instruments is kept and bracketed
  /// instead: Before(args..., site) and After(args..., site, result). TSan's
  /// interceptor then sees the user's call site as its caller, and the runtime needs
  /// no frame on TSan's shadow stack to keep the user's line in TSan's reports.
  llvm::StringRef Before = {};
  llvm::StringRef After = {};
  /// Before only matters to a scheduler (`interlock stress`): the call is guarded
  /// inline by __interlock_sched_active, so outside stress it costs a load and a branch.
  bool BeforeOnlyScheduled = false;
};

/// Null if the callee is not a modelled operation.
const CallModel *findCallModel(llvm::StringRef Callee);

/// std::terminate() called from these (inlined) functions means "a joinable
/// std::thread was destroyed or assigned to".
bool isJoinableThreadTerminator(llvm::StringRef LinkageName, llvm::StringRef Name);

} // namespace interlock

#endif
