// Evaluation archives: a saved evaluation reads back exactly; a truncated,
// tampered, foreign or future-version file is refused with a message
// before anything is deserialized; `verify` finds every changed score.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>

#include "dutyscore/archive.h"
#include "dutyscore/evaluate.h"
#include "test_support.h"

namespace dutyscore::testing {
namespace {

TEST(Sha256, MatchesTheStandardTestVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

struct Saved {
  LoadedJob job;
  Period period;
  Scores scores;
  EvaluationArchive archive;
  std::string bytes;
};

Saved save_example() {
  const auto rules = source_path("rules/default.yaml");
  const auto members = source_path("examples/data/members.csv");
  const auto records = source_path("examples/data/records.csv");
  Saved s{load_job(rules, members, records), Period::calendar_year(2025), {}, {}, {}};
  s.scores = evaluate(s.job.rules, s.job.members, s.job.records, s.period, EvaluateOptions{});
  s.archive = make_archive(slurp(rules), slurp(members), slurp(records), s.period, s.job.rules,
                           s.job.members, s.scores);
  s.bytes = write_archive(s.archive);
  return s;
}

std::string refusal(const std::string& bytes) {
  Problems problems;
  const auto archive = read_archive(bytes, "a.dsa", problems);
  EXPECT_FALSE(archive.has_value());
  return problems.all().empty() ? std::string() : problems.all()[0].message;
}

TEST(Archive, ReadsBackWhatWasSavedAndMatchesARecomputation) {
  const auto s = save_example();
  Problems problems;
  const auto back = read_archive(s.bytes, "a.dsa", problems);
  ASSERT_TRUE(back.has_value()) << format_problem(problems.all().front());
  EXPECT_EQ(back->rules_text, s.archive.rules_text);
  EXPECT_EQ(back->rules_digest, sha256_hex(back->rules_text));
  EXPECT_EQ(back->members_digest, s.archive.members_digest);
  EXPECT_EQ(back->engine_version, engine_version());
  EXPECT_EQ(back->period_first, s.period.first);
  ASSERT_EQ(back->members.size(), s.job.members.size());
  EXPECT_EQ(back->members[0].total, s.scores.totals[0]);
  EXPECT_TRUE(compare_with_archive(*back, s.job.rules, s.job.members, s.scores).empty());
}

TEST(Archive, ChangedScoresAreReportedPerMember) {
  auto s = save_example();
  s.archive.members[1].total += 100;
  s.archive.members[1].rank = 999;
  const auto diffs = compare_with_archive(s.archive, s.job.rules, s.job.members, s.scores);
  ASSERT_EQ(diffs.size(), 1u);
  EXPECT_EQ(diffs[0].rfind("member '" + s.job.members.id(1) + "': total ", 0), 0u) << diffs[0];
  EXPECT_NE(diffs[0].find("rank 999 in the archive"), std::string::npos);
}

TEST(Archive, EveryTruncationIsRefusedWithAMessage) {
  const auto s = save_example();
  for (std::size_t size = 0; size < s.bytes.size(); size += 1 + size / 3) {
    SCOPED_TRACE(size);
    EXPECT_FALSE(refusal(s.bytes.substr(0, size)).empty());
  }
  EXPECT_EQ(refusal(s.bytes.substr(0, s.bytes.size() - 1)).rfind("the archive is truncated", 0), 0u);
}

TEST(Archive, TamperedContentFailsTheChecksum) {
  const auto s = save_example();
  auto bytes = s.bytes;
  bytes[bytes.size() / 2] ^= 1;
  EXPECT_EQ(refusal(bytes).rfind("the archive's checksum does not match its content", 0), 0u);
}

TEST(Archive, FutureFormatVersionIsRefused) {
  const auto s = save_example();
  auto bytes = s.bytes;
  bytes[16] = 2;
  EXPECT_NE(refusal(bytes).find("format version 2; this dutyscore"), std::string::npos);
}

TEST(Archive, ForeignFileIsRefused) {
  EXPECT_EQ(refusal("member_id,name\n"), "not a dutyscore evaluation archive");
}

TEST(Archive, DamagedContentWithARecomputedChecksumIsRefusedNotRead) {
  // Someone who recomputes the checksum still cannot make the reader run
  // into undefined behaviour: content that does not parse is an error.
  const auto s = save_example();
  const std::string payload = s.bytes.substr(16 + 4 + 8 + 32);
  std::string nines = payload.substr(0, 4000);
  for (auto& c : nines)
    if (c == '1') c = '9';
  for (const std::string& bad :
       {payload.substr(0, payload.size() / 2), payload.substr(0, 40), nines, std::string(""),
        std::string("\x01\x02\xFF"), std::string("22 serialization::archive 99 0 0 1")}) {
    std::string bytes("DUTYSCORE-ARCH\r\n", 16);
    bytes += std::string("\x01\0\0\0", 4);
    for (int i = 0; i < 8; ++i) bytes += static_cast<char>((bad.size() >> (8 * i)) & 0xFF);
    // The checksum as sha256_hex gives it, back to bytes.
    const auto hex = sha256_hex(bad);
    for (std::size_t i = 0; i < 64; i += 2)
      bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    bytes += bad;
    EXPECT_FALSE(refusal(bytes).empty());
  }
}

TEST(ArchiveCommandLine, ScoreSavesAndVerifyFindsAChangedRecordsFile) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("dutyscore-archive-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto archive = (dir / "a.dsa").string();
  const auto members = source_path("examples/data/members.csv");
  const auto records = source_path("examples/data/records.csv");
  const auto score = run_command(cli() + " score --quiet --rules " + source_path("rules/default.yaml") +
                                 " --members " + members + " --records " + records +
                                 " --year 2025 --archive " + archive + " >/dev/null");
  ASSERT_EQ(score.exit_code, 0);
  const auto same = run_command(cli() + " verify --archive " + archive + " --members " + members +
                                " --records " + records);
  EXPECT_EQ(same.exit_code, 0) << same.out;
  EXPECT_NE(same.out.find("verified: every member's score matches the archive"), std::string::npos);
  // Drop every record of the first member: the file digest and that score differ.
  std::string text = slurp(records);
  const auto changed = (dir / "r.csv").string();
  {
    std::ofstream out(changed, std::ios::binary);
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line))
      if (line.find(",M001,") == std::string::npos) out << line << "\n";
  }
  const auto diff = run_command(cli() + " verify --archive " + archive + " --members " + members +
                                " --records " + changed);
  EXPECT_EQ(diff.exit_code, 5) << diff.out;
  EXPECT_NE(diff.out.find("the records file is not the one archived"), std::string::npos);
  EXPECT_NE(diff.out.find("member 'M001': total "), std::string::npos) << diff.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dutyscore::testing
