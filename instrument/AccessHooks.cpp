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

static bool clonable(const BasicBlock &BB) {
  const Instruction *T = BB.getTerminator();
  return T && (isa<BranchInst>(T) || isa<SwitchInst>(T) || isa<ReturnInst>(T) ||
               isa<UnreachableInst>(T) || isa<InvokeInst>(T) || isa<ResumeInst>(T)) &&
         !BB.isEHPad();
}

/// Versions the block of the access points Points (all in one block): from the first
/// of them to its end, the block is cloned; the original (fast path) stays untouched,
/// so ThreadSanitizer instruments it exactly as without hooks (a read followed by a
/// write of the same address in one block is instrumented as the write only); the
/// clone (slow path, taken when __interlock_sched_access is set) calls
/// __interlock_access before each access.
static void versionBlock(Module &M, ArrayRef<std::pair<Instruction *, Constant *>> Points) {
  LLVMContext &Ctx = M.getContext();
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
  FunctionCallee H = hook(M, "__interlock_access");
  for (const auto &[I, Site] : Points) {
    auto *Clone = cast<Instruction>(VMap[I]);
    CallInst::Create(H, {Site}, "", Clone->getIterator())->setDebugLoc(I->getDebugLoc());
  }
  // Head: if (__interlock_sched_access) goto Slow; else goto Body.
  auto *Flag = cast<GlobalVariable>(
      M.getOrInsertGlobal("__interlock_sched_access", Type::getInt8Ty(Ctx)));
  Instruction *OldBr = Head->getTerminator();
  IRBuilder<> B(OldBr);
  LoadInst *On = B.CreateLoad(Type::getInt8Ty(Ctx), Flag, "interlock.access.on");
  On->setMetadata(LLVMContext::MD_nosanitize, MDNode::get(Ctx, {}));
  Value *Cond = B.CreateICmpNE(On, ConstantInt::get(Type::getInt8Ty(Ctx), 0));
  BranchInst *Br = B.CreateCondBr(Cond, Slow, Body,
                                  MDBuilder(Ctx).createBranchWeights(1, 1 << 20));
  Br->setDebugLoc(First->getDebugLoc());
  OldBr->eraseFromParent();
}

void insertAccessPoints(Module &M, ArrayRef<std::pair<AccessPoint, Constant *>> Points) {
  FunctionCallee Exit = hook(M, "__interlock_exit_point");
  MapVector<BasicBlock *, SmallVector<std::pair<Instruction *, Constant *>, 8>> ByBlock;
  for (const auto &[P, Site] : Points) {
    if (P.Kind == AccessPointKind::Exit)
      CallInst::Create(Exit, {Site}, "", P.Before->getIterator())
          ->setDebugLoc(P.Before->getDebugLoc());
    else
      ByBlock[P.Before->getParent()].push_back({P.Before, Site});
  }
  for (auto &[BB, List] : ByBlock) {
    if (!clonable(*BB))
      continue;
    // Program order within the block.
    llvm::sort(List, [](const auto &A, const auto &B) { return A.first->comesBefore(B.first); });
    versionBlock(M, List);
  }
}

} // namespace interlock
