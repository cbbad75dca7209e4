//===- AccessHooks.cpp - Scheduling points at shared memory accesses ------===//
//
// Which instructions get an access hook, and the hook's inline guard (AccessHooks.h).
//
//===----------------------------------------------------------------------===//
#include "AccessHooks.h"

#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/IR/CFG.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/SSAUpdater.h"
#include "llvm/Transforms/Utils/ValueMapper.h"

#include <cstdlib>
#include <cstring>

using namespace llvm;

namespace interlock {

bool accessHooksEnabled() {
  const char *V = std::getenv("INTERLOCK_ACCESS_HOOKS");
  return !V || std::strcmp(V, "0") != 0;
}

/// A location no other thread can see: a local whose address never escapes, a
/// constant, a thread_local.
static bool threadPrivate(const Value *Ptr, DenseMap<const Value *, bool> &Cache) {
  const Value *Obj = getUnderlyingObject(Ptr);
  auto It = Cache.find(Obj);
  if (It != Cache.end())
    return It->second;
  bool Private = false;
  if (const auto *GV = dyn_cast<GlobalVariable>(Obj))
    Private = GV->isConstant() || GV->isThreadLocal();
  else if (isa<AllocaInst>(Obj))
    Private = !PointerMayBeCaptured(Obj, /*ReturnCaptures=*/true, /*StoreCaptures=*/true);
  else if (isa<Constant>(Obj) && !isa<GlobalValue>(Obj))
    Private = true; // null, undef: nothing shared there
  Cache[Obj] = Private;
  return Private;
}

static bool isExitCall(const Instruction &I) {
  const auto *CB = dyn_cast<CallBase>(&I);
  if (!CB)
    return false;
  const auto *F = dyn_cast<Function>(CB->getCalledOperand()->stripPointerCasts());
  if (!F)
    return false;
  StringRef N = F->getName();
  return N == "exit" || N == "_exit" || N == "_Exit" || N == "quick_exit";
}

SmallVector<AccessPoint, 32> findAccessPoints(Function &F) {
  SmallVector<AccessPoint, 32> Out;
  DenseMap<const Value *, bool> Cache;
  bool IsMain = F.getName() == "main";
  for (Instruction &I : instructions(F)) {
    if (I.hasMetadata(LLVMContext::MD_nosanitize))
      continue;
    if (isExitCall(I) || (IsMain && isa<ReturnInst>(I))) {
      Out.push_back({&I, AccessPointKind::Exit});
      continue;
    }
    const Value *Ptr = nullptr;
    bool Atomic = false;
    if (auto *L = dyn_cast<LoadInst>(&I)) {
      Ptr = L->getPointerOperand();
      Atomic = L->isAtomic();
    } else if (auto *S = dyn_cast<StoreInst>(&I)) {
      Ptr = S->getPointerOperand();
      Atomic = S->isAtomic();
    } else if (auto *R = dyn_cast<AtomicRMWInst>(&I)) {
      Ptr = R->getPointerOperand();
      Atomic = true;
    } else if (auto *C = dyn_cast<AtomicCmpXchgInst>(&I)) {
      Ptr = C->getPointerOperand();
      Atomic = true;
    } else if (auto *Fe = dyn_cast<FenceInst>(&I)) {
      if (Fe->getSyncScopeID() != SyncScope::SingleThread)
        Out.push_back({&I, AccessPointKind::Access});
      continue;
    } else {
      continue;
    }
    if (Ptr->getType()->getPointerAddressSpace() != 0)
      continue;
    if (!Atomic && threadPrivate(Ptr, Cache))
      continue;
    Out.push_back({&I, AccessPointKind::Access});
  }
  return Out;
}

static FunctionCallee hook(Module &M, StringRef Name) {
  LLVMContext &Ctx = M.getContext();
  FunctionType *Ty =
      FunctionType::get(Type::getVoidTy(Ctx), {PointerType::getUnqual(Ctx)}, false);
  FunctionCallee H = M.getOrInsertFunction(Name, Ty);
  if (auto *F = dyn_cast<Function>(H.getCallee()))
    F->addFnAttr(Attribute::NoUnwind); // no invoke, no cleanup edge for TSan to add
  return H;
}

/// `if (__builtin_expect(__interlock_sched_access, 0)) goto Slow; else goto Fast;` at
/// the end of Head. The load carries !nosanitize, so TSan does not instrument it.
static void branchOnFlag(Module &M, BasicBlock *Head, BasicBlock *Slow, BasicBlock *Fast,
                         const DebugLoc &Loc) {
  LLVMContext &Ctx = M.getContext();
  auto *Flag = cast<GlobalVariable>(
      M.getOrInsertGlobal("__interlock_sched_access", Type::getInt8Ty(Ctx)));
  if (Instruction *Old = Head->getTerminator())
    Old->eraseFromParent();
  IRBuilder<> B(Head);
  LoadInst *On = B.CreateLoad(Type::getInt8Ty(Ctx), Flag, "interlock.access.on");
  On->setMetadata(LLVMContext::MD_nosanitize, MDNode::get(Ctx, {}));
  Value *Cond = B.CreateICmpNE(On, ConstantInt::get(Type::getInt8Ty(Ctx), 0));
  B.CreateCondBr(Cond, Slow, Fast, MDBuilder(Ctx).createBranchWeights(1, 1 << 20))
      ->setDebugLoc(Loc);
}

static void callHooks(Module &M, ArrayRef<std::pair<Instruction *, Constant *>> Points,
                      ValueToValueMapTy &VMap) {
  FunctionCallee H = hook(M, "__interlock_access");
  for (const auto &[I, Site] : Points) {
    auto *Clone = cast<Instruction>(VMap[I]);
    CallInst::Create(H, {Site}, "", Clone->getIterator())->setDebugLoc(I->getDebugLoc());
  }
}

/// Whether F's blocks can all be cloned: no block whose address is taken (a cloned
/// indirect jump would land in the other copy) and no funclet-based exception handling.
static bool versionable(const Function &F) {
  if (F.hasFnAttribute(Attribute::Naked))
    return false;
  for (const BasicBlock &BB : F) {
    if (BB.hasAddressTaken())
      return false;
    for (const Instruction &I : BB)
      if (isa<IndirectBrInst>(I) || isa<CallBrInst>(I) || isa<FuncletPadInst>(I) ||
          isa<CatchSwitchInst>(I))
        return false;
      else if (const auto *II = dyn_cast<IntrinsicInst>(&I))
        if (II->getIntrinsicID() == Intrinsic::localescape)
          return false;
  }
  return true;
}

/// Versions the whole function: a new entry block holds the static allocas (shared by
/// both copies) and one test of __interlock_sched_access; the original blocks (fast
/// path) stay untouched, so ThreadSanitizer instruments them exactly as without hooks
/// (a read followed by a write of the same address in one block is instrumented as the
/// write only), and no loop runs a test per iteration; a clone of all of them (slow
/// path, taken when the flag is set) calls __interlock_access before each access. The
/// runtime sets the flag before the program's constructors and never clears it, so
/// testing it once per call is enough.
static void versionFunction(Module &M, Function &F,
                            ArrayRef<std::pair<Instruction *, Constant *>> Points) {
  BasicBlock *Entry = &F.getEntryBlock();
  SmallVector<AllocaInst *, 16> Static;
  for (Instruction &I : *Entry)
    if (auto *AI = dyn_cast<AllocaInst>(&I); AI && AI->isStaticAlloca())
      Static.push_back(AI);
  SmallVector<BasicBlock *, 32> Blocks;
  for (BasicBlock &BB : F)
    Blocks.push_back(&BB);
  BasicBlock *Head = BasicBlock::Create(M.getContext(), "interlock.entry", &F, Entry);
  for (AllocaInst *AI : Static)
    AI->moveBefore(*Head, Head->end());
  ValueToValueMapTy VMap;
  SmallVector<BasicBlock *, 32> Clones;
  for (BasicBlock *BB : Blocks) {
    BasicBlock *Clone = CloneBasicBlock(BB, VMap, ".interlock.slow", &F);
    VMap[BB] = Clone;
    Clones.push_back(Clone);
  }
  remapInstructionsInBlocks(Clones, VMap);
  callHooks(M, Points, VMap);
  branchOnFlag(M, Head, Clones.front(), Entry, Points.front().first->getDebugLoc());
}

static bool clonable(const BasicBlock &BB) {
  const Instruction *T = BB.getTerminator();
  return T && (isa<BranchInst>(T) || isa<SwitchInst>(T) || isa<ReturnInst>(T) ||
               isa<UnreachableInst>(T) || isa<InvokeInst>(T) || isa<ResumeInst>(T)) &&
         !BB.isEHPad();
}

/// Versions the block of the access points Points (all in one block), for a function
/// that cannot be versioned whole: from the first of them to its end, the block is
/// cloned; the original (fast path) stays untouched; the clone (slow path) calls
/// __interlock_access before each access.
static void versionBlock(Module &M, ArrayRef<std::pair<Instruction *, Constant *>> Points) {
  Instruction *First = Points.front().first;
  BasicBlock *Head = First->getParent();
  Function &F = *Head->getParent();
  BasicBlock *Body = SplitBlock(Head, First);
  ValueToValueMapTy VMap;
  BasicBlock *Slow = CloneBasicBlock(Body, VMap, ".interlock.slow", &F);
  remapInstructionsInBlocks({Slow}, VMap);
  for (BasicBlock *Succ : successors(Body))
    for (PHINode &Phi : Succ->phis()) {
      Value *In = Phi.getIncomingValueForBlock(Body);
      auto It = VMap.find(In);
      Phi.addIncoming(It != VMap.end() ? static_cast<Value *>(It->second) : In, Slow);
    }
  // Values defined in Body and used after it now come from either path.
  for (Instruction &I : *Body) {
    if (I.getType()->isVoidTy())
      continue;
    SmallVector<Use *, 8> Outside;
    for (Use &U : I.uses()) {
      auto *UI = cast<Instruction>(U.getUser());
      BasicBlock *UB = UI->getParent();
      if (auto *Phi = dyn_cast<PHINode>(UI))
        UB = Phi->getIncomingBlock(U);
      if (UB != Body && UB != Slow) // a successor's phi incoming from Body keeps I
        Outside.push_back(&U);
    }
    if (Outside.empty())
      continue;
    SSAUpdater Up;
    Up.Initialize(I.getType(), I.getName());
    Up.AddAvailableValue(Body, &I);
    Up.AddAvailableValue(Slow, cast<Instruction>(VMap[&I]));
    for (Use *U : Outside)
      Up.RewriteUse(*U);
  }
  callHooks(M, Points, VMap);
  branchOnFlag(M, Head, Slow, Body, First->getDebugLoc());
}

void insertAccessPoints(Module &M, ArrayRef<std::pair<AccessPoint, Constant *>> Points) {
  FunctionCallee Exit = hook(M, "__interlock_exit_point");
  MapVector<Function *, SmallVector<std::pair<Instruction *, Constant *>, 16>> ByFunction;
  for (const auto &[P, Site] : Points) {
    if (P.Kind == AccessPointKind::Exit)
      CallInst::Create(Exit, {Site}, "", P.Before->getIterator())
          ->setDebugLoc(P.Before->getDebugLoc());
    else
      ByFunction[P.Before->getFunction()].push_back({P.Before, Site});
  }
  for (auto &[F, List] : ByFunction) {
    if (versionable(*F)) {
      versionFunction(M, *F, List);
      continue;
    }
    MapVector<BasicBlock *, SmallVector<std::pair<Instruction *, Constant *>, 8>> ByBlock;
    for (const auto &Point : List)
      ByBlock[Point.first->getParent()].push_back(Point);
    for (auto &[BB, InBlock] : ByBlock) {
      if (!clonable(*BB))
        continue;
      // Program order within the block.
      llvm::sort(InBlock,
                 [](const auto &A, const auto &B) { return A.first->comesBefore(B.first); });
      versionBlock(M, InBlock);
    }
  }
}

} // namespace interlock
