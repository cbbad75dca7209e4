//===- InterlockPass.cpp - Hooks around thread and lock operations --------===//
//
// A new-pass-manager module pass, registered at OptimizerLast so that libstdc++'s
// inline wrappers (std::mutex::lock -> __gthread_mutex_lock -> pthread_mutex_lock) are
// already inlined and their debug locations lead back to the user's line; it runs just
// before ThreadSanitizer's own instrumentation. Each modelled call or invoke is replaced
// by a call to the runtime's wrapper (runtime/rt_*.cpp), which records the event before
// and after doing the real operation; the extra argument is the call's site. In
// functions TSan instruments, mutex lock and unlock calls are kept and bracketed by a
// before and an after hook instead (Models.h says why).
//
// Then every load and store that may touch shared memory, every atomic operation and
// fence, main's returns and calls to exit become scheduling points for `interlock
// stress` (AccessHooks.h).
//
// INTERLOCK_PASS_VERBOSE=1 in the environment lists each instrumented call on stderr.
//
//===----------------------------------------------------------------------===//
#include "AccessHooks.h"
#include "FrameEnds.h"
#include "Models.h"
#include "SiteTable.h"

#include "llvm/ADT/SetVector.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/PassManager.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"
#include "llvm/Support/raw_ostream.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

#include <cstdlib>
#include <sys/syscall.h>

using namespace llvm;

