//===- ProtocolTest.cpp - LSP's terms for findings (tools/interlock/lsp) --===//
#include "lsp/Protocol.h"

#include <gtest/gtest.h>

namespace interlock::lsp {
namespace {

TEST(Protocol, UrisRoundTripWithPercentEncoding) {
  EXPECT_EQ(uriFromPath("/src/a b/ü.cc"), "file:///src/a%20b/%C3%BC.cc");
  EXPECT_EQ(pathFromUri("file:///src/a%20b/%C3%BC.cc"), "/src/a b/ü.cc");
  EXPECT_EQ(pathFromUri("file:///src/100%"), "/src/100%"); // a lone % stays
  EXPECT_EQ(pathFromUri("untitled:Untitled-1"), std::nullopt);
}

TEST(Protocol, Utf16ColumnsCountCodeUnits) {
  EXPECT_EQ(utf16Length("abc", 2), 2u);
  EXPECT_EQ(utf16Length("\xC3\xBC" "x", 3), 2u);        // ü: 2 bytes, 1 unit
  EXPECT_EQ(utf16Length("\xF0\x9F\x98\x80" "x", 5), 3u); // an emoji: 4 bytes, 2 units
  EXPECT_EQ(utf16Length("ab", 10), 2u);
}

TEST(Protocol, LineOfDropsLineEndings) {
  EXPECT_EQ(lineOf("a\r\nbb\nccc", 1), "bb");
  EXPECT_EQ(lineOf("a\r\nbb\nccc", 0), "a");
  EXPECT_EQ(lineOf("a\nb", 5), "");
}

TEST(Protocol, NolintAppendsAComment) {
  std::optional<LineEdit> E = nolintEdit("  counter++;", "interlock-double-lock");
  ASSERT_TRUE(E);
  EXPECT_EQ(E->Character, 12u);
  EXPECT_EQ(E->NewText, " // NOLINT(interlock-double-lock)");
}

TEST(Protocol, NolintJoinsAnExistingList) {
  std::optional<LineEdit> E =
      nolintEdit("x++; // NOLINT(bugprone-foo) why", "interlock-lock-leak");
  ASSERT_TRUE(E);
  EXPECT_EQ(E->Character, 27u); // before the `)`
  EXPECT_EQ(E->NewText, ",interlock-lock-leak");
}

TEST(Protocol, NolintNothingWhenAlreadySilenced) {
  EXPECT_FALSE(nolintEdit("x++; // NOLINT", "interlock-lock-leak"));
  EXPECT_FALSE(nolintEdit("x++; // NOLINT(interlock-*)", "interlock-lock-leak"));
}

TEST(Protocol, DiagnosticCarriesRelatedLocations) {
  Finding F;
  F.CheckId = "interlock-unprotected-shared-state";
  F.Message = "data race on `n`";
  F.Primary = {"/p/a.cc", 2, 3};
  F.Related.push_back({{"/p/b.cc", 1, 1}, "conflicting write of `n`"});
  TextOf Text = [](const std::string &File) -> llvm::StringRef {
    return File == "/p/a.cc" ? "int n;\n  n_x = 1;\n" : "n = 2;\n";
  };
  llvm::json::Object D = toDiagnostic(F, Text);
  EXPECT_EQ(D.getString("code"), "interlock-unprotected-shared-state");
  EXPECT_EQ(D.getString("source"), "interlock");
  EXPECT_EQ(D.getInteger("severity"), 2);
  const llvm::json::Object *Start = D.getObject("range")->getObject("start");
  const llvm::json::Object *End = D.getObject("range")->getObject("end");
  EXPECT_EQ(Start->getInteger("line"), 1);
  EXPECT_EQ(Start->getInteger("character"), 2);
  EXPECT_EQ(End->getInteger("character"), 5); // over the identifier `n_x`
  const llvm::json::Array *Related = D.getArray("relatedInformation");
  ASSERT_EQ(Related->size(), 1u);
  const llvm::json::Object *Loc = (*Related)[0].getAsObject()->getObject("location");
  EXPECT_EQ(Loc->getString("uri"), "file:///p/b.cc");
  EXPECT_EQ((*Related)[0].getAsObject()->getString("message"), "conflicting write of `n`");
}

} // namespace
} // namespace interlock::lsp
