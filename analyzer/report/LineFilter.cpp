#include "report/LineFilter.h"

#include "llvm/Support/JSON.h"

namespace interlock {
namespace {

llvm::Error error(const llvm::Twine &Msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), Msg);
}

} // namespace

llvm::Expected<LineFilter> LineFilter::parse(llvm::StringRef Json) {
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Json);
  if (!V)
    return error("invalid JSON: " + llvm::toString(V.takeError()));
  const llvm::json::Array *List = V->getAsArray();
  if (!List)
    return error("expected a JSON array of {\"name\": FILE, \"lines\": [[FIRST, LAST], ...]}");
  LineFilter F;
  for (const llvm::json::Value &Item : *List) {
    const llvm::json::Object *Obj = Item.getAsObject();
    std::optional<llvm::StringRef> Name = Obj ? Obj->getString("name") : std::nullopt;
    if (!Name || Name->empty())
      return error("each entry needs a \"name\" (a file name or the end of a path)");
    Entry E{Name->str(), {}};
    if (const llvm::json::Value *Lines = Obj->get("lines")) {
      const llvm::json::Array *Ranges = Lines->getAsArray();
      if (!Ranges)
        return error("\"lines\" of '" + *Name + "' is not an array of [FIRST, LAST]");
      for (const llvm::json::Value &R : *Ranges) {
        const llvm::json::Array *Pair = R.getAsArray();
        std::optional<int64_t> First, Last;
        if (Pair && Pair->size() == 2) {
          First = (*Pair)[0].getAsInteger();
          Last = (*Pair)[1].getAsInteger();
        }
        if (!First || !Last || *First < 1 || *Last < *First)
          return error("\"lines\" of '" + *Name +
                       "': each range is [FIRST, LAST] with 1 <= FIRST <= LAST");
        E.Lines.push_back({unsigned(*First), unsigned(*Last)});
      }
    }
    F.Entries.push_back(std::move(E));
  }
  return F;
}

bool LineFilter::passes(const SourceLoc &Loc) const {
  if (Entries.empty())
    return true;
  for (const Entry &E : Entries) {
    if (!llvm::StringRef(Loc.File).ends_with(E.Name))
      continue;
    if (E.Lines.empty())
      return true;
    for (auto [First, Last] : E.Lines)
      if (First <= Loc.Line && Loc.Line <= Last)
        return true;
    return false;
  }
  return false;
}

unsigned LineFilter::apply(std::vector<Finding> &Findings) const {
  size_t Before = Findings.size();
  llvm::erase_if(Findings, [&](const Finding &F) { return !passes(F.Primary); });
  return Before - Findings.size();
}

} // namespace interlock
