// Evaluation archives: a saved evaluation reads back exactly; a truncated,
// tampered, foreign or future-version file is refused with a message
// before anything is deserialized; `verify` finds every changed score.
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <tuple>
#include <vector>

#include "dutyscore/archive.h"
#include "dutyscore/evaluate.h"
#include "rows_digest_oracle.h"
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
  EXPECT_EQ(diffs[0].rfind("member '" + std::string(s.job.members.id(1)) + "': total ", 0), 0u) << diffs[0];
  EXPECT_NE(diffs[0].find("rank 999 in the archive"), std::string::npos);
}

TEST(Archive, MembersOnOneSideOnlyAreNamedArchiveFirstThenTheMembersNow) {
  auto s = save_example();
  const std::string gone(s.job.members.id(2)), renamed(s.job.members.id(5));
  s.archive.members[5].member_id = "M-NOT-A-MEMBER";
  s.archive.members.erase(s.archive.members.begin() + 2);
  const auto diffs = compare_with_archive(s.archive, s.job.rules, s.job.members, s.scores);
  const std::vector<std::string> expected{
      "member 'M-NOT-A-MEMBER': in the archive, not in the members now",
      "member '" + gone + "': not in the archive", "member '" + renamed + "': not in the archive"};
  EXPECT_EQ(diffs, expected);
}

// The members of `archive`'s bytes read again after they were let go: what
// read_archive() read, field by field.
void expect_members_read_again(const std::string& bytes) {
  Problems problems;
  auto archive = read_archive(bytes, "a.dsa", problems);
  ASSERT_TRUE(archive.has_value()) << format_problem(problems.all().front());
  const std::vector<ArchivedMember> first = archive->members;
  ASSERT_FALSE(first.empty());
  std::vector<ArchivedMember>().swap(archive->members);
  ASSERT_TRUE(read_archive_members(bytes, *archive));
  ASSERT_EQ(archive->members.size(), first.size());
  for (std::size_t m = 0; m < first.size(); ++m) {
    const ArchivedMember &a = first[m], &b = archive->members[m];
    EXPECT_EQ(std::tie(a.member_id, a.subtotals, a.total, a.grade, a.rank, a.flags),
              std::tie(b.member_id, b.subtotals, b.total, b.grade, b.rank, b.flags));
  }
}