namespace interlock {
namespace {

struct Candidate {
  CallBase *Call;
  const CallModel *Model;
  unsigned Site;
};

StringRef calleeName(const CallBase &CB) {
  const Value *V = CB.getCalledOperand()->stripPointerCasts();
  if (const auto *GA = dyn_cast<GlobalAlias>(V))
    V = GA->getAliaseeObject();
  if (const auto *F = dyn_cast_or_null<Function>(V))
    return F->getName();
  return {};
}

/// std::terminate() is only interesting when a joinable std::thread causes it.
bool terminatesJoinableThread(const CallBase &CB) {
  for (const DILocation *L = CB.getDebugLoc().get(); L; L = L->getInlinedAt())
    if (const DISubprogram *SP = L->getScope() ? L->getScope()->getSubprogram() : nullptr)
      if (isJoinableThreadTerminator(SP->getLinkageName(), SP->getName()))
        return true;
  return isJoinableThreadTerminator(CB.getFunction()->getName(), "");
}

void replaceCall(Module &M, CallBase *CB, StringRef Hook, Constant *Site) {
  FunctionType *FT = CB->getFunctionType();
  SmallVector<Type *, 6> Params(FT->params().begin(), FT->params().end());
  Params.push_back(PointerType::getUnqual(M.getContext()));
  FunctionCallee Wrapper =
      M.getOrInsertFunction(Hook, FunctionType::get(FT->getReturnType(), Params, false));
  SmallVector<Value *, 6> Args(CB->args());
  Args.push_back(Site);
  SmallVector<OperandBundleDef, 1> Bundles;
  CB->getOperandBundlesAsDefs(Bundles);
  CallBase *New;
  if (auto *II = dyn_cast<InvokeInst>(CB))
    New = InvokeInst::Create(Wrapper, II->getNormalDest(), II->getUnwindDest(), Args,
                             Bundles, "", CB->getIterator());
  else
    New = CallInst::Create(Wrapper, Args, Bundles, "", CB->getIterator());
  New->setDebugLoc(CB->getDebugLoc());
  New->takeName(CB);
  CB->replaceAllUsesWith(New);
  CB->eraseFromParent();
}

/// Whether to keep the call and bracket it with the model's Before/After hooks: only
/// for plain calls (an invoke's result is only available on its normal edge, and a
/// musttail call must be followed by the return) in functions ThreadSanitizer
/// instruments.
bool bracketsCall(const CallBase &CB, const CallModel &Model) {
  const auto *CI = dyn_cast<CallInst>(&CB);
  return !Model.After.empty() && CI && !CI->isMustTailCall() &&
         CB.getFunctionType()->getReturnType()->isIntegerTy() &&
         CB.getFunction()->hasFnAttribute(Attribute::SanitizeThread);
}

void bracketCall(Module &M, CallInst *CI, const CallModel &Model, Constant *Site) {
  LLVMContext &Ctx = M.getContext();
  FunctionType *FT = CI->getFunctionType();
  SmallVector<Type *, 6> Params(FT->params().begin(), FT->params().end());
  Params.push_back(PointerType::getUnqual(Ctx));
  FunctionCallee Before =
      M.getOrInsertFunction(Model.Before, FunctionType::get(Type::getVoidTy(Ctx), Params, false));
  Params.push_back(FT->getReturnType());
  FunctionCallee After =
      M.getOrInsertFunction(Model.After, FunctionType::get(Type::getVoidTy(Ctx), Params, false));
  SmallVector<Value *, 6> Args(CI->args());
  Args.push_back(Site);
  CallInst::Create(Before, Args, "", CI->getIterator())->setDebugLoc(CI->getDebugLoc());
  Args.push_back(CI);
  CallInst::Create(After, Args, "", std::next(CI->getIterator()))
      ->setDebugLoc(CI->getDebugLoc());
}

/// Calls to hooks that only a scheduler needs (CallModel::BeforeOnlyScheduled) run only
/// when __interlock_sched_active is set: outside stress a load and a branch instead of a
/// call. Done last, so that the copies of blocks versioned for access points are guarded
/// too. The branch splits the block just before the call, where ThreadSanitizer, which
/// starts a new run of accesses at every call, already divides it.
void guardSchedulerHooks(Module &M, ArrayRef<StringRef> Hooks) {
  LLVMContext &Ctx = M.getContext();
  SmallVector<CallInst *, 16> Calls;
  for (StringRef Name : Hooks)
    if (Function *H = M.getFunction(Name))
      for (User *U : H->users())
        if (auto *CI = dyn_cast<CallInst>(U); CI && CI->getCalledOperand() == H)
          Calls.push_back(CI);
  if (Calls.empty())
    return;
  Type *I8 = Type::getInt8Ty(Ctx);
  Constant *Flag = M.getOrInsertGlobal("__interlock_sched_active", I8);
  for (CallInst *CI : Calls) {
    IRBuilder<> B(CI);
    LoadInst *On = B.CreateLoad(I8, Flag, "interlock.sched.on");
    On->setMetadata(LLVMContext::MD_nosanitize, MDNode::get(Ctx, {}));
    Instruction *Then = SplitBlockAndInsertIfThen(
        B.CreateICmpNE(On, ConstantInt::get(I8, 0)), CI->getIterator(), /*Unreachable=*/false,
        MDBuilder(Ctx).createBranchWeights(1, 1 << 20));
    CI->moveBefore(Then);
  }
}

/// `syscall(SYS_futex, Word, Op, Value[, Timeout])` with a constant SYS_futex and the
/// argument types libstdc++'s __platform_wait/__platform_notify pass.
bool isFutexCall(const CallBase &CB) {
  const auto *Nr = dyn_cast<ConstantInt>(CB.getArgOperand(0));
  unsigned N = CB.arg_size();
  if (!isa<CallInst>(CB) || !Nr || Nr->getSExtValue() != SYS_futex || N < 4 || N > 5)
    return false;
  return CB.getArgOperand(1)->getType()->isPointerTy() &&
         CB.getArgOperand(2)->getType()->isIntegerTy(32) &&
         CB.getArgOperand(3)->getType()->isIntegerTy(32) &&
         (N == 4 || CB.getArgOperand(4)->getType()->isPointerTy());
}

void replaceFutexCall(Module &M, CallBase *CB, StringRef Hook, Constant *Site) {
  LLVMContext &Ctx = M.getContext();
  Type *Ptr = PointerType::getUnqual(Ctx), *I32 = Type::getInt32Ty(Ctx);
  FunctionCallee Wrapper = M.getOrInsertFunction(
      Hook, FunctionType::get(CB->getType(), {Ptr, I32, I32, Ptr, Ptr}, false));
  Value *Timeout = CB->arg_size() == 5 ? CB->getArgOperand(4)
                                       : static_cast<Value *>(ConstantPointerNull::get(
                                             cast<PointerType>(Ptr)));
  Value *Args[] = {CB->getArgOperand(1), CB->getArgOperand(2), CB->getArgOperand(3), Timeout,
                   Site};
  CallInst *New = CallInst::Create(Wrapper, Args, "", CB->getIterator());
  New->setDebugLoc(CB->getDebugLoc());
  New->takeName(CB);
  CB->replaceAllUsesWith(New);
  CB->eraseFromParent();
}

void hookBefore(Module &M, CallBase *CB, StringRef Hook, Constant *Site) {
  LLVMContext &Ctx = M.getContext();
  FunctionCallee H = M.getOrInsertFunction(
      Hook, FunctionType::get(Type::getVoidTy(Ctx), {PointerType::getUnqual(Ctx)}, false));
  CallInst *Call = CallInst::Create(H, {Site}, "", CB->getIterator());
  Call->setDebugLoc(CB->getDebugLoc());
}

class InterlockPass : public PassInfoMixin<InterlockPass> {
public:
  PreservedAnalyses run(Module &M, ModuleAnalysisManager &) {
    if (M.getFunction("__interlock_register_sites") &&
        !M.getFunction("__interlock_register_sites")->isDeclaration())
      return PreservedAnalyses::all(); // the runtime itself
    SiteTable Sites(M);
    SmallVector<Candidate, 32> Work;
    SmallPtrSet<const Function *, 8> Creators;
    for (Function &F : M) {
      if (F.isDeclaration() || F.getName().starts_with("__interlock_"))
        continue;
      for (Instruction &I : instructions(F)) {
        auto *CB = dyn_cast<CallBase>(&I);
        if (!CB)
          continue;
        const CallModel *Model = findCallModel(calleeName(*CB));
        if (!Model)
          continue;
        if (Model->Hook == "__interlock_terminate_joinable" && !terminatesJoinableThread(*CB))
          continue;
        if (Model->Action == ModelAction::ReplaceFutex && !isFutexCall(*CB))
          continue;
        Work.push_back({CB, Model, Sites.add(describeSite(*CB, Model->CreatesThread))});
        if (Model->CreatesThread)
          Creators.insert(&F);
      }
    }
    SmallVector<std::pair<FrameEnd, unsigned>, 8> Deaths;
    for (const Function *F : threadStartingFunctions(Creators))
      for (const FrameEnd &E : findFrameEnds(*const_cast<Function *>(F)))
        Deaths.push_back({E, Sites.add(describeSite(*E.Before, false))});
    SmallVector<std::pair<AccessPoint, unsigned>, 64> Accesses;
    if (accessHooksEnabled())
      for (Function &F : M) {
        if (F.isDeclaration() || F.getName().starts_with("__interlock_"))
          continue;
        for (const AccessPoint &P : findAccessPoints(F))
          Accesses.push_back({P, Sites.addShared(describeSite(*P.Before, false))});
      }
    if (Work.empty() && Deaths.empty() && Accesses.empty())
      return PreservedAnalyses::all();
    Sites.emit();
    bool Verbose = std::getenv("INTERLOCK_PASS_VERBOSE") != nullptr;
    SmallSetVector<StringRef, 2> Guarded;
    for (const Candidate &C : Work) {
      if (Verbose) {
        DILocation *DL = C.Call->getDebugLoc().get();
        errs() << "interlock-pass: "
               << (bracketsCall(*C.Call, *C.Model) ? C.Model->After : C.Model->Hook) << " in "
               << C.Call->getFunction()->getName();
        if (DL)
          errs() << " (" << DL->getFilename() << ":" << DL->getLine() << ")";
        errs() << "\n";
      }
      if (bracketsCall(*C.Call, *C.Model)) {
        bracketCall(M, cast<CallInst>(C.Call), *C.Model, Sites.entry(C.Site));
        if (C.Model->BeforeOnlyScheduled)
          Guarded.insert(C.Model->Before);
      } else if (C.Model->Action == ModelAction::Replace)
        replaceCall(M, C.Call, C.Model->Hook, Sites.entry(C.Site));
      else if (C.Model->Action == ModelAction::ReplaceFutex)
        replaceFutexCall(M, C.Call, C.Model->Hook, Sites.entry(C.Site));
      else
        hookBefore(M, C.Call, C.Model->Hook, Sites.entry(C.Site));
    }
    for (const auto &[E, Site] : Deaths) {
      if (Verbose)
        errs() << "interlock-pass: __interlock_frame_end of " << localName(E.Local)
               << " in " << E.Local->getFunction()->getName() << "\n";
      insertFrameEnd(M, E, Sites.entry(Site));
    }
    // Last: versioning clones whole blocks, with the hooks inserted above.
    SmallVector<std::pair<AccessPoint, Constant *>, 64> AccessSites;
    for (const auto &[P, Site] : Accesses) {
      AccessSites.push_back({P, Sites.entry(Site)});
      if (Verbose) {
        errs() << "interlock-pass: "
               << (P.Kind == AccessPointKind::Exit ? "__interlock_exit_point"
                                                   : "__interlock_access")
               << " in " << P.Before->getFunction()->getName();
        SiteInfo Where = describeSite(*P.Before, false); // the user's line
        errs() << " (" << Where.File << ":" << Where.Line << ")\n";
      }
    }
    insertAccessPoints(M, AccessSites);
    guardSchedulerHooks(M, Guarded.getArrayRef());
    return PreservedAnalyses::none();
  }
  static bool isRequired() { return true; }
};

} // namespace
} // namespace interlock

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "InterlockInstrument", "0.1", [](PassBuilder &PB) {
            PB.registerOptimizerLastEPCallback(
                [](ModulePassManager &MPM, OptimizationLevel) {
                  MPM.addPass(interlock::InterlockPass());
                });
          }};
}
