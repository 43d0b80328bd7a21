// Saved evaluations, kept for years and re-checked when a score is
// disputed: the rule set's text, digests of every input, the period, the
// engine version and every member's results, optionally signed by the
// office that made them.
//
// File layout (format 2): the 16-byte magic "DUTYSCORE-ARCH\r\n", the
// format version (4 bytes, little-endian), the payload size (8 bytes), the
// payload's SHA-256 (32 bytes), the payload, then for a signed archive a
// signature block: the signer's name (4-byte length, at most 256 bytes of
// UTF-8), the Ed25519 public key (32 bytes) and the signature (64 bytes)
// of everything before it. The payload is little-endian binary: strings as
// a 4-byte length and their bytes, counts as 4 bytes, amounts as 8.
// Format 1 (before signatures) held a Boost text archive; it is still read,
// by a bounded reader of its own, and its digests are the same SHA-256.
//
// Reading cannot hurt the reader: magic, version, size and checksum are
// checked first; every length and count is checked against the bytes that
// remain before anything is allocated; every field is checked (precision,
// period, digests, ids against the archived rule set, totals against
// subtotals) before the archive is returned.
#pragma once

#include <array>
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

inline constexpr std::uint32_t kArchiveFormatVersion = 2;

struct ArchivedMember {
  std::string member_id;
  std::vector<Points> subtotals;  // one per category, in the rule set's order
  Points total = 0;
  std::string grade;              // the label; empty when none
  std::int32_t rank = 0;
  std::uint8_t flags = 0;         // MemberFlag bits
};

// Who signed an archive (read_archive() has checked the signature).
struct ArchiveSigner {
  std::string name;        // as the office named itself in `dutyscore keygen`
  std::string public_key;  // Ed25519, 64 hex digits
};

struct EvaluationArchive {
  std::uint32_t format_version = kArchiveFormatVersion;
  std::string engine_version;
  std::string rules_text;
  std::string rules_digest;    // SHA-256, hex
  std::string members_digest;  // of the members file's bytes as read
  std::string records_digest;  // of the records file's bytes as read
  // Of the files' rows in any order (rows_digest()): a file whose rows were
  // only re-ordered, or re-saved with other line ends, has the same one.
  // Empty in format 1 archives.
  std::string members_rows_digest;
  std::string records_rows_digest;
  Day period_first = 0;
  Day period_last = 0;
  int precision = 2;
  std::vector<std::string> categories;
  std::vector<ArchivedMember> members;
  // Set by read_archive() for a signed archive; write_archive() signs with
  // the key it is given instead.
  std::optional<ArchiveSigner> signer;
  // Set by read_archive(): the SHA-256 (hex) of the archive's content, as
  // its header gives it, which tells this archive's bytes from any other's.
  // write_archive() computes the one it writes.
  std::string content_digest;
};

// SHA-256 of `data` as 64 lowercase hex digits (libsodium).
std::string sha256_hex(std::string_view data);

// A digest of a CSV file's rows that does not depend on their order: the
// header row, then the multiset of the other rows (BOM, line ends and
// blank lines ignored). Linear in the text's size.
std::string rows_digest(std::string_view csv_text);

// The version of the engine that writes archives.
std::string engine_version();

// An archive of one evaluation: `*_text` are the input files' bytes.
EvaluationArchive make_archive(const std::string& rules_text, const std::string& members_text,
                               const std::string& records_text, const Period& period,
                               const RuleSet& rules, const MemberTable& members,
                               const Scores& scores);

// The same from the input files' digests (sha256_hex, and rows_digest
// when known), for callers that no longer hold their bytes;
// rules.source_text is the rule text kept.
EvaluationArchive make_archive_from_digests(const RuleSet& rules, const std::string& members_digest,
                                            const std::string& records_digest,
                                            const Period& period, const MemberTable& members,
                                            const Scores& scores,
                                            const std::string& members_rows_digest = {},
                                            const std::string& records_rows_digest = {});

// An office's Ed25519 key pair (libsodium), with the name it signs as.
struct SigningKey {
  std::string signer;
  std::array<std::uint8_t, 64> secret{};  // libsodium's: seed and public key
  std::array<std::uint8_t, 32> public_key{};
};

// Why `signer` cannot name a key (empty, over 256 bytes, more than one
// line); nothing when it can.
std::optional<std::string> signer_name_problem(const std::string& signer);
// A new key pair from the system's random source.
SigningKey make_signing_key(const std::string& signer);
// The key files `dutyscore keygen` writes: the secret one (keep it, with
// its permissions 0600, where only the office's staff can read it) and the
// public one (publish it).
std::string secret_key_text(const SigningKey& key);
std::string public_key_text(const SigningKey& key);
// Reads them back; nothing, with an error naming `file`, when malformed.
std::optional<SigningKey> read_secret_key(std::string_view text, const std::string& file,
                                          Problems& problems);
std::optional<ArchiveSigner> read_public_key(std::string_view text, const std::string& file,
                                             Problems& problems);

