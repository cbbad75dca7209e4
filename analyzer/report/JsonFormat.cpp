#include "report/Emitters.h"

namespace interlock {
namespace {

void putLocation(llvm::json::Object &Obj, const SourceLoc &Loc) {
  Obj["file"] = Loc.File;
  Obj["line"] = Loc.Line;
  Obj["column"] = Loc.Column;
}

bool readLocation(const llvm::json::Object &Obj, SourceLoc &Loc) {
  auto File = Obj.getString("file");
  auto Line = Obj.getInteger("line");
  if (!File || !Line)
    return false;
  Loc.File = File->str();
  Loc.Line = static_cast<unsigned>(*Line);
  Loc.Column = static_cast<unsigned>(Obj.getInteger("column").value_or(0));
  return true;
}

llvm::Error malformed(const llvm::Twine &What) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "malformed findings JSON: " + What);
}

llvm::Expected<Finding> findingFromJSON(const llvm::json::Value &V) {
  const llvm::json::Object *Obj = V.getAsObject();
  if (!Obj)
    return malformed("a finding is not an object");
  Finding F;
  auto Check = Obj->getString("check");
  auto Message = Obj->getString("message");
  if (!Check || !Message)
    return malformed("a finding lacks 'check' or 'message'");
  F.CheckId = Check->str();
  F.Message = Message->str();
  F.Level = Obj->getString("severity") == llvm::StringRef("error") ? Severity::Error
                                                                   : Severity::Warning;
  readLocation(*Obj, F.Primary);
  if (auto Function = Obj->getString("function"))
    F.Function = Function->str();
  if (auto Fingerprint = Obj->getString("fingerprint"))
    F.Fingerprint = Fingerprint->str();
  if (auto Origin = Obj->getString("origin"))
    F.Origin = Origin->str();
  if (auto Conf = Obj->getString("confidence")) {
    std::optional<Confidence> C = parseConfidence(*Conf);
    if (!C)
      return malformed("unknown confidence '" + Conf->str() + "'");
    F.Conf = *C;
  }
  if (const llvm::json::Value *Seed = Obj->get("seed"))
    if (auto U = Seed->getAsUINT64())
      F.Seed = *U;
  if (const llvm::json::Array *Related = Obj->getArray("related")) {
    for (const llvm::json::Value &R : *Related) {
      const llvm::json::Object *RObj = R.getAsObject();
      if (!RObj)
        return malformed("a related location is not an object");
      RelatedLocation Rel;
      readLocation(*RObj, Rel.Loc);
      Rel.Message = RObj->getString("message").value_or("").str();
      F.Related.push_back(std::move(Rel));
    }
  }
  if (const llvm::json::Array *Stacks = Obj->getArray("stacks")) {
    for (const llvm::json::Value &S : *Stacks) {
      const llvm::json::Object *SObj = S.getAsObject();
      if (!SObj)
        return malformed("a stack is not an object");
      Stack St;
      St.Title = SObj->getString("title").value_or("").str();
      if (const llvm::json::Array *Frames = SObj->getArray("frames"))
        for (const llvm::json::Value &Fr : *Frames) {
          const llvm::json::Object *FrObj = Fr.getAsObject();
          if (!FrObj)
            return malformed("a stack frame is not an object");
          StackFrame Frame;
          Frame.Function = FrObj->getString("function").value_or("").str();
          readLocation(*FrObj, Frame.Loc);
          St.Frames.push_back(std::move(Frame));
        }
      F.Stacks.push_back(std::move(St));
    }
  }
  return F;
}

} // namespace

llvm::json::Value toJSON(const Finding &F) {
  llvm::json::Object Obj;
  Obj["check"] = F.CheckId;
  Obj["severity"] = F.Level == Severity::Error ? "error" : "warning";
  Obj["message"] = F.Message;
  Obj["confidence"] = confidenceName(F.Conf);
  putLocation(Obj, F.Primary);
  llvm::json::Array Related;
  for (const RelatedLocation &R : F.Related) {
    llvm::json::Object RObj;
    putLocation(RObj, R.Loc);
    RObj["message"] = R.Message;
    Related.push_back(std::move(RObj));
  }
  Obj["related"] = std::move(Related);
  if (!F.Stacks.empty()) {
    llvm::json::Array Stacks;
    for (const Stack &S : F.Stacks) {
      llvm::json::Array Frames;
      for (const StackFrame &Frame : S.Frames) {
        llvm::json::Object FrObj;
        FrObj["function"] = Frame.Function;
        putLocation(FrObj, Frame.Loc);
        Frames.push_back(std::move(FrObj));
      }
      Stacks.push_back(llvm::json::Object{{"title", S.Title}, {"frames", std::move(Frames)}});
    }
    Obj["stacks"] = std::move(Stacks);
  }
  if (F.Seed)
    Obj["seed"] = *F.Seed; // all 64 bits: JSON numbers above 2^63 stay unsigned
  Obj["origin"] = F.Origin;
  if (!F.Function.empty())
    Obj["function"] = F.Function;
  Obj["fingerprint"] = F.Fingerprint.empty() ? F.fingerprint() : F.Fingerprint;
  return Obj;
}

void emitJson(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings,
              const RunStatus *Status) {
  llvm::json::Array Array;
  for (const Finding &F : Findings)
    Array.push_back(toJSON(F));
  llvm::json::Object Obj{{"version", 1}, {"findings", std::move(Array)}};
  if (Status) {
    llvm::json::Object Program;
    if (Status->ProgramExitStatus)
      Program["exit_status"] = *Status->ProgramExitStatus;
    if (!Status->ProgramSignal.empty())
      Program["signal"] = Status->ProgramSignal;
    if (!Program.empty())
      Obj["program"] = std::move(Program);
    if (!Status->Interrupted.empty())
      Obj["interrupted"] = Status->Interrupted;
    if (Status->StressRuns) {
      llvm::json::Object Stress{{"runs", *Status->StressRuns}};
      if (Status->BaseSeed)
        Stress["base_seed"] = *Status->BaseSeed;
      if (!Status->Shard.empty())
        Stress["shard"] = Status->Shard;
      Obj["stress"] = std::move(Stress);
    }
  }
  llvm::json::Value Doc = std::move(Obj);
  OS << llvm::formatv("{0:2}", Doc) << '\n';
}

llvm::Expected<std::vector<Finding>> parseFindingsJson(llvm::StringRef Text) {
  llvm::Expected<llvm::json::Value> Doc = llvm::json::parse(Text);
  if (!Doc)
    return Doc.takeError();
  const llvm::json::Array *Array = Doc->getAsArray();
  if (const llvm::json::Object *Obj = Doc->getAsObject())
    Array = Obj->getArray("findings");
  if (!Array)
    return malformed("expected an array of findings or {\"findings\": [...]}");
  std::vector<Finding> Findings;
  for (const llvm::json::Value &V : *Array) {
    llvm::Expected<Finding> F = findingFromJSON(V);
    if (!F)
      return F.takeError();
    Findings.push_back(std::move(*F));
  }
  return Findings;
}

} // namespace interlock
