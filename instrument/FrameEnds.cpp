#include "FrameEnds.h"
#include "SiteTable.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/IR/DebugInfo.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/InstIterator.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/Path.h"

using namespace llvm;

namespace interlock {

SmallPtrSet<const Function *, 8>
threadStartingFunctions(const SmallPtrSetImpl<const Function *> &Creators) {
  SmallPtrSet<const Function *, 8> Out(Creators.begin(), Creators.end());
  for (const Function *Creator : Creators)
    for (const User *U : Creator->users())
      if (const auto *CB = dyn_cast<CallBase>(U))
        if (CB->getCalledOperand()->stripPointerCasts() == Creator)
          Out.insert(CB->getFunction());
  return Out;
}

/// Locals of library code (inlined from a system header) are the library's business.
static bool declaredInUserCode(const Instruction &I) {
  const DILocation *DL = I.getDebugLoc().get();
  if (!DL)
    return false;
  SmallString<256> Path(DL->getFilename());
  if (!sys::path::is_absolute(Path)) {
    Path = DL->getDirectory();
    sys::path::append(Path, DL->getFilename());
  }
  return !isSystemPath(Path);
}

SmallVector<FrameEnd, 8> findFrameEnds(Function &F) {
  SmallVector<FrameEnd, 8> Out;
  const DataLayout &DLay = F.getDataLayout();
  SmallVector<ReturnInst *, 4> Returns;
  for (Instruction &I : instructions(F))
    if (auto *R = dyn_cast<ReturnInst>(&I))
      Returns.push_back(R);
  for (Instruction &I : F.getEntryBlock()) {
    auto *A = dyn_cast<AllocaInst>(&I);
    if (!A || !A->isStaticAlloca())
      continue;
    std::optional<TypeSize> Size = A->getAllocationSize(DLay);
    if (!Size || Size->isScalable() || Size->getFixedValue() == 0)
      continue;
    if (!PointerMayBeCaptured(A, /*ReturnCaptures=*/true, /*StoreCaptures=*/true))
      continue;
    SmallVector<Instruction *, 4> Deaths;
    for (User *U : A->users())
      if (auto *II = dyn_cast<IntrinsicInst>(U))
        if (II->getIntrinsicID() == Intrinsic::lifetime_end)
          Deaths.push_back(II);
    if (Deaths.empty())
      Deaths.append(Returns.begin(), Returns.end());
    for (Instruction *D : Deaths)
      if (declaredInUserCode(*D))
        Out.push_back({D, A, Size->getFixedValue()});
  }
  return Out;
}

std::string localName(AllocaInst *A) {
  for (DbgVariableRecord *R : findDVRDeclares(A))
    return R->getVariable()->getName().str();
  for (DbgVariableRecord *R : at::getDVRAssignmentMarkers(A))
    return R->getVariable()->getName().str();
  return A->hasName() ? A->getName().str() : "<unnamed>";
}

void insertFrameEnd(Module &M, const FrameEnd &E, Constant *Site) {
  LLVMContext &Ctx = M.getContext();
  Type *Ptr = PointerType::getUnqual(Ctx);
  FunctionCallee Hook = M.getOrInsertFunction(
      "__interlock_frame_end",
      FunctionType::get(Type::getVoidTy(Ctx), {Ptr, Type::getInt64Ty(Ctx), Ptr}, false));
  CallInst *Call = CallInst::Create(
      Hook, {E.Local, ConstantInt::get(Type::getInt64Ty(Ctx), E.Size), Site}, "",
      E.Before->getIterator());
  Call->setDebugLoc(E.Before->getDebugLoc());
}

} // namespace interlock
