// The command-line progress bar: drawn only on a terminal.
#include <gtest/gtest.h>

#include "../src/cli/progress.h"

namespace dutyscore::cli {
namespace {

TEST(ProgressBar, DrawsNothingWhenNotATerminal) {
  std::string sink;
  ProgressBar bar(false, [&](const std::string& s) { sink += s; });
  bar.update(5, 10);
  bar.finish();
  EXPECT_TRUE(sink.empty());
  EXPECT_FALSE(static_cast<bool>(bar.callback()));
}

TEST(ProgressBar, RedrawsOnlyWhenThePercentageChangesThenClearsItsLine) {
  std::vector<std::string> draws;
  ProgressBar bar(true, [&](const std::string& s) { draws.push_back(s); });
  auto callback = bar.callback();
  ASSERT_TRUE(static_cast<bool>(callback));
  callback(0, 3000);
  callback(1, 3000);  // still 0%: not redrawn
  callback(1500, 3000);
  callback(3000, 3000);
  ASSERT_EQ(draws.size(), 3u);
  EXPECT_EQ(draws[1], "\r[###############...............]  50%  1500/3000 members");
  EXPECT_EQ(draws[2].substr(0, 33), "\r[##############################]");
  bar.finish();
  ASSERT_EQ(draws.size(), 4u);
  EXPECT_EQ(draws[3], "\r" + std::string(draws[2].size() - 1, ' ') + "\r");
}

TEST(ProgressBar, ScoreCommandIsSilentOnStandardErrorWhenPiped) {
  // The summary line is the only thing on standard error: no bar, no \r.
  const std::string cmd = std::string(DUTYSCORE_CLI) + " score --rules " DUTYSCORE_SOURCE_DIR
                          "/rules/default.yaml --members " DUTYSCORE_SOURCE_DIR
                          "/examples/data/members.csv --records " DUTYSCORE_SOURCE_DIR
                          "/examples/data/records.csv --year 2025 2>&1 >/dev/null";
  FILE* pipe = popen(cmd.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string err;
  char buffer[4096];
  std::size_t n;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) err.append(buffer, n);
  EXPECT_EQ(pclose(pipe), 0);
  EXPECT_EQ(err.find('\r'), std::string::npos);
  EXPECT_EQ(err.find("300 members"), 0u) << err;
}

}  // namespace
}  // namespace dutyscore::cli
