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

TEST(FindingTest, FingerprintIgnoresTheCheckoutsPath) {
  Finding A = race(10), B = race(12);
  A.Primary.File = "/home/ann/src/proj/lib/bank.cpp";
  A.Related[0].Loc.File = A.Primary.File;
  B.Primary.File = "/ci/work/7/proj/lib/bank.cpp";
  B.Related[0].Loc.File = B.Primary.File;
  EXPECT_EQ(A.fingerprint("/home/ann/src/proj"), B.fingerprint("/ci/work/7/proj/"));
  EXPECT_NE(A.fingerprint("/home/ann/src/proj"), B.fingerprint("/ci/work/7"));
}

TEST(FindingTest, FingerprintIgnoresAddressesThreadNumbersAndCounts) {
  Finding A = race(10), B = race(10);
  A.Message = "data race: write of size 4 by thread T1 at 0x7f00aa10; `x` is accessed "
              "under `mu` in 3 of 4 places; 2 more racy accesses not shown";
  B.Message = "data race: write of size 4 by thread T7 at 0x55d0c0; `x` is accessed "
              "under `mu` in 4 of 5 places";
  EXPECT_EQ(A.fingerprint(), B.fingerprint());
  EXPECT_EQ(normalizeForFingerprint("lock m1 by T12 at 0xdeadBEEF, line 42"),
            "lock m1 by T# at 0x#, line #");
  EXPECT_EQ(normalizeForFingerprint("`locks[0]` then `locks[1]`, `locks[*]` in 2 places"),
            "`locks[0]` then `locks[1]`, `locks[*]` in # places");
}

TEST(FindingTest, FingerprintUsesKeyAndFunctionOverMessage) {
  Finding A = race(10), B = race(10);
  A.Key = B.Key = {"balance", "write"};
  B.Message = "another wording; 3 more racy accesses not shown";
  EXPECT_EQ(A.fingerprint(), B.fingerprint());
  B.Key = {"total", "write"};
  EXPECT_NE(A.fingerprint(), B.fingerprint());
  B.Key = A.Key;
  B.Function = "Bank::deposit";
  EXPECT_NE(A.fingerprint(), B.fingerprint());
}

TEST(FindingTest, SameFingerprintTwiceGetsOccurrenceNumbers) {
  std::vector<Finding> Findings{race(30), race(10)};
  assignFingerprints(Findings, "");
  EXPECT_EQ(Findings[1].Fingerprint, race(10).fingerprint(""));
  EXPECT_EQ(Findings[0].Fingerprint, race(10).fingerprint("") + "~2");
}

TEST(FindingTest, RelativePaths) {
  EXPECT_EQ(relativePath("/a/b/c.cpp", "/a"), "b/c.cpp");
  EXPECT_EQ(relativePath("/a/b/../c.cpp", "/a/"), "c.cpp");
  EXPECT_EQ(relativePath("/x/c.cpp", "/a/b"), "../../x/c.cpp");
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