TEST(Archive, MembersReadAgainFromTheSameBytesAreTheMembersReadFirst) {
  const auto s = save_example();
  expect_members_read_again(s.bytes);
  const SigningKey key = make_signing_key("南城区政协办公室");
  expect_members_read_again(write_archive(s.archive, &key));
  expect_members_read_again(slurp(source_path("tests/archives/v1_default_2024.dsa")));
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
  bytes[16] = 3;
  EXPECT_NE(refusal(bytes).find("format version 3; this dutyscore"), std::string::npos);
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

// An archive's bytes with `payload` as its content, the header's size and
// checksum made right (what someone who edits an archive can do).
std::string with_checksum(const std::string& payload, std::uint32_t version = 2) {
  std::string bytes("DUTYSCORE-ARCH\r\n", 16);
  for (int i = 0; i < 4; ++i) bytes += static_cast<char>((version >> (8 * i)) & 0xFF);
  for (int i = 0; i < 8; ++i) bytes += static_cast<char>((payload.size() >> (8 * i)) & 0xFF);
  const auto hex = sha256_hex(payload);
  for (std::size_t i = 0; i < 64; i += 2)
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  return bytes + payload;
}

std::string payload_of(const std::string& bytes) { return bytes.substr(60); }

TEST(Archive, MembersAreNotReadAgainFromAnotherArchiveOrBrokenBytes) {
  const auto s = save_example();
  Problems problems;
  auto archive = read_archive(s.bytes, "a.dsa", problems);
  ASSERT_TRUE(archive.has_value());
  std::vector<ArchivedMember>().swap(archive->members);
  EXPECT_EQ(archive->content_digest, sha256_hex(payload_of(s.bytes)));
  // The same evaluation with one total changed: another archive, whose
  // members are not this one's, checksum and all.
  auto other = s.archive;
  other.members[0].subtotals[0] += 1;
  other.members[0].total += 1;
  EXPECT_FALSE(read_archive_members(write_archive(other), *archive));
  // This archive's bytes with a changed content byte and the header's
  // checksum left, or made right for the change.
  std::string tampered = s.bytes;
  tampered[tampered.size() - 3] ^= 1;
  EXPECT_FALSE(read_archive_members(tampered, *archive));
  EXPECT_FALSE(read_archive_members(with_checksum(payload_of(tampered)), *archive));
  for (const std::string& bad : {s.bytes.substr(0, s.bytes.size() / 2), s.bytes.substr(0, 40),
                                 std::string("member_id,name\n"), std::string()})
    EXPECT_FALSE(read_archive_members(bad, *archive));
  // An archive not read by read_archive() has no content digest to match.
  EvaluationArchive made = s.archive;
  EXPECT_FALSE(read_archive_members(s.bytes, made));
  EXPECT_TRUE(archive->members.empty());
  EXPECT_TRUE(read_archive_members(s.bytes, *archive));
  EXPECT_EQ(archive->members.size(), s.archive.members.size());
}

TEST(Archive, AFormat1ArchiveWrittenBeforeSignaturesStillReadsAndMatches) {
  // tests/archives/v1_default_2024.dsa: written by the Boost-based writer
  // (format 1) from rules/default.yaml, tests/bad_inputs/members.csv and
  // tests/archives/v1_records.csv for 2024.
  Problems problems;
  const auto archive =
      read_archive(slurp(source_path("tests/archives/v1_default_2024.dsa")), "v1.dsa", problems);
  ASSERT_TRUE(archive.has_value()) << format_problem(problems.all().front());
  EXPECT_EQ(archive->format_version, 1u);
  EXPECT_FALSE(archive->signer.has_value());
  EXPECT_EQ(archive->rules_text, slurp(source_path("rules/default.yaml")));
  EXPECT_EQ(archive->members_digest, sha256_hex(slurp(source_path("tests/bad_inputs/members.csv"))));
  EXPECT_EQ(archive->records_digest, sha256_hex(slurp(source_path("tests/archives/v1_records.csv"))));
  const auto job = load_job(source_path("rules/default.yaml"), source_path("tests/bad_inputs/members.csv"),
                            source_path("tests/archives/v1_records.csv"));
  const Scores scores = evaluate(job.rules, job.members, job.records, Period::calendar_year(2024));
  EXPECT_TRUE(compare_with_archive(*archive, job.rules, job.members, scores).empty());
}

TEST(Archive, ASignedArchiveNamesItsSignerAndAnyChangeBreaksTheSignature) {
  const auto s = save_example();
  const SigningKey key = make_signing_key("南城区政协办公室");
  const std::string bytes = write_archive(s.archive, &key);
  Problems problems;
  const auto back = read_archive(bytes, "a.dsa", problems);
  ASSERT_TRUE(back.has_value());
  ASSERT_TRUE(back->signer.has_value());
  EXPECT_EQ(back->signer->name, "南城区政协办公室");
  Problems none;
  EXPECT_EQ(back->signer->public_key, read_public_key(public_key_text(key), "k.pub", none)->public_key);
  // Another signer's name over the same signature, a flipped signature
  // byte, and another key's signature over the same content.
  std::string renamed = bytes;
  renamed.replace(renamed.rfind("南城区"), std::string("南城区").size(), "北城区");
  std::string flipped = bytes;
  flipped.back() ^= 1;
  const SigningKey other = make_signing_key("南城区政协办公室");
  std::string swapped = bytes.substr(0, bytes.size() - 96) +
                        std::string(reinterpret_cast<const char*>(other.public_key.data()), 32) +
                        bytes.substr(bytes.size() - 64);
  for (const auto& bad : {renamed, flipped, swapped})
    EXPECT_EQ(refusal(bad).rfind("the archive's signature does not match", 0), 0u) << refusal(bad);
}

TEST(Archive, SecretKeyFilesReadBackAndThePublicHalfCannotSign) {
  const SigningKey key = make_signing_key("office");
  Problems problems;
  const auto back = read_secret_key(secret_key_text(key), "k.key", problems);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(back->public_key, key.public_key);
  EXPECT_FALSE(read_secret_key(public_key_text(key), "k.pub", problems).has_value());
  EXPECT_EQ(problems.all().back().message.rfind("not a dutyscore secret key", 0), 0u);
}

TEST(Archive, HostileCountsAndLengthsAreRefusedBeforeAnythingIsAllocated) {
  const auto s = save_example();
  const std::string payload = payload_of(s.bytes);
  // The format version (4 bytes), then the engine version's length: claim
  // 4 GB; the member count (found after the categories): claim 10^8.
  std::string long_string = payload;
  long_string.replace(4, 4, std::string("\xFF\xFF\xFF\x7F", 4));
  EXPECT_NE(refusal(with_checksum(long_string)).find("the engine version claims 2147483647 bytes"),
            std::string::npos);
  EvaluationArchive small = s.archive;
  small.members.resize(1);
  std::string many = payload_of(write_archive(small));
  const std::string id = small.members[0].member_id;
  const auto at = many.rfind(std::string("\x04\0\0\0", 4) + id) - 4;  // the count before the first member
  many.replace(at, 4, std::string("\x00\xE1\xF5\x05", 4));       // 100,000,000
  EXPECT_NE(refusal(with_checksum(many)).find("the member count claims 100000000 items"),
            std::string::npos) << refusal(with_checksum(many));
}

TEST(Archive, EveryFieldIsCheckedAgainstItsRangeAndTheArchivedRuleSet) {
  const auto s = save_example();
  const auto refused = [&](auto change) {
    EvaluationArchive a = s.archive;
    change(a);
    return refusal(write_archive(a));
  };
  EXPECT_NE(refused([](EvaluationArchive& a) { a.precision = 64; }).find("precision 64 is not one"),
            std::string::npos);
  EXPECT_NE(refused([](EvaluationArchive& a) { a.precision = 19; }).find("precision 19 is not one"),
            std::string::npos);
  EXPECT_NE(refused([](EvaluationArchive& a) { a.period_last = 3000000; }).find("its period is not one"),
            std::string::npos);
  EXPECT_NE(refused([](EvaluationArchive& a) { a.categories[0] = "meetings"; })
                .find("are not the archived rule set's"),
            std::string::npos);
  EXPECT_NE(refused([](EvaluationArchive& a) { a.members[0].total += 1; })
                .find("total is not the sum of its subtotals"),
            std::string::npos);
  EXPECT_NE(refused([](EvaluationArchive& a) { a.members[0].grade = "满分"; }).find("grade '满分'"),
            std::string::npos);
  EXPECT_NE(refused([](EvaluationArchive& a) { a.members[1].member_id = a.members[0].member_id; })
                .find("is archived twice"),
            std::string::npos);
}

TEST(Archive, TheRowsDigestIgnoresOrderAndLineEndsButNotContent) {
  const std::string a = "id,x\nR1,1\nR2,2\n";
  EXPECT_EQ(rows_digest(a), rows_digest("id,x\r\nR2,2\r\nR1,1\r\n"));
  EXPECT_EQ(rows_digest(a), rows_digest("\xEF\xBB\xBFid,x\nR2,2\n\nR1,1"));
  EXPECT_NE(rows_digest(a), rows_digest("id,x\nR1,1\nR2,3\n"));
  EXPECT_NE(rows_digest(a), rows_digest("x,id\nR1,1\nR2,2\n"));
  EXPECT_NE(rows_digest(a), rows_digest("id,x\nR1,1\nR2,2\nR2,2\n"));
}

// Archives written before the digests were taken as the files are read
// (tests/archives/make_bad_archives.py says how each was made) verify
// against their files, and against their rows in another order.
// Writing an archive read back gives its bytes again, signed with the
// same key too (Ed25519 signatures are deterministic): the writer's layout
// is the one archives were written in.
TEST(Archive, WritingWhatWasReadGivesTheSameBytes) {
  for (const char* name : {"tests/archives/small.dsa", "tests/archives/signed.dsa"}) {
    SCOPED_TRACE(name);
    const std::string bytes = slurp(source_path(name));
    Problems problems;
    const auto archive = read_archive(bytes, name, problems);
    ASSERT_TRUE(archive) << problems.all().size();
    std::optional<SigningKey> key;
    if (archive->signer) {
      key = load_secret_key_file(source_path("tests/archives/office.key"), problems);
      ASSERT_TRUE(key);
    }
    EXPECT_EQ(write_archive(*archive, key ? &*key : nullptr), bytes);
  }
}

TEST(ArchiveCommandLine, ArchivesWrittenBeforeVerifyAgainstTheirFiles) {
  const auto members = source_path("tests/bad_inputs/members.csv");
  struct Case {
    const char* archive;
    const char* records;
  };
  for (const Case c : {Case{"tests/archives/v1_default_2024.dsa", "tests/archives/v1_records.csv"},
                       Case{"tests/archives/small.dsa", "tests/bad_inputs/records_outside_service.csv"},
                       Case{"tests/archives/signed.dsa", "tests/bad_inputs/records_outside_service.csv"}}) {
    SCOPED_TRACE(c.archive);
    const auto same = run_command(cli() + " verify --archive " + source_path(c.archive) +
                                  " --members " + members + " --records " + source_path(c.records) +
                                  " 2>/dev/null");
    EXPECT_EQ(same.exit_code, 0) << same.out;
    EXPECT_NE(same.out.find("the inputs are the archived ones"), std::string::npos) << same.out;
  }
  const auto dir = std::filesystem::temp_directory_path() /
                   ("dutyscore-archive-before-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string text = slurp(source_path("tests/bad_inputs/records_outside_service.csv"));
  const auto first = text.find('\n') + 1, second = text.find('\n', first) + 1;
  const auto reordered = (dir / "r.csv").string();
  std::ofstream(reordered, std::ios::binary)
      << text.substr(0, first) << text.substr(second) << text.substr(first, second - first);
  const auto other = run_command(cli() + " verify --archive " + source_path("tests/archives/small.dsa") +
                                 " --members " + members + " --records " + reordered + " 2>/dev/null");
  EXPECT_EQ(other.exit_code, 0) << other.out;
  EXPECT_NE(other.out.find("its bytes differ, its rows do not"), std::string::npos) << other.out;
  std::filesystem::remove_all(dir);
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
  // The digests taken as the files were read are the sha256sum program's
  // of their bytes, and the rows digest of the whole text.
  {
    Problems problems;
    const auto saved = load_archive_file(archive, problems);
    ASSERT_TRUE(saved.has_value());
    const auto sums = run_command("sha256sum '" + members + "' '" + records + "'");
    ASSERT_EQ(sums.exit_code, 0);
    EXPECT_EQ(sums.out.substr(0, 64), saved->archive.members_digest);
    EXPECT_EQ(sums.out.substr(sums.out.find('\n') + 1, 64), saved->archive.records_digest);
    EXPECT_EQ(saved->archive.records_rows_digest, rows_digest_whole(slurp(records)));
    EXPECT_EQ(saved->archive.members_rows_digest, rows_digest_whole(slurp(members)));
  }
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
  EXPECT_NE(diff.out.find("both differ: the inputs are not the archived ones"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(ArchiveCommandLine, AnArchiveReplacedWhileVerifyScoresIsNotVerified) {
  // verify reads the archive, lets it go while it reads and scores the
  // records, and reads its file again: another archive put in its place
  // meanwhile (here while verify waits for the records on a pipe) is
  // refused, not compared.
  const auto dir = std::filesystem::temp_directory_path() /
                   ("dutyscore-archive-swap-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const std::string d = dir.string();
  const auto members = source_path("examples/data/members.csv");
  const auto records = source_path("examples/data/records.csv");
  for (const char* year : {"2025", "2024"}) {
    const auto score = run_command(cli() + " score --quiet --rules " + source_path("rules/default.yaml") +
                                   " --members " + members + " --records " + records + " --year " +
                                   year + " --archive " + d + "/" + year + ".dsa >/dev/null");
    ASSERT_EQ(score.exit_code, 0);
  }
  const std::string script =
      "cd '" + d + "' && cp 2025.dsa a.dsa && mkfifo r.fifo || exit 9; "
      "{ timeout 120 " + cli() + " verify --archive a.dsa --members '" + members +
      "' --records r.fifo >out.txt 2>&1; echo \\$? >rc.txt; } & "
      // The pipe opens once verify has read the archive and waits for the
      // records: then the archive is replaced and the records given.
      "exec 3>'" + d + "/r.fifo' && mv '" + d + "/2024.dsa' '" + d + "/a.dsa' && cat '" + records +
      "' >&3; exec 3>&-; wait; cat '" + d + "/rc.txt' '" + d + "/out.txt'";
  const auto swapped = run_command("bash -c \"" + script + "\"");
  EXPECT_EQ(swapped.out.rfind("1\n", 0), 0u) << swapped.out;
  EXPECT_NE(swapped.out.find("the archive changed on disk while it was verified"), std::string::npos)
      << swapped.out;
  EXPECT_EQ(swapped.out.find("verified: every member"), std::string::npos) << swapped.out;
  // Deleted meanwhile: said as such (the file cannot be read), not as a
  // change of content.
  const std::string deleted =
      "cd '" + d + "' && cp 2025.dsa a.dsa || exit 9; "
      "{ timeout 120 " + cli() + " verify --archive a.dsa --members '" + members +
      "' --records r.fifo >out.txt 2>&1; echo \\$? >rc.txt; } & "
      "exec 3>'" + d + "/r.fifo' && rm '" + d + "/a.dsa' && cat '" + records +
      "' >&3; exec 3>&-; wait; cat '" + d + "/rc.txt' '" + d + "/out.txt'";
  const auto gone = run_command("bash -c \"" + deleted + "\"");
  EXPECT_EQ(gone.out.rfind("1\n", 0), 0u) << gone.out;
  EXPECT_NE(gone.out.find("cannot read the file"), std::string::npos) << gone.out;
  EXPECT_NE(gone.out.find("the archive could not be read again after the records were scored"),
            std::string::npos)
      << gone.out;
  EXPECT_EQ(gone.out.find("changed on disk"), std::string::npos) << gone.out;
  // The same pipe without the swap verifies.
  const std::string plain =
      "cd '" + d + "' && cp 2025.dsa a.dsa || exit 9; "
      "{ timeout 120 " + cli() + " verify --archive a.dsa --members '" + members +
      "' --records r.fifo >out.txt 2>&1; echo \\$? >rc.txt; } & "
      "exec 3>'" + d + "/r.fifo' && cat '" + records + "' >&3; exec 3>&-; wait; cat '" + d +
      "/rc.txt' '" + d + "/out.txt'";
  const auto same = run_command("bash -c \"" + plain + "\"");
  EXPECT_EQ(same.out.rfind("0\n", 0), 0u) << same.out;
  EXPECT_NE(same.out.find("verified: every member's score matches the archive"), std::string::npos)
      << same.out;
  std::filesystem::remove_all(dir);
}

TEST(ArchiveCommandLine, AReorderedRecordsFileWithTheSameScoresIsNoDifference) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("dutyscore-archive-order-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const auto archive = (dir / "a.dsa").string();
  const auto members = source_path("examples/data/members.csv");
  const auto records = source_path("examples/data/records.csv");
  const auto keygen = run_command(cli() + " keygen --signer 南城区政协办公室 --out " + (dir / "office").string());
  ASSERT_EQ(keygen.exit_code, 0) << keygen.out;
  EXPECT_EQ(std::filesystem::status(dir / "office.key").permissions() & std::filesystem::perms::others_read,
            std::filesystem::perms::none);
  const auto score = run_command(cli() + " score --quiet --rules " + source_path("rules/default.yaml") +
                                 " --members " + members + " --records " + records +
                                 " --year 2025 --archive " + archive + " --sign " +
                                 (dir / "office.key").string() + " >/dev/null");
  ASSERT_EQ(score.exit_code, 0);
  // The same rows, last first.
  std::istringstream in(slurp(records));
  std::string header, line;
  std::getline(in, header);
  std::vector<std::string> rows;
  while (std::getline(in, line)) rows.push_back(line);
  const auto reordered = (dir / "r.csv").string();
  {
    std::ofstream out(reordered, std::ios::binary);
    out << header << "\r\n";
    for (auto it = rows.rbegin(); it != rows.rend(); ++it) out << *it << "\r\n";
  }
  const auto verify = run_command(cli() + " verify --archive " + archive + " --members " + members +
                                  " --records " + reordered + " --signer " + (dir / "office.pub").string());
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_NE(verify.out.find("signed by '南城区政协办公室' (Ed25519 public key "), std::string::npos) << verify.out;
  EXPECT_NE(verify.out.find("the records file holds the archived rows in another order"), std::string::npos);
  EXPECT_NE(verify.out.find("verified: every member's score matches the archive"), std::string::npos);
  // Another office's key is refused.
  ASSERT_EQ(run_command(cli() + " keygen --signer 北城区 --out " + (dir / "other").string()).exit_code, 0);
  const auto wrong = run_command(cli() + " verify --archive " + archive + " --members " + members +
                                 " --records " + records + " --signer " + (dir / "other.pub").string() + " 2>&1");
  EXPECT_EQ(wrong.exit_code, 1) << wrong.out;
  EXPECT_NE(wrong.out.find("the archive is signed by '南城区政协办公室'"), std::string::npos) << wrong.out;
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace dutyscore::testing
