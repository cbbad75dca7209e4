#include "report/CheckCatalog.h"
#include "report/Emitters.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <map>

namespace interlock {
namespace {

std::string fileUri(llvm::StringRef File) {
  llvm::SmallString<256> Abs(File);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  std::string Uri = "file://";
  for (char C : Abs) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C))
      Uri += C;
    else
      Uri += llvm::formatv("%{0:X-2}", static_cast<unsigned char>(C)).str();
  }
  return Uri;
}

llvm::json::Object physicalLocation(const SourceLoc &Loc) {
  llvm::json::Object Region{{"startLine", Loc.Line}};
  if (Loc.Column)
    Region["startColumn"] = Loc.Column;
  return llvm::json::Object{
      {"artifactLocation", llvm::json::Object{{"uri", fileUri(Loc.File)}}},
      {"region", std::move(Region)}};
}

llvm::json::Object location(const SourceLoc &Loc, llvm::StringRef Message) {
  llvm::json::Object L{{"physicalLocation", physicalLocation(Loc)}};
  if (!Message.empty())
    L["message"] = llvm::json::Object{{"text", Message}};
  return L;
}

llvm::json::Object rule(const CheckInfo &Info) {
  std::string Help = ("See docs/" + Info.DocPage).str();
  return llvm::json::Object{
      {"id", Info.Id},
      {"name", Info.Id},
      {"shortDescription", llvm::json::Object{{"text", Info.ShortDescription}}},
      {"fullDescription", llvm::json::Object{{"text", Info.FullDescription}}},
      {"help", llvm::json::Object{{"text", Help}}},
      {"defaultConfiguration", llvm::json::Object{{"level", "warning"}}}};
}

} // namespace

void emitSarif(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings,
               llvm::StringRef ToolVersion, const RunStatus *Status) {
  // Rule indices are stable: the catalog's order, then unknown ids in order of appearance.
  std::map<std::string, unsigned> RuleIndex;
  llvm::json::Array Rules;
  for (const CheckInfo &Info : allChecks()) {
    RuleIndex[Info.Id.str()] = Rules.size();
    Rules.push_back(rule(Info));
  }
  llvm::json::Array Results;
  for (const Finding &F : Findings) {
    auto [It, Inserted] = RuleIndex.try_emplace(F.CheckId, Rules.size());
    if (Inserted)
      Rules.push_back(rule(CheckInfo{F.CheckId, F.CheckId, F.CheckId, "index.md"}));
    llvm::json::Object Result{
        {"ruleId", F.CheckId},
        {"ruleIndex", It->second},
        {"level", F.Level == Severity::Error ? "error" : "warning"},
        {"message", llvm::json::Object{{"text", F.Message}}},
        {"rank", static_cast<double>(sarifRank(F.Conf))},
        {"partialFingerprints",
         llvm::json::Object{{"interlockFingerprint/v1", F.fingerprint()}}}};
    if (F.Primary.valid())
      Result["locations"] = llvm::json::Array{location(F.Primary, "")};
    llvm::json::Array Related;
    unsigned Id = 0;
    llvm::json::Array FlowLocations;
    for (const RelatedLocation &R : F.Related) {
      if (!R.Loc.valid())
        continue;
      llvm::json::Object L = location(R.Loc, R.Message);
      L["id"] = Id++;
      Related.push_back(std::move(L));
      FlowLocations.push_back(
          llvm::json::Object{{"location", location(R.Loc, R.Message)}});
    }
    if (!Related.empty())
      Result["relatedLocations"] = std::move(Related);
    if (F.CheckId == "interlock-lock-order-inversion" && !FlowLocations.empty())
      Result["codeFlows"] = llvm::json::Array{llvm::json::Object{
          {"threadFlows",
           llvm::json::Array{llvm::json::Object{{"locations", std::move(FlowLocations)}}}}}};
    llvm::json::Object Properties{{"confidence", confidenceName(F.Conf)}};
    if (F.Seed)
      Properties["seed"] = *F.Seed;
    Result["properties"] = std::move(Properties);
    Results.push_back(std::move(Result));
  }
  llvm::json::Object Run{
      {"tool", llvm::json::Object{{"driver", llvm::json::Object{{"name", "interlock"},
                                                                {"version", ToolVersion},
                                                                {"rules", std::move(Rules)}}}}},
      {"results", std::move(Results)}};
  if (Status) {
    // The program under test's end is a property of the run; SARIF's invocation
    // (exitCode...) describes interlock itself, which says whether it was interrupted.
    llvm::json::Object Props;
    if (Status->ProgramExitStatus)
      Props["programExitStatus"] = *Status->ProgramExitStatus;
    if (!Status->ProgramSignal.empty())
      Props["programSignal"] = Status->ProgramSignal;
    if (!Props.empty())
      Run["properties"] = std::move(Props);
    llvm::json::Object Invocation{
        {"executionSuccessful", Status->Interrupted.empty() && Status->Failed.empty()}};
    llvm::json::Array Notes;
    if (!Status->Interrupted.empty())
      Notes.push_back(llvm::json::Object{
          {"level", "error"},
          {"message", llvm::json::Object{{"text", "interrupted by " + Status->Interrupted +
                                                      ": the results are partial"}}}});
    for (const RunStatus::FailedInput &F : Status->Failed)
      Notes.push_back(llvm::json::Object{
          {"level", "error"},
          {"message", llvm::json::Object{{"text", F.Message}}},
          {"locations",
           llvm::json::Array{llvm::json::Object{
               {"physicalLocation",
                llvm::json::Object{
                    {"artifactLocation", llvm::json::Object{{"uri", fileUri(F.File)}}}}}}}}});
    if (!Notes.empty())
      Invocation["toolExecutionNotifications"] = std::move(Notes);
    Run["invocations"] = llvm::json::Array{std::move(Invocation)};
  }
  llvm::json::Value Doc = llvm::json::Object{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", llvm::json::Array{std::move(Run)}}};
  OS << llvm::formatv("{0:2}", Doc) << '\n';
}

} // namespace interlock
