//===- Recorder.h - Turning statements into summary items -----------------===//
//
// The statement-level half of the procedure analysis: given the lock state before a CFG
// element, classify it through models/ (lock op, guard, spawn, join, wait, container
// call, plain load/store, call) and update the state; when recording, append the
// corresponding item to the summary.
//
//===----------------------------------------------------------------------===//
#ifndef INTERLOCK_PROCEDURE_RECORDER_H
#define INTERLOCK_PROCEDURE_RECORDER_H

#include "procedure/ArrayIndex.h"
#include "procedure/LockState.h"
#include "procedure/LoopNest.h"
#include "procedure/Paths.h"
#include "procedure/Sites.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/ParentMap.h"
#include "clang/Analysis/CFG.h"

#include "llvm/ADT/DenseMap.h"

#include <functional>
#include <map>

namespace interlock::procedure {

/// A try-lock whose success is decided by the branch that tests it.
struct PendingTry {
  const clang::Expr *Call = nullptr;  // the try_lock() call, or
  std::string GuardKey;               // the guard whose owns_lock()/bool is tested
  std::vector<summary::Path> Locks;
  bool Shared = false;
  bool SuccessIsZero = false;
  /// Held on the failing branch instead (a call effect's zero-result token).
  std::vector<summary::Path> OnFailure;
  /// The local the result was stored in (`p = lock_item(k); if (p) ...`).
  const clang::VarDecl *Var = nullptr;
  /// A blocking lock that reports failure (`if (pthread_mutex_lock(&m) != 0)`): held
  /// already; the failing branch releases it instead.
  bool FailureReleases = false;
};

class LockEffectScan;

class Recorder {
public:
  /// Scan (may be null: every user callee is then taken to affect locks) decides
  /// which calls get call-effect tokens.
  Recorder(clang::ASTContext &Ctx, const clang::FunctionDecl *FD,
           summary::FunctionSummary &Out, LockEffectScan *Scan = nullptr);

  /// Applies one CFG element to State; appends summary items when Record is set.
  void element(const clang::CFGElement &E, LockState &State, bool Record,
               std::vector<PendingTry> &Pending);

  /// Applies a whole block to In (the must-analysis' transfer): the states on its true
  /// and false edges (the same state unless its branch tests a try-lock).
  void block(const clang::CFGBlock &B, LockState In, bool Record, LockState &True,
             LockState &False);

  /// The successor states of a block whose terminator tests a pending try-lock.
  void branch(const clang::CFGBlock &B, const LockState &State,
              const std::vector<PendingTry> &Pending, LockState &True, LockState &False);

  /// How this function's expressions are named (with its local aliases).
  const PathBuilder &paths() const { return Paths; }

  /// Decides whether a block lies on every way from the function's entry to its exit
  /// (a barrier there is passed exactly once per call); without it, none is.
  void setOnEveryPath(std::function<bool(const clang::CFGBlock &)> F) {
    OnEveryPath = std::move(F);
  }

  /// Ends a solving pass: from the next one on, where `setjmp` returns non-zero (only
  /// a longjmp gets there) the locks are those held at this pass's longjmps. True if
  /// that changed what the pass assumed.
  bool nextLongjmpPass();

