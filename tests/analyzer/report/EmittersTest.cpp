#include "report/Emitters.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace interlock;

namespace {

class EmittersTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("emit", "cpp", Source));
    std::error_code EC;
    llvm::raw_fd_ostream OS(Source, EC);
    ASSERT_FALSE(EC);
    OS << "int balance;\n"
          "void deposit() {\n"
          "\tbalance += 1;\n"
          "}\n";
  }
  void TearDown() override { llvm::sys::fs::remove(Source); }

  Finding finding() const {
    Finding F;
    F.CheckId = "interlock-unprotected-shared-state";
    F.Message = "data race on `balance`";
    F.Primary = {std::string(Source), 3, 2};
    F.Related.push_back({{std::string(Source), 1, 5}, "declared here"});
    return F;
  }

  llvm::SmallString<128> Source;
};

TEST_F(EmittersTest, TextLooksLikeClang) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  emitText(OS, {finding()}, /*Color=*/false);
  std::string S(Source);
  EXPECT_EQ(Out, S + ":3:2: warning: data race on `balance` "
                     "[interlock-unprotected-shared-state]\n"
                     "\tbalance += 1;\n"
                     "\t^\n" +
                     S + ":1:5: note: declared here\n"
                         "int balance;\n"
                         "    ^\n");
}

TEST_F(EmittersTest, TextSurvivesMissingSource) {
  Finding F = finding();
  F.Primary.File = "/nonexistent/file.cpp";
  F.Related.clear();
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  emitText(OS, {F}, false);
  EXPECT_EQ(Out, "/nonexistent/file.cpp:3:2: warning: data race on `balance` "
                 "[interlock-unprotected-shared-state]\n");
}

TEST_F(EmittersTest, JsonRoundTrips) {
  Finding F = finding();
  F.Seed = 1234;
  F.Origin = "stress";
  F.Stacks.push_back({"thread T1", {{"deposit()", {"bank.cpp", 3, 2}}}});
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  emitJson(OS, {F});
  auto Parsed = parseFindingsJson(Out);
  ASSERT_TRUE(static_cast<bool>(Parsed)) << llvm::toString(Parsed.takeError());
  ASSERT_EQ(Parsed->size(), 1u);
  const Finding &G = (*Parsed)[0];
  EXPECT_EQ(G.CheckId, F.CheckId);
  EXPECT_EQ(G.Primary, F.Primary);
  EXPECT_EQ(G.Related[0].Message, "declared here");
  EXPECT_EQ(G.Seed, std::optional<uint64_t>(1234));
  EXPECT_EQ(G.Origin, "stress");
  ASSERT_EQ(G.Stacks.size(), 1u);
  EXPECT_EQ(G.Stacks[0].Frames[0].Function, "deposit()");
}

TEST_F(EmittersTest, JsonRejectsGarbageWithAReason) {
  auto Parsed = parseFindingsJson("{\"findings\": [{\"message\": \"x\"}]}");
  ASSERT_FALSE(static_cast<bool>(Parsed));
  EXPECT_NE(llvm::toString(Parsed.takeError()).find("lacks 'check'"), std::string::npos);
}

TEST_F(EmittersTest, SarifHasRulesLocationsAndFingerprints) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  emitSarif(OS, {finding()}, "9.9");
  auto Doc = llvm::json::parse(Out);
  ASSERT_TRUE(static_cast<bool>(Doc));
  const auto *Run = (*Doc->getAsObject()->getArray("runs"))[0].getAsObject();
  const auto *Driver = Run->getObject("tool")->getObject("driver");
  EXPECT_EQ(Driver->getString("version"), llvm::StringRef("9.9"));
  const auto *Result = (*Run->getArray("results"))[0].getAsObject();
  EXPECT_EQ(Result->getString("ruleId"),
            llvm::StringRef("interlock-unprotected-shared-state"));
  auto RuleIndex = *Result->getInteger("ruleIndex");
  const auto *Rule = (*Driver->getArray("rules"))[RuleIndex].getAsObject();
  EXPECT_EQ(Rule->getString("id"), Result->getString("ruleId"));
  EXPECT_TRUE(Result->getObject("partialFingerprints")->getString("interlockFingerprint/v2"));
  EXPECT_EQ(Rule->getString("name"), llvm::StringRef("UnprotectedSharedState"));
  EXPECT_TRUE(Rule->getString("helpUri")->ends_with("docs/checks/unprotected-shared-state.md"));
  EXPECT_EQ(Result->getArray("relatedLocations")->size(), 1u);
  auto Uri = (*Result->getArray("locations"))[0]
                 .getAsObject()
                 ->getObject("physicalLocation")
                 ->getObject("artifactLocation")
                 ->getString("uri");
  EXPECT_TRUE(Uri->starts_with("file:///"));
}

TEST_F(EmittersTest, SarifUrisAreRelativeToTheProjectRoot) {
  RunStatus Status;
  Status.Command = "check";
  Status.ProjectRoot = llvm::sys::path::parent_path(Source).str();
  Status.Failures.push_back({Status.ProjectRoot + "/broken.cpp", "broken.cpp:1:1: error: x"});
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  emitSarif(OS, {finding()}, "9.9", &Status);
  auto Doc = llvm::json::parse(Out);
  ASSERT_TRUE(static_cast<bool>(Doc));
  const auto *Run = (*Doc->getAsObject()->getArray("runs"))[0].getAsObject();
  EXPECT_EQ(Run->getObject("automationDetails")->getString("id"),
            llvm::StringRef("interlock/check/"));
  auto Base = Run->getObject("originalUriBaseIds")->getObject("%SRCROOT%")->getString("uri");
  EXPECT_TRUE(Base->starts_with("file:///") && Base->ends_with("/"));
  const auto *Result = (*Run->getArray("results"))[0].getAsObject();
  const auto *Artifact = (*Result->getArray("locations"))[0]
                             .getAsObject()
                             ->getObject("physicalLocation")
                             ->getObject("artifactLocation");
  EXPECT_EQ(Artifact->getString("uri"), llvm::sys::path::filename(Source));
  EXPECT_EQ(Artifact->getString("uriBaseId"), llvm::StringRef("%SRCROOT%"));
  const auto *Invocation = (*Run->getArray("invocations"))[0].getAsObject();
  EXPECT_EQ(Invocation->getBoolean("executionSuccessful"), false);
  const auto *Note = (*Invocation->getArray("toolExecutionNotifications"))[0].getAsObject();
  EXPECT_EQ(Note->getString("level"), llvm::StringRef("error"));
}

} // namespace
