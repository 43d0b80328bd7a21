// Saved evaluations, kept for years and re-checked when a score is
// disputed: the rule set's text, digests of every input, the period, the
// engine version and every member's results.
//
// File layout: the 16-byte magic "DUTYSCORE-ARCH\r\n", the format version
// (4 bytes, little-endian), the payload size (8 bytes, little-endian), the
// payload's SHA-256 (32 bytes), then the payload: a Boost.Serialization
// text archive. Magic, version, size and checksum are all checked before
// any of the payload is deserialized, so a truncated, tampered or
// future-version file is refused with a message, never read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/decimal.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/problem.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"

namespace dutyscore {

inline constexpr std::uint32_t kArchiveFormatVersion = 1;

struct ArchivedMember {
  std::string member_id;
  std::vector<Points> subtotals;  // one per category, in the rule set's order
  Points total = 0;
  std::string grade;              // the label; empty when none
  std::int32_t rank = 0;
  std::uint8_t flags = 0;         // MemberFlag bits
};

struct EvaluationArchive {
  std::uint32_t format_version = kArchiveFormatVersion;
  std::string engine_version;
  std::string rules_text;
  std::string rules_digest;    // SHA-256, hex
  std::string members_digest;  // of the members file's bytes as read
  std::string records_digest;  // of the records file's bytes as read
  Day period_first = 0;
  Day period_last = 0;
  int precision = 2;
  std::vector<std::string> categories;
  std::vector<ArchivedMember> members;
};

// SHA-256 of `data` as 64 lowercase hex digits.
std::string sha256_hex(std::string_view data);

// The version of the engine that writes archives.
std::string engine_version();

// An archive of one evaluation: `*_text` are the input files' bytes.
EvaluationArchive make_archive(const std::string& rules_text, const std::string& members_text,
                               const std::string& records_text, const Period& period,
                               const RuleSet& rules, const MemberTable& members,
                               const Scores& scores);

// The same from the input files' digests (sha256_hex), for callers that
// no longer hold their bytes; rules.source_text is the rule text kept.
EvaluationArchive make_archive_from_digests(const RuleSet& rules, const std::string& members_digest,
                                            const std::string& records_digest,
                                            const Period& period, const MemberTable& members,
                                            const Scores& scores);

// The archive file's bytes.
std::string write_archive(const EvaluationArchive& archive);

// Reads an archive file's bytes; nothing (with an error naming `file`)
// when it is not an archive, is truncated, fails its checksum or has a
// format version this engine does not know.
std::optional<EvaluationArchive> read_archive(std::string_view bytes, const std::string& file,
                                              Problems& problems);

// An archive file read, with the rule set kept in it loaded.
struct LoadedArchive {
  EvaluationArchive archive;
  RuleSet rules;
};

// Reads the archive file at `path` (read_archive) and loads its rule set;
// nothing, with every problem (placed at `path`), when either fails.
std::optional<LoadedArchive> load_archive_file(const std::string& path, Problems& problems);

// What recomputing an archive found.
struct VerifyOutcome {
  bool members_file_matches = false;
  bool records_file_matches = false;
  // Every difference in plain words: the input files first, then members.
  std::vector<std::string> differences;
  bool verified() const { return differences.empty(); }
};

// Recomputes `archive` with its rule set and period over `members` and
// `records`, whose files' SHA-256 digests (sha256_hex of the bytes read)
// are compared with the archived ones. `rules` is the archive's rule set,
// loaded from archive.rules_text.
VerifyOutcome verify_archive(const EvaluationArchive& archive, const RuleSet& rules,
                             const MemberTable& members, const RecordBatch& records,
                             const std::string& members_digest, const std::string& records_digest,
                             unsigned threads = 1);

// What verify_archive() found, for people: the archive's engine, period,
// members and rule set digest, every difference, then "verified: ..." or
// the count of differences.
std::string verify_text(const EvaluationArchive& archive, const VerifyOutcome& outcome);

// One line per member whose recomputed results differ from the archive
// ("member 'M7': total 85.00 in the archive, 83.50 now"), plus members
// present on one side only. Empty when everything matches.
std::vector<std::string> compare_with_archive(const EvaluationArchive& archive,
                                              const RuleSet& rules, const MemberTable& members,
                                              const Scores& scores);

}  // namespace dutyscore
