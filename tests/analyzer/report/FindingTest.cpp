#include "report/CheckCatalog.h"
#include "report/Finding.h"

#include <gtest/gtest.h>

using namespace interlock;

namespace {

Finding race(unsigned Line) {
  Finding F;
  F.CheckId = "interlock-unprotected-shared-state";
  F.Message = "`balance` is written without a lock";
  F.Primary = {"bank.cpp", Line, 5};
  F.Related.push_back({{"bank.cpp", Line + 3, 7}, "other access"});
  return F;
}

TEST(FindingTest, FingerprintIgnoresLineMoves) {
  EXPECT_EQ(race(10).fingerprint(), race(42).fingerprint());
}

TEST(FindingTest, FingerprintSeparatesChecksAndMessages) {
  Finding A = race(10), B = race(10), C = race(10);
  B.CheckId = "interlock-missing-join";
  C.Message = "something else";
  EXPECT_NE(A.fingerprint(), B.fingerprint());
  EXPECT_NE(A.fingerprint(), C.fingerprint());
  EXPECT_EQ(A.fingerprint().size(), 16u);
}

TEST(FindingTest, NormalizeSortsAndDropsDuplicates) {
  std::vector<Finding> Findings{race(30), race(10), race(30), race(20)};
  normalizeFindings(Findings);
  ASSERT_EQ(Findings.size(), 3u);
  EXPECT_EQ(Findings[0].Primary.Line, 10u);
  EXPECT_EQ(Findings[1].Primary.Line, 20u);
  EXPECT_EQ(Findings[2].Primary.Line, 30u);
}

TEST(CheckCatalogTest, KnowsEveryStaticCheck) {
  for (const char *Id :
       {"interlock-unprotected-shared-state", "interlock-missing-join",
        "interlock-lock-order-inversion", "interlock-double-lock", "interlock-lock-leak",
        "interlock-cv-wait-without-predicate"}) {
    const CheckInfo *Info = findCheck(Id);
    ASSERT_NE(Info, nullptr) << Id;
    EXPECT_FALSE(Info->ShortDescription.empty());
    EXPECT_TRUE(Info->DocPage.ends_with(".md"));
  }
  EXPECT_EQ(findCheck("interlock-no-such-check"), nullptr);
}

} // namespace