// The key files read from disk (at most 64 KiB): nothing, with the
// reason placed at `path`, when unreadable or malformed.
std::optional<SigningKey> load_secret_key_file(const std::string& path, Problems& problems);
std::optional<ArchiveSigner> load_public_key_file(const std::string& path, Problems& problems);
// Writes PREFIX.key (readable by its owner only, from before the key is in
// it) and PREFIX.pub; false, with the reason, when either exists (a key is
// never overwritten) or cannot be written.
bool write_key_files(const SigningKey& key, const std::string& prefix, Problems& problems);
// An error placed at `archive_path` unless `archive` is signed with the
// key of `expected` (read from `key_path`, named in the message).
void require_signer(const EvaluationArchive& archive, const std::string& archive_path,
                    const ArchiveSigner& expected, const std::string& key_path,
                    Problems& problems);
// The archive file's bytes, signed with `key` when given.
std::string write_archive(const EvaluationArchive& archive, const SigningKey* key = nullptr);

// Reads an archive file's bytes; nothing (with an error naming `file`)
// when it is not an archive, is truncated, fails its checksum or its
// signature, has a format version this engine does not know, or holds a
// field that is out of range or disagrees with the archived rule set.
std::optional<EvaluationArchive> read_archive(std::string_view bytes, const std::string& file,
                                              Problems& problems);

// The members of `archive` (read by read_archive(), its members let go
// since) read again from `bytes`, its file's bytes read again, for a
// caller that keeps neither the parsed members (some 200 bytes each) nor
// the bytes (some 80) while it does something else, as `dutyscore verify`
// does while it scores. The content's checksum is checked again (the file
// may have changed on disk); its signature and fields are not, being the
// content checked before. False, with `archive` unchanged, when the bytes
// are not that archive's (their content's SHA-256 is not
// archive.content_digest) or do not parse.
bool read_archive_members(std::string_view bytes, EvaluationArchive& archive);

// An archive file read, with the rule set kept in it loaded.
struct LoadedArchive {
  EvaluationArchive archive;
  RuleSet rules;
};

// read_archive() of `bytes`, the archive file `file`, with its rule set
// loaded; nothing, with every problem (placed at `file`), when either
// fails.
std::optional<LoadedArchive> load_archive(std::string_view bytes, const std::string& file,
                                          Problems& problems);

// Reads the archive file at `path` (at most `max_bytes`): load_archive().
std::optional<LoadedArchive> load_archive_file(const std::string& path, Problems& problems,
                                               std::size_t max_bytes = std::size_t{1} << 30);

// The digests of the input files a verification compares with the
// archived ones: sha256_hex of their bytes, and rows_digest() of them
// (may be empty: then a file whose rows were only re-ordered counts as
// different).
struct InputDigests {
  std::string members, records;
  std::string members_rows, records_rows;
};

// What recomputing an archive found, in plain words: whether the inputs
// are the archived ones, whether the scores are, or both.
struct VerifyOutcome {
  bool members_file_matches = false;  // the same bytes
  bool records_file_matches = false;
  // The same rows, perhaps in another order (or the same bytes).
  bool members_rows_match = false;
  bool records_rows_match = false;
  bool scores_match = false;
  // Notes that are no difference ("the records file holds the archived
  // rows in another order ...").
  std::vector<std::string> notes;
  // Every difference: the input files first, then members.
  std::vector<std::string> differences;
  bool inputs_match() const { return members_rows_match && records_rows_match; }
  bool verified() const { return differences.empty(); }
};

// Recomputes `archive` with its rule set and period over `members` and
// `records`, whose files' digests are compared with the archived ones.
// `rules` is the archive's rule set, loaded from archive.rules_text.
VerifyOutcome verify_archive(const EvaluationArchive& archive, const RuleSet& rules,
                             const MemberTable& members, const RecordBatch& records,
                             const InputDigests& digests, unsigned threads = 1);

// verify_archive() with the scores already made (evaluate() with the
// archive's rule set and period over the members and records), for a
// caller that lets the records go before the archived members are read:
// a national archive's members take hundreds of MB.
VerifyOutcome verify_scores(const EvaluationArchive& archive, const RuleSet& rules,
                            const MemberTable& members, const Scores& scores,
                            const InputDigests& digests);

// What verify_archive() found, for people: the archive's engine, period,
// members and rule set digest; who signed it; notes and differences; then
// one line that says which differ: "verified: ...", "the inputs differ
// ...; every member's score matches", "the inputs are the archived ones;
// N member(s) score differently" or "both differ: ...".
std::string verify_text(const EvaluationArchive& archive, const VerifyOutcome& outcome);

// One line per member whose recomputed results differ from the archive
// ("member 'M7': total 85.00 in the archive, 83.50 now"), plus members
// present on one side only. Empty when everything matches.
std::vector<std::string> compare_with_archive(const EvaluationArchive& archive,
                                              const RuleSet& rules, const MemberTable& members,
                                              const Scores& scores);

}  // namespace dutyscore
