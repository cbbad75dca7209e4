#include "report/CheckCatalog.h"
#include "report/Emitters.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <map>

namespace interlock {
namespace {

constexpr llvm::StringLiteral SrcRoot = "%SRCROOT%";

std::string percentEncode(llvm::StringRef Path) {
  std::string Uri;
  for (char C : Path) {
    if (llvm::isAlnum(C) || llvm::StringRef("/-._~").contains(C))
      Uri += C;
    else
      Uri += llvm::formatv("%{0:X-2}", static_cast<unsigned char>(C)).str();
  }
  return Uri;
}

std::string absoluteUri(llvm::StringRef File) {
  llvm::SmallString<256> Abs(File);
  llvm::sys::fs::make_absolute(Abs);
  llvm::sys::path::remove_dots(Abs, /*remove_dot_dot=*/true);
  return "file://" + percentEncode(llvm::sys::path::convert_to_slash(Abs));
}

/// Files under the project root are named relative to %SRCROOT% (code scanning services
/// map them onto the checkout); others (system headers) by their absolute URI.
llvm::json::Object artifactLocation(llvm::StringRef File, llvm::StringRef Root) {
  std::string Rel = relativePath(File, Root);
  if (Rel.empty() || Rel == ".." || llvm::StringRef(Rel).starts_with("../"))
    return llvm::json::Object{{"uri", absoluteUri(File)}};
  return llvm::json::Object{{"uri", percentEncode(Rel)}, {"uriBaseId", SrcRoot}};
}

struct Context {
  std::string Root;
};

llvm::json::Object physicalLocation(const SourceLoc &Loc, const Context &Cx) {
  llvm::json::Object Region{{"startLine", Loc.Line}};
  if (Loc.Column)
    Region["startColumn"] = Loc.Column;
  return llvm::json::Object{{"artifactLocation", artifactLocation(Loc.File, Cx.Root)},
                            {"region", std::move(Region)}};
}

llvm::json::Object location(const SourceLoc &Loc, llvm::StringRef Message,
                            const Context &Cx) {
  llvm::json::Object L{{"physicalLocation", physicalLocation(Loc, Cx)}};
  if (!Message.empty())
    L["message"] = llvm::json::Object{{"text", Message}};
  return L;
}

/// `interlock-lock-order-inversion` -> `LockOrderInversion`: SARIF wants a rule's name
/// to be readable and distinct from its id.
std::string ruleName(llvm::StringRef Id) {
  Id.consume_front("interlock-");
  std::string Name;
  bool Upper = true;
  for (char C : Id) {
    if (!llvm::isAlnum(C)) {
      Upper = true;
      continue;
    }
    Name += Upper ? llvm::toUpper(C) : C;
    Upper = false;
  }
  return Name;
}

/// A sentence ends with a period (SARIF2001).
std::string sentence(llvm::StringRef Text) {
  std::string S = Text.str();
  if (!S.empty() && !llvm::StringRef(".!?").contains(S.back()))
    S += '.';
  return S;
}

llvm::json::Object rule(const CheckInfo &Info) {
  std::string Uri = std::string(INTERLOCK_DOCS_URL) + Info.DocPage.str();
  return llvm::json::Object{
      {"id", Info.Id},
      {"name", ruleName(Info.Id)},
      {"shortDescription", llvm::json::Object{{"text", sentence(Info.ShortDescription)}}},
      {"fullDescription", llvm::json::Object{{"text", sentence(Info.FullDescription)}}},
      {"help", llvm::json::Object{{"text", "See " + Uri + "."}}},
      {"helpUri", Uri},
      {"defaultConfiguration", llvm::json::Object{{"level", "warning"}}}};
}

} // namespace

std::string projectRoot(llvm::StringRef Explicit, llvm::StringRef DatabaseDir) {
  llvm::SmallString<256> Root(!Explicit.empty()      ? Explicit
                              : !DatabaseDir.empty() ? DatabaseDir
                                                     : llvm::StringRef("."));
  llvm::sys::fs::make_absolute(Root);
  llvm::sys::path::remove_dots(Root, /*remove_dot_dot=*/true);
  return std::string(Root);
}

void emitSarif(llvm::raw_ostream &OS, llvm::ArrayRef<Finding> Findings,
               llvm::StringRef ToolVersion, const RunStatus *Status) {
  // Rule indices are stable: the catalog's order, then unknown ids in order of appearance.
  Context Cx{projectRoot(Status ? llvm::StringRef(Status->ProjectRoot) : "", "")};
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
        {"message", llvm::json::Object{{"text", sentence(F.Message)}}},
        {"rank", static_cast<double>(sarifRank(F.Conf))},
        {"partialFingerprints",
         llvm::json::Object{
             {"interlockFingerprint/v2",
              F.Fingerprint.empty() ? F.fingerprint(Cx.Root) : F.Fingerprint}}}};
    if (F.Primary.valid())
      Result["locations"] = llvm::json::Array{location(F.Primary, "", Cx)};
    llvm::json::Array Related;
    unsigned Id = 0;
    llvm::json::Array FlowLocations;
    for (const RelatedLocation &R : F.Related) {
      if (!R.Loc.valid())
        continue;
      llvm::json::Object L = location(R.Loc, R.Message, Cx);
      L["id"] = Id++;
      Related.push_back(std::move(L));
      FlowLocations.push_back(
          llvm::json::Object{{"location", location(R.Loc, R.Message, Cx)}});
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
  std::string Command = Status ? Status->Command : "";
  llvm::json::Object Run{
      {"tool",
       llvm::json::Object{
           {"driver", llvm::json::Object{{"name", "interlock"},
                                         {"version", ToolVersion},
                                         {"semanticVersion", ToolVersion},
                                         {"informationUri", INTERLOCK_DOCS_URL "index.md"},
                                         {"rules", std::move(Rules)}}}}},
      {"automationDetails",
       llvm::json::Object{{"id", "interlock/" + (Command.empty() ? "" : Command + "/")}}},
      {"originalUriBaseIds",
       llvm::json::Object{
           {SrcRoot, llvm::json::Object{{"uri", absoluteUri(Cx.Root) + "/"}}}}},
      {"results", std::move(Results)}};
  llvm::json::Array Notifications;
  bool Successful = true;
  if (Status) {
    // The program under test's end is a property of the run; SARIF's invocation
    // (exitCode...) describes interlock itself, which says whether it was interrupted
    // and which files it could not analyse.
    llvm::json::Object Props;
    if (Status->ProgramExitStatus)
      Props["programExitStatus"] = *Status->ProgramExitStatus;
    if (!Status->ProgramSignal.empty())
      Props["programSignal"] = Status->ProgramSignal;
    if (Status->StressRuns)
      Props["stressRuns"] = *Status->StressRuns;
    if (Status->BaseSeed)
      Props["baseSeed"] = *Status->BaseSeed;
    if (!Status->Shard.empty())
      Props["shard"] = Status->Shard;
    if (!Props.empty())
      Run["properties"] = std::move(Props);
    for (const auto &[File, Why] : Status->Failures) {
      Successful = false;
      Notifications.push_back(llvm::json::Object{
          {"level", "error"},
          {"message", llvm::json::Object{{"text", sentence(Why)}}},
          {"locations",
           llvm::json::Array{llvm::json::Object{
               {"physicalLocation",
                llvm::json::Object{{"artifactLocation", artifactLocation(File, Cx.Root)}}}}}}});
    }
    if (!Status->Interrupted.empty()) {
      Successful = false;
      Notifications.push_back(llvm::json::Object{
          {"level", "error"},
          {"message", llvm::json::Object{{"text", "Interrupted by " + Status->Interrupted +
                                                      ": the results are partial."}}}});
    }
  }
  llvm::json::Object Invocation{{"executionSuccessful", Successful}};
  if (!Notifications.empty())
    Invocation["toolExecutionNotifications"] = std::move(Notifications);
  Run["invocations"] = llvm::json::Array{std::move(Invocation)};
  llvm::json::Value Doc = llvm::json::Object{
      {"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
      {"version", "2.1.0"},
      {"runs", llvm::json::Array{std::move(Run)}}};
  OS << llvm::formatv("{0:2}", Doc) << '\n';
}

} // namespace interlock