  /// The locks held on the recorded returns of a zero / non-zero result (nullopt: no
  /// such return seen), for FunctionSummary::HeldIfZero / HeldIfNonzero.
  const std::optional<summary::LockSet> &heldOnZeroReturn() const { return RetZero; }
  const std::optional<summary::LockSet> &heldOnNonzeroReturn() const { return RetNonzero; }

private:
  void stmt(const clang::Stmt *S, LockState &St, bool Record, std::vector<PendingTry> &P);
  void call(const clang::CallExpr *C, LockState &St, bool Record, std::vector<PendingTry> &P);
  /// `r = pthread_mutex_trylock(&m)` / `p = lock_item(k)`: the branch may test `r`, `p`.
  void rememberResult(const clang::Stmt *S, std::vector<PendingTry> &Pending);
  void construct(const clang::CXXConstructExpr *C, LockState &St, bool Record,
                 std::vector<PendingTry> &P);
  void spawn(const clang::Expr *E, LockState &St);
  void plainCall(const clang::CallExpr *C, const clang::FunctionDecl *FD, LockState &St);
  /// A user function was called: the locks it may take or release, as tokens.
  void callEffects(const clang::CallExpr *C, const clang::FunctionDecl *Callee, LockState &St,
                   std::vector<PendingTry> &Pending);
  bool isModelledCall(const clang::CallExpr *C) const;
  const clang::FunctionDecl *userFunction(const clang::FunctionDecl *Callee) const;
  unsigned callId(const clang::Stmt *S);
  /// Callee and argument objects of a user call ("" when an argument has no name).
  std::string callSignature(const clang::Stmt *S) const;
  void returned(const clang::ReturnStmt *RS, const LockState &St,
                const std::vector<PendingTry> &Pending);
  void opaqueCall(const clang::CallExpr *C, const clang::FunctionDecl *FD, LockState &St);
  /// Barrier and latch operations, and `h = pthread_self()`: ordering points between
  /// threads (RecorderOrdering.cpp). True when C was one.
  bool ordering(const clang::CallExpr *C);
  /// A call that may longjmp (longjmp itself, or a function of this TU calling it):
  /// its locks join the ones setjmp's second return sees.
  void longjmpFrom(const clang::CallExpr *C, const LockState &St);
  bool longjmps(const clang::FunctionDecl *Callee);
  /// `if (setjmp(env))`: the non-zero edge gets the longjmps' locks.
  bool setjmpBranch(const clang::Expr *Tested, bool Negated, LockState &True,
                    LockState &False) const;
  void libraryCallbacks(const clang::CallExpr *C, const clang::FunctionDecl *Callee,
                        const LockState &St);
  /// A call through a function pointer: recorded with its value node (Call::CalleeNode).
  void indirectCall(const clang::CallExpr *C, LockState &St);
  /// pthread_once(&once, init): init is called here, once (summary::Call::Once).
  void onceCall(const clang::CallExpr *C, LockState &St);
  /// Completes a call record (held locks, site, point, id) and appends it.
  summary::Call &record(summary::Call Cl, const clang::CallExpr *C, const LockState &St);
  summary::Call *pointerCall(const clang::CallExpr *C, const clang::Expr *Callee,
                             llvm::iterator_range<clang::CallExpr::const_arg_iterator> Args,
                             LockState &St);
  void lambdaArgs(const clang::CallExpr *C, LockState &St);
  void access(const clang::Expr *E, std::optional<summary::Path> P, bool Write,
              bool Container, const LockState &St, bool Whole = false);
  /// memset, memcpy, free, read(): writes and reads through pointer arguments.
  void libraryMemoryEffects(const clang::CallExpr *C, const clang::FunctionDecl *Callee,
                            const LockState &St);
  void acquire(const summary::Path &Lock, const clang::Expr *Site, bool Shared, bool Try,
               bool Recursive, LockState &St);

  std::vector<summary::Path> mutexPaths(llvm::ArrayRef<const clang::Expr *> Es,
                                        llvm::ArrayRef<bool> Pointer);
  /// An access of an element with a computed index: its own slot, and the lock array
  /// elements that guard it (ArrayIndex.h).
  void elementAccess(const clang::Expr *E, summary::Access &A);
  std::optional<summary::Path> spawnHandle(const clang::Expr *E, bool &Detached) const;
  std::string guardKey(const clang::Expr *Construct) const;
  summary::Binding bindArg(clang::QualType ParamType, const clang::Expr *Arg) const;
  summary::Point point(const clang::Stmt *S, clang::SourceLocation Loc) const;
  SourceLoc site(clang::SourceLocation Loc) const;
  bool inSystemHeader(clang::SourceLocation Loc) const;
  void prepare();

  clang::ASTContext &Ctx;
  const clang::FunctionDecl *FD;
  summary::FunctionSummary &Out;
  PathBuilder Paths;
  ArrayIndex Index;
  /// The computed index each lock array (`locks[*]`) is locked with here ("" if several).
  std::map<summary::Path, std::string> LockIndex;
  clang::ParentMap PM;
  mutable LoopNest Loops;
  BeginLocs Begins;
  bool IsCtorOrDtor = false;
  LockEffectScan *Scan = nullptr;
  llvm::DenseMap<const clang::Stmt *, unsigned> CallIds;
  std::map<std::string, unsigned> CallSignatures;
  unsigned NextCallId = 1;
  std::optional<summary::LockSet> RetZero, RetNonzero;
  std::function<bool(const clang::CFGBlock &)> OnEveryPath;
  std::optional<LockState> LongjmpNow, LongjmpSeen; // this pass's, the last pass's
  llvm::DenseMap<const clang::FunctionDecl *, bool> LongjmpCallees;
  const clang::CFGBlock *CurrentBlock = nullptr; // set by block()
  // The point of the element being processed; set by element().
  summary::Point Here;
  SourceLoc HereSite;
};

} // namespace interlock::procedure

#endif
