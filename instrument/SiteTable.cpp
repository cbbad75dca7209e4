#include "SiteTable.h"
#include "Models.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instruction.h"
#include "llvm/Support/Path.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;

namespace interlock {

// Must match trace::SiteFlags in runtime/TraceFormat.h.
static constexpr unsigned SiteUserCode = 1, SiteLibraryThread = 2;

bool isSystemPath(StringRef Path) {
  return Path.starts_with("/usr/include/") || Path.starts_with("/usr/lib/") ||
         Path.starts_with("/usr/local/include/") || Path.starts_with("/lib/") ||
         Path.contains("/include/c++/");
}

static std::string fullPath(const DILocation *L) {
  StringRef File = L->getFilename();
  if (File.empty() || sys::path::is_absolute(File))
    return File.str();
  SmallString<256> Full(L->getDirectory());
  sys::path::append(Full, File);
  sys::path::remove_dots(Full, /*remove_dot_dot=*/true);
  return std::string(Full);
}

static const DISubprogram *subprogramOf(const DILocation *L) {
  return L->getScope() ? L->getScope()->getSubprogram() : nullptr;
}

SiteInfo describeSite(const Instruction &I, bool CreatesThread) {
  SiteInfo Info;
  const DILocation *DL = I.getDebugLoc().get();
  if (!DL) {
    Info.File = "<unknown>";
    Info.Function = I.getFunction()->getName().str();
    return Info;
  }
  SmallVector<const DILocation *, 8> Chain; // innermost first
  for (const DILocation *L = DL; L; L = L->getInlinedAt())
    Chain.push_back(L);
  size_t User = Chain.size();
  for (size_t K = 0; K < Chain.size(); ++K)
    if (!isSystemPath(fullPath(Chain[K]))) {
      User = K;
      break;
    }
  const DILocation *Chosen = User < Chain.size() ? Chain[User] : Chain.back();
  Info.File = fullPath(Chosen);
  Info.Line = Chosen->getLine();
  Info.Column = Chosen->getColumn();
  if (const DISubprogram *SP = subprogramOf(Chosen))
    Info.Function = SP->getName().str();
  if (User < Chain.size())
    Info.Flags |= SiteUserCode;
  if (CreatesThread) {
    // User code calling std::thread's constructor (or pthread_create) owns the thread;
    // a thread started deeper in the library (std::async) is joined by the library.
    bool Owned = User == 0;
    if (User > 0 && User < Chain.size())
      if (const DISubprogram *Callee = subprogramOf(Chain[User - 1]))
        Owned = Callee->getLinkageName().starts_with("_ZNSt6threadC") ||
                Callee->getName() == "thread";
    if (!Owned)
      Info.Flags |= SiteLibraryThread;
  }
  return Info;
}

unsigned SiteTable::add(SiteInfo Info) {
  Sites.push_back(std::move(Info));
  return Sites.size() - 1;
}

unsigned SiteTable::addShared(SiteInfo Info) {
  std::string Key = Info.File + "\n" + Info.Function + "\n" + std::to_string(Info.Line) +
                    ":" + std::to_string(Info.Column) + ":" + std::to_string(Info.Flags);
  auto [It, New] = Shared.try_emplace(Key, Sites.size());
  if (New)
    Sites.push_back(std::move(Info));
  return It->second;
}

GlobalVariable *SiteTable::emit() {
  LLVMContext &Ctx = M.getContext();
  Type *PtrTy = PointerType::getUnqual(Ctx);
  Type *I32 = Type::getInt32Ty(Ctx);
  EntryTy = StructType::create(Ctx, {PtrTy, PtrTy, I32, I32, I32, I32}, "interlock.site");
  StringMap<Constant *> Strings;
  auto str = [&](StringRef S) -> Constant * {
    auto It = Strings.find(S);
    if (It != Strings.end())
      return It->second;
    Constant *Data = ConstantDataArray::getString(Ctx, S);
    auto *G = new GlobalVariable(M, Data->getType(), true, GlobalValue::PrivateLinkage,
                                 Data, "__interlock_str");
    G->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
    G->setAlignment(Align(1));
    Strings[S] = G;
    return G;
  };
  SmallVector<Constant *, 32> Entries;
  for (const SiteInfo &S : Sites)
    Entries.push_back(ConstantStruct::get(
        EntryTy, {str(S.File), str(S.Function), ConstantInt::get(I32, S.Line),
                  ConstantInt::get(I32, S.Column), ConstantInt::get(I32, S.Flags),
                  ConstantInt::get(I32, 0)}));
  auto *ArrTy = ArrayType::get(EntryTy, Entries.size());
  Table = new GlobalVariable(M, ArrTy, /*isConstant=*/false, GlobalValue::InternalLinkage,
                             ConstantArray::get(ArrTy, Entries), "__interlock_sites");

  // static void ctor() { __interlock_register_sites(__interlock_sites, N); }
  Type *I64 = Type::getInt64Ty(Ctx);
  FunctionCallee Register = M.getOrInsertFunction(
      "__interlock_register_sites", FunctionType::get(Type::getVoidTy(Ctx), {PtrTy, I64}, false));
  Function *Ctor = Function::Create(FunctionType::get(Type::getVoidTy(Ctx), false),
                                    GlobalValue::InternalLinkage, "__interlock_module_ctor", M);
  IRBuilder<> B(BasicBlock::Create(Ctx, "", Ctor));
  B.CreateCall(Register, {Table, ConstantInt::get(I64, Entries.size())});
  B.CreateRetVoid();
  appendToGlobalCtors(M, Ctor, /*Priority=*/1);
  return Table;
}

Constant *SiteTable::entry(unsigned Index) const {
  LLVMContext &Ctx = M.getContext();
  Type *I32 = Type::getInt32Ty(Ctx);
  Constant *Idx[] = {ConstantInt::get(I32, 0), ConstantInt::get(I32, Index)};
  return ConstantExpr::getInBoundsGetElementPtr(Table->getValueType(), Table, Idx);
}

} // namespace interlock
