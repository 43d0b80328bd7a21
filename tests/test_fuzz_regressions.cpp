// Every input in tests/fuzz_regressions/ (crashes a fuzzer once found, and
// hand-made edge cases) replayed through the fuzz harnesses' code.
#include <gtest/gtest.h>

#include <filesystem>

#include "../fuzz/fuzz_targets.h"
#include "test_support.h"

namespace dutyscore::testing {
namespace {

TEST(FuzzRegressions, EveryStoredInputKeepsItsInvariants) {
  std::size_t replayed = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(source_path("tests/fuzz_regressions"))) {
    const auto name = entry.path().filename().string();
    if (name == "README.md") continue;
    SCOPED_TRACE(name);
    const std::string bytes = slurp(entry.path().string());
    const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
    if (name.rfind("profile-", 0) == 0)
      EXPECT_TRUE(fuzz::profile_one(data, bytes.size()));
    else if (name.rfind("workbook-", 0) == 0)
      EXPECT_TRUE(fuzz::workbook_one(data, bytes.size()));
    else if (entry.path().extension() == ".yaml")
      EXPECT_TRUE(fuzz::rules_one(data, bytes.size()));
    else
      EXPECT_TRUE(fuzz::csv_one(data, bytes.size()));
    ++replayed;
  }
  EXPECT_GE(replayed, 6u);
}

}  // namespace
}  // namespace dutyscore::testing
