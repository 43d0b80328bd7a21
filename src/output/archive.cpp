#include "dutyscore/archive.h"

#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/rule_loader.h"

#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/vector.hpp>

#include <cstring>
#include <map>
#include <sstream>

#include "base/sha256.h"

namespace boost::serialization {

template <class Archive>
void serialize(Archive& ar, dutyscore::ArchivedMember& m, const unsigned int /*version*/) {
  ar& m.member_id& m.subtotals& m.total& m.grade& m.rank& m.flags;
}

template <class Archive>
void serialize(Archive& ar, dutyscore::EvaluationArchive& a, const unsigned int /*version*/) {
  ar& a.format_version& a.engine_version& a.rules_text& a.rules_digest& a.members_digest&
      a.records_digest& a.period_first& a.period_last& a.precision& a.categories& a.members;
}

}  // namespace boost::serialization

namespace dutyscore {
namespace {

constexpr char kMagic[] = "DUTYSCORE-ARCH\r\n";  // the \r\n catches text-mode copies
constexpr std::size_t kMagicSize = 16;
constexpr std::size_t kHeaderSize = kMagicSize + 4 + 8 + 32;
// A payload larger than this is not an archive this engine wrote.
constexpr std::uint64_t kMaxPayload = std::uint64_t(1) << 36;

void put_le(std::string& out, std::uint64_t value, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((value >> (8 * i)) & 0xFF);
}

std::uint64_t get_le(std::string_view in, std::size_t at, int bytes) {
  std::uint64_t value = 0;
  for (int i = 0; i < bytes; ++i)
    value |= std::uint64_t(static_cast<unsigned char>(in[at + i])) << (8 * i);
  return value;
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

std::string engine_version() {
#ifdef DUTYSCORE_VERSION
  return DUTYSCORE_VERSION;
#else
  return "unknown";
#endif
}

EvaluationArchive make_archive(const std::string& rules_text, const std::string& members_text,
                               const std::string& records_text, const Period& period,
                               const RuleSet& rules, const MemberTable& members,
                               const Scores& scores) {
  EvaluationArchive a = make_archive_from_digests(rules, sha256_hex(members_text),
                                                  sha256_hex(records_text), period, members, scores);
  a.rules_text = rules_text;
  a.rules_digest = sha256_hex(rules_text);
  return a;
}

EvaluationArchive make_archive_from_digests(const RuleSet& rules, const std::string& members_digest,
                                            const std::string& records_digest,
                                            const Period& period, const MemberTable& members,
                                            const Scores& scores) {
  EvaluationArchive a;
  a.engine_version = engine_version();
  a.rules_text = rules.source_text;
  a.rules_digest = sha256_hex(rules.source_text);
  a.members_digest = members_digest;
  a.records_digest = records_digest;
  a.period_first = period.first;
  a.period_last = period.last;
  a.precision = scores.precision;
  for (const auto& c : rules.categories) a.categories.push_back(c.id);
  for (MemberIndex m = 0; m < scores.member_count(); ++m) {
    ArchivedMember am;
    am.member_id = members.id(m);
    for (Eigen::Index c = 0; c < scores.subtotals.cols(); ++c)
      am.subtotals.push_back(scores.subtotals(static_cast<Eigen::Index>(m), c));
    am.total = scores.totals[m];
    am.grade = grade_label(rules, scores, m);
    am.rank = scores.rank[m];
    am.flags = scores.flags[m];
    a.members.push_back(std::move(am));
  }
  return a;
}

std::string verify_text(const EvaluationArchive& archive, const VerifyOutcome& outcome) {
  std::string out = "archive: engine " + archive.engine_version + ", period " +
                    Period{archive.period_first, archive.period_last}.to_string() + ", " +
                    std::to_string(archive.members.size()) + " members, rule set sha256 " +
                    archive.rules_digest + "\n";
  for (const auto& d : outcome.differences) out += d + "\n";
  out += outcome.verified() ? "verified: every member's score matches the archive\n"
                            : std::to_string(outcome.differences.size()) + " difference(s)\n";
  return out;
}

std::optional<LoadedArchive> load_archive_file(const std::string& path, Problems& problems) {
  std::string bytes;
  if (!read_file(path, bytes, problems)) return std::nullopt;
  auto archive = read_archive(bytes, path, problems);
  if (!archive) return std::nullopt;
  auto rules = load_rules(archive->rules_text, path + " (rule set)", problems);
  if (!rules) return std::nullopt;
  return LoadedArchive{std::move(*archive), std::move(*rules)};
}

VerifyOutcome verify_archive(const EvaluationArchive& archive, const RuleSet& rules,
                             const MemberTable& members, const RecordBatch& records,
                             const std::string& members_digest, const std::string& records_digest,
                             unsigned threads) {
  VerifyOutcome o;
  o.members_file_matches = members_digest == archive.members_digest;
  o.records_file_matches = records_digest == archive.records_digest;
  if (!o.members_file_matches)
    o.differences.push_back("the members file is not the one archived (its SHA-256 differs)");
  if (!o.records_file_matches)
    o.differences.push_back("the records file is not the one archived (its SHA-256 differs)");
  EvaluateOptions options;
  options.threads = threads;
  const Scores scores = evaluate(rules, members, records,
                                 Period{archive.period_first, archive.period_last}, options);
  for (auto& d : compare_with_archive(archive, rules, members, scores))
    o.differences.push_back(std::move(d));
  return o;
}

std::string write_archive(const EvaluationArchive& archive) {
  std::ostringstream payload_stream;
  {
    boost::archive::text_oarchive out(payload_stream);
    out << archive;
  }
  const std::string payload = payload_stream.str();
  std::string bytes(kMagic, kMagicSize);
  put_le(bytes, archive.format_version, 4);
  put_le(bytes, payload.size(), 8);
  const auto digest = sha256(payload);
  bytes.append(reinterpret_cast<const char*>(digest.data()), digest.size());
  bytes += payload;
  return bytes;
}

std::optional<EvaluationArchive> read_archive(std::string_view bytes, const std::string& file,
                                              Problems& problems) {
  const Location where{file, 0, 0, {}};
  if (bytes.size() < kMagicSize || std::memcmp(bytes.data(), kMagic, kMagicSize) != 0) {
    problems.error(where, "not a dutyscore evaluation archive");
    return std::nullopt;
  }
  if (bytes.size() < kHeaderSize) {
    problems.error(where, "the archive is truncated: its header is incomplete");
    return std::nullopt;
  }
  const auto version = static_cast<std::uint32_t>(get_le(bytes, kMagicSize, 4));
  if (version == 0 || version > kArchiveFormatVersion) {
    problems.error(where, "the archive has format version " + std::to_string(version) +
                              "; this dutyscore (" + engine_version() + ") reads versions up to " +
                              std::to_string(kArchiveFormatVersion) +
                              ": use a newer dutyscore to read it");
    return std::nullopt;
  }
  const std::uint64_t size = get_le(bytes, kMagicSize + 4, 8);
  const std::string_view payload = bytes.substr(kHeaderSize);
  if (size > kMaxPayload || payload.size() < size) {
    problems.error(where, "the archive is truncated: " + std::to_string(payload.size()) +
                              " bytes of content where the header announces " +
                              std::to_string(size));
    return std::nullopt;
  }
  if (payload.size() > size) {
    problems.error(where, "the archive has " + std::to_string(payload.size() - size) +
                              " unexpected bytes after its content");
    return std::nullopt;
  }
  const auto digest = sha256(payload);
  if (std::memcmp(digest.data(), bytes.data() + kMagicSize + 12, digest.size()) != 0) {
    problems.error(where, "the archive's checksum does not match its content: it was changed or "
                          "damaged after it was written");
    return std::nullopt;
  }
  EvaluationArchive archive;
  try {
    std::istringstream in{std::string(payload)};
    boost::archive::text_iarchive reader(in);
    reader >> archive;
  } catch (const std::exception& e) {
    problems.error(where, std::string("the archive's content cannot be read: ") + e.what());
    return std::nullopt;
  }
  if (archive.format_version != version || archive.period_last < archive.period_first ||
      archive.rules_digest != sha256_hex(archive.rules_text)) {
    problems.error(where, "the archive's content is inconsistent (version, period or rule digest)");
    return std::nullopt;
  }
  for (const auto& m : archive.members) {
    if (m.subtotals.size() != archive.categories.size()) {
      problems.error(where, "the archive's content is inconsistent: member " +
                                quoted(m.member_id) + " has " +
                                std::to_string(m.subtotals.size()) + " subtotals for " +
                                std::to_string(archive.categories.size()) + " categories");
      return std::nullopt;
    }
  }
  return archive;
}

std::vector<std::string> compare_with_archive(const EvaluationArchive& archive,
                                              const RuleSet& rules, const MemberTable& members,
                                              const Scores& scores) {
  std::vector<std::string> out;
  const int precision = archive.precision;
  const auto pts = [&](Points p) { return format_points(p, precision); };
  std::map<std::string, MemberIndex> now;
  for (MemberIndex m = 0; m < scores.member_count(); ++m) now.emplace(members.id(m), m);
  std::map<std::string, bool> archived;
  for (const auto& am : archive.members) {
    archived.emplace(am.member_id, true);
    const auto it = now.find(am.member_id);
    if (it == now.end()) {
      out.push_back("member " + quoted(am.member_id) + ": in the archive, not in the members now");
      continue;
    }
    const MemberIndex m = it->second;
    std::string diff;
    const auto add = [&](const std::string& what) { diff += (diff.empty() ? "" : "; ") + what; };
    if (am.total != scores.totals[m])
      add("total " + pts(am.total) + " in the archive, " + pts(scores.totals[m]) + " now");
    for (std::size_t c = 0; c < am.subtotals.size() && c < rules.categories.size(); ++c) {
      const Points sub = scores.subtotals(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(c));
      if (am.subtotals[c] != sub)
        add(archive.categories[c] + " " + pts(am.subtotals[c]) + " in the archive, " + pts(sub) +
            " now");
    }
    const std::string grade = grade_label(rules, scores, m);
    if (am.grade != grade) add("grade " + quoted(am.grade) + " in the archive, " + quoted(grade) + " now");
    if (am.rank != scores.rank[m])
      add("rank " + std::to_string(am.rank) + " in the archive, " + std::to_string(scores.rank[m]) + " now");
    if (am.flags != scores.flags[m]) add("flags differ");
    if (!diff.empty()) out.push_back("member " + quoted(am.member_id) + ": " + diff);
  }
  for (MemberIndex m = 0; m < scores.member_count(); ++m) {
    if (!archived.count(members.id(m)))
      out.push_back("member " + quoted(members.id(m)) + ": not in the archive");
  }
  return out;
}

}  // namespace dutyscore
