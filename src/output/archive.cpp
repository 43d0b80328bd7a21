#include "dutyscore/archive.h"

#include <sodium.h>

#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <cstring>
#include <limits>
#include <map>
#include <stdexcept>

#include "base/little_endian.h"
#include "base/open_table.h"
#include "base/sha256.h"
#include "base/short_text.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/input_digest.h"
#include "dutyscore/rule_loader.h"

namespace dutyscore {
namespace {

constexpr char kMagic[] = "DUTYSCORE-ARCH\r\n";  // the \r\n catches text-mode copies
constexpr std::size_t kMagicSize = 16;
constexpr std::size_t kHeaderSize = kMagicSize + 4 + 8 + 32;
// A payload larger than this is not an archive this engine wrote.
constexpr std::uint64_t kMaxPayload = std::uint64_t(1) << 36;
constexpr std::size_t kMaxSignerName = 256;
constexpr std::size_t kSignatureBlock = crypto_sign_PUBLICKEYBYTES + crypto_sign_BYTES;
// Fields no engine writes longer.
constexpr std::size_t kMaxVersionText = 64;
constexpr std::size_t kMaxIdText = 4096;

using detail::get_le;
using detail::put_le;

void put_string(std::string& out, std::string_view s) {
  put_le(out, s.size(), 4);
  out.append(s.data(), s.size());
}

std::string quoted(const std::string& s) { return "'" + s + "'"; }

bool is_hex_digest(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
           return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
         });
}

// What both archive readers share: the bytes, where reading is, and the
// first problem, which stops reading (`error` says what and where). Every
// claimed length or count is checked against the bytes that remain before
// anything is allocated.
class BoundedInput {
 public:
  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  std::size_t left() const { return in_.size() - at_; }

 protected:
  explicit BoundedInput(std::string_view bytes) : in_(bytes) {}
  void fail(const char* what, const std::string& how) {
    if (ok()) error_ = std::string(what) + " " + how + " (at byte " + std::to_string(at_) + " of the content)";
  }
  bool length_within(const char* what, std::int64_t n, std::size_t max) {
    if (n >= 0 && static_cast<std::uint64_t>(n) <= max) return true;
    fail(what, "claims " + std::to_string(n) + " bytes, more than the " + std::to_string(max) +
                   " it may have");
    return false;
  }
  // The next `n` bytes as a string, when that many remain.
  std::string take(const char* what, std::int64_t n) {
    if (static_cast<std::uint64_t>(n) > left())
      return fail(what, "claims " + std::to_string(n) + " bytes, but only " +
                            std::to_string(left()) + " remain"), std::string();
    std::string s(in_.substr(at_, static_cast<std::size_t>(n)));
    at_ += static_cast<std::size_t>(n);
    return s;
  }
  // A count of items of at least `item_bytes` bytes each: never more than
  // the remaining bytes can hold.
  std::size_t count_within(const char* what, std::int64_t n, std::size_t item_bytes) {
    if (n < 0 || static_cast<std::uint64_t>(n) > left() / item_bytes)
      return fail(what, "claims " + std::to_string(n) + " items, but the " +
                            std::to_string(left()) + " bytes that remain hold at most " +
                            std::to_string(left() / item_bytes)), 0;
    return static_cast<std::size_t>(n);
  }

  std::string_view in_;
  std::size_t at_ = 0;

 private:
  std::string error_;
};

// The payload of format 2: little-endian numbers, strings as a 4-byte
// length and their bytes.
class BinaryReader : public BoundedInput {
 public:
  explicit BinaryReader(std::string_view bytes) : BoundedInput(bytes) {}
  bool at_end() const { return at_ == in_.size(); }

  std::uint64_t number(int bytes, const char* what) {
    if (!ok()) return 0;
    if (left() < static_cast<std::size_t>(bytes)) return fail(what, "is cut off"), 0;
    const std::uint64_t v = get_le(in_, at_, bytes);
    at_ += static_cast<std::size_t>(bytes);
    return v;
  }
  std::int64_t signed64(const char* what) { return static_cast<std::int64_t>(number(8, what)); }
  std::int32_t signed32(const char* what) {
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(number(4, what)));
  }
  std::string text(const char* what, std::size_t max) {
    const auto n = static_cast<std::int64_t>(number(4, what));
    if (!ok() || !length_within(what, n, max)) return {};
    return take(what, n);
  }
  std::size_t count(const char* what, std::size_t item_bytes) {
    const auto n = static_cast<std::int64_t>(number(4, what));
    return ok() ? count_within(what, n, item_bytes) : 0;
  }
};

// Format 1: a Boost text archive as this engine's Boost 1.74 wrote it
// ("22 serialization::archive 18 0 0 1 5 0.1.0 ..."): numbers separated by
// spaces, strings as "length bytes", class headers "0 0" before the first
// object of a class type. Read by hand so that a hostile length or count
// cannot make the reader allocate what the file does not hold.
class TextReader : public BoundedInput {
 public:
  explicit TextReader(std::string_view bytes) : BoundedInput(bytes) {}
  bool at_end() {
    while (at_ < in_.size() && (in_[at_] == ' ' || in_[at_] == '\n')) ++at_;
    return at_ == in_.size();
  }

  std::int64_t number(const char* what) {
    if (!ok()) return 0;
    while (at_ < in_.size() && in_[at_] == ' ') ++at_;
    const std::size_t begin = at_;
    if (at_ < in_.size() && in_[at_] == '-') ++at_;
    std::uint64_t value = 0;
    std::size_t digits = 0;
    for (; at_ < in_.size() && in_[at_] >= '0' && in_[at_] <= '9'; ++at_, ++digits) {
      if (value > (std::numeric_limits<std::uint64_t>::max() - 9) / 10) return fail(what, "is too large"), 0;
      value = value * 10 + static_cast<std::uint64_t>(in_[at_] - '0');
    }
    if (digits == 0) return fail(what, "is not a number"), 0;
    const bool negative = in_[begin] == '-';
    if (value > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) + (negative ? 1 : 0))
      return fail(what, "is too large"), 0;
    return negative ? static_cast<std::int64_t>(0 - value) : static_cast<std::int64_t>(value);
  }
  std::string text(const char* what, std::size_t max) {
    const std::int64_t n = number(what);
    if (!ok() || !length_within(what, n, max)) return {};
    if (at_ >= in_.size() || in_[at_] != ' ') return fail(what, "is malformed"), std::string();
    ++at_;
    return take(what, n);
  }
  std::size_t count(const char* what, std::size_t item_bytes) {
    const std::int64_t n = number(what);
    return ok() ? count_within(what, n, item_bytes) : 0;
  }
  void expect(std::int64_t value, const char* what) {
    if (number(what) != value && ok()) fail(what, "is not " + std::to_string(value));
  }
};

std::optional<EvaluationArchive> parse_v2(std::string_view payload, std::string& error) {
  BinaryReader r(payload);
  EvaluationArchive a;
  a.format_version = static_cast<std::uint32_t>(r.number(4, "the format version"));
  a.engine_version = r.text("the engine version", kMaxVersionText);
  a.rules_text = r.text("the rule set", kDefaultMaxRuleBytes);
  a.rules_digest = r.text("the rule set's digest", 64);
  a.members_digest = r.text("the members file's digest", 64);
  a.records_digest = r.text("the records file's digest", 64);
  a.members_rows_digest = r.text("the members rows' digest", 64);
  a.records_rows_digest = r.text("the records rows' digest", 64);
  a.period_first = r.signed32("the period's start");
  a.period_last = r.signed32("the period's end");
  a.precision = static_cast<int>(r.number(1, "the precision"));
  const std::size_t categories = r.count("the category count", 4);
  for (std::size_t c = 0; c < categories && r.ok(); ++c)
    a.categories.push_back(r.text("a category id", kMaxIdText));
  // A member takes at least its id's length, subtotal count, total, grade
  // length, rank and flags: 25 bytes.
  const std::size_t members = r.count("the member count", 25);
  a.members.reserve(members);
  for (std::size_t m = 0; m < members && r.ok(); ++m) {
    ArchivedMember am;
    am.member_id = r.text("a member id", kMaxIdText);
    const std::size_t subtotals = r.count("a member's subtotal count", 8);
    am.subtotals.reserve(subtotals);
    for (std::size_t c = 0; c < subtotals && r.ok(); ++c) am.subtotals.push_back(r.signed64("a subtotal"));
    am.total = r.signed64("a total");
    am.grade = r.text("a grade", kMaxIdText);
    am.rank = r.signed32("a rank");
    am.flags = static_cast<std::uint8_t>(r.number(1, "a member's flags"));
    a.members.push_back(std::move(am));
  }
  if (r.ok() && !r.at_end()) error = std::to_string(r.left()) + " bytes follow the last member";
  else if (!r.ok()) error = r.error();
  if (!error.empty()) return std::nullopt;
  return a;
}

std::optional<EvaluationArchive> parse_v1(std::string_view payload, std::string& error) {
  TextReader r(payload);
  EvaluationArchive a;
  if (r.text("the archive signature", 64) != "serialization::archive" && r.ok()) {
    error = "the content is not a format 1 archive";
    return std::nullopt;
  }
  const std::int64_t library = r.number("the Boost library version");
  if (r.ok() && (library < 3 || library > 64)) {
    error = "the content was written by an unknown Boost library version " + std::to_string(library);
    return std::nullopt;
  }
  r.expect(0, "the archive's class header");
  r.expect(0, "the archive's class header");
  a.format_version = static_cast<std::uint32_t>(r.number("the format version"));
  a.engine_version = r.text("the engine version", kMaxVersionText);
  a.rules_text = r.text("the rule set", kDefaultMaxRuleBytes);
  a.rules_digest = r.text("the rule set's digest", 64);
  a.members_digest = r.text("the members file's digest", 64);
  a.records_digest = r.text("the records file's digest", 64);
  const std::int64_t first = r.number("the period's start");
  const std::int64_t last = r.number("the period's end");
  const std::int64_t precision = r.number("the precision");
  const auto fits32 = [](std::int64_t v) {
    return v >= std::numeric_limits<std::int32_t>::min() && v <= std::numeric_limits<std::int32_t>::max();
  };
  a.period_first = fits32(first) ? static_cast<Day>(first) : std::numeric_limits<Day>::min();
  a.period_last = fits32(last) ? static_cast<Day>(last) : std::numeric_limits<Day>::min();
  a.precision = precision >= 0 && precision <= 64 ? static_cast<int>(precision) : -1;
  r.expect(0, "the categories' class header");
  r.expect(0, "the categories' class header");
  const std::size_t categories = r.count("the category count", 2);
  r.expect(0, "the categories' item version");
  for (std::size_t c = 0; c < categories && r.ok(); ++c)
    a.categories.push_back(r.text("a category id", kMaxIdText));
  r.expect(0, "the members' class header");
  r.expect(0, "the members' class header");
  // A member takes at least "1 x 0 0 0 0 0 0 0 " and then some.
  const std::size_t members = r.count("the member count", 16);
  r.expect(0, "the members' item version");
  a.members.reserve(members);
  for (std::size_t m = 0; m < members && r.ok(); ++m) {
    if (m == 0) {
      r.expect(0, "a member's class header");
      r.expect(0, "a member's class header");
    }
    ArchivedMember am;
    am.member_id = r.text("a member id", kMaxIdText);
    const std::size_t subtotals = r.count("a member's subtotal count", 2);
    r.expect(0, "the subtotals' item version");
    am.subtotals.reserve(subtotals);
    for (std::size_t c = 0; c < subtotals && r.ok(); ++c) am.subtotals.push_back(r.number("a subtotal"));
    am.total = r.number("a total");
    am.grade = r.text("a grade", kMaxIdText);
    const std::int64_t rank = r.number("a rank");
    const std::int64_t flags = r.number("a member's flags");
    am.rank = fits32(rank) ? static_cast<std::int32_t>(rank) : -1;
    am.flags = flags >= 0 && flags <= 0xFF ? static_cast<std::uint8_t>(flags) : 0xFF;
    a.members.push_back(std::move(am));
  }
  if (r.ok() && !r.at_end()) error = "unexpected text follows the last member";
  else if (!r.ok()) error = r.error();
  if (!error.empty()) return std::nullopt;
  return a;
}

// Every field in range and in agreement with the archived rule set; the
// first problem, or nothing.
std::optional<std::string> validate(const EvaluationArchive& a, std::uint32_t version) {
  if (a.format_version != version)
    return "its content says format version " + std::to_string(a.format_version) +
           " but its header says " + std::to_string(version);
  if (a.precision < 0 || a.precision > kMaxPrecision)
    return "its precision " + std::to_string(a.precision) + " is not one a rule set may have (0.." +
           std::to_string(kMaxPrecision) + ")";
  if (auto problem = period_problem(Period{a.period_first, a.period_last}))
    return "its period is not one dutyscore evaluates: " + *problem;
  for (const auto* digest : {&a.rules_digest, &a.members_digest, &a.records_digest})
    if (!is_hex_digest(*digest)) return "a digest is not 64 hex digits";
  for (const auto* digest : {&a.members_rows_digest, &a.records_rows_digest})
    if (!digest->empty() && !is_hex_digest(*digest)) return "a digest is not 64 hex digits";
  if (a.rules_digest != sha256_hex(a.rules_text))
    return "the rule set's digest does not match the archived rule set";
  Problems rule_problems;
  const auto rules = load_rules(a.rules_text, "the archived rule set", rule_problems);
  if (!rules) {
    for (const auto& p : rule_problems.all())
      if (p.severity == Severity::Error) return "the archived rule set does not load: " + format_problem(p);
    return "the archived rule set does not load";
  }
  if (rules->precision != a.precision)
    return "its precision " + std::to_string(a.precision) + " differs from the archived rule set's " +
           std::to_string(rules->precision);
  std::vector<std::string> ids;
  for (const auto& c : rules->categories) ids.push_back(c.id);
  if (ids != a.categories) {
    std::string list;
    for (const auto& id : a.categories) list += (list.empty() ? "" : ", ") + quoted(id);
    return "its categories (" + list + ") are not the archived rule set's";
  }
  // A rule set has a few grades: a list, each member's compared in turn.
  std::vector<std::string> grades{""};
  for (std::size_t g = 0; g < rules->grades.size(); ++g) grades.push_back(rules->grade_label(static_cast<int>(g)));
  // Ids seen, in an open table sized once: each slot the member's index + 1
  // and its id's hash's high half, which spares most visits to the ids
  // (an unordered_set of views was a quarter of read_archive, its buckets'
  // cache misses, perf on BM_ArchiveRead).
  struct Seen {
    std::uint64_t bits = 0;  // hash's high half, index + 1; 0: free
    bool free() const { return bits == 0; }
  };
  std::vector<Seen> seen;
  unsigned shift = 64;
  {
    std::size_t slots = 2;
    while (slots / 2 < a.members.size()) slots *= 2;
    seen.resize(slots);
    shift = detail::open_table::shift_for(slots);
  }
  const auto members = static_cast<std::int64_t>(a.members.size());
  for (std::size_t i = 0; i < a.members.size(); ++i) {
    const auto& m = a.members[i];
    const auto who = [&m] { return "member " + quoted(m.member_id); };
    if (m.member_id.empty()) return "a member has an empty id";
    const std::uint64_t hash = short_text::hash(m.member_id);
    const std::uint64_t tag = hash >> 32 << 32;
    const std::size_t at = detail::open_table::probe(seen, shift, hash, [&](const Seen& slot) {
      return (slot.bits >> 32 << 32) == tag &&
             a.members[(slot.bits & 0xFFFFFFFFu) - 1].member_id == m.member_id;
    });
    if (!seen[at].free()) return who() + " is archived twice";
    seen[at].bits = tag | (static_cast<std::uint64_t>(i) + 1);
    if (m.subtotals.size() != a.categories.size())
      return who() + " has " + std::to_string(m.subtotals.size()) + " subtotals for " +
             std::to_string(a.categories.size()) + " categories";
    Points sum = 0;
    for (const Points s : m.subtotals)
      if (__builtin_add_overflow(sum, s, &sum)) return who() + "'s subtotals overflow";
    if (sum != m.total) return who() + "'s total is not the sum of its subtotals";
    if (std::find(grades.begin(), grades.end(), m.grade) == grades.end())
      return who() + " has grade " + quoted(m.grade) + ", which the archived rule set does not have";
    if (m.rank < 0 || m.rank > members) return who() + " has rank " + std::to_string(m.rank) + " of " + std::to_string(members) + " members";
    if ((m.flags & ~(kMinimumUnmet | kVetoed | kNotServing)) != 0)
      return who() + " has flags " + std::to_string(m.flags) + " that no evaluation sets";
  }
  return std::nullopt;
}

std::string signature_message(std::string_view signed_bytes, const std::string& name,
                              const std::uint8_t* public_key) {
  std::string message(signed_bytes);
  put_string(message, name);
  message.append(reinterpret_cast<const char*>(public_key), crypto_sign_PUBLICKEYBYTES);
  return message;
}

bool parse_hex(std::string_view text, std::uint8_t* out, std::size_t n) {
  if (text.size() != 2 * n) return false;
  const auto nibble = [](char c) {
    return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const int hi = nibble(text[2 * i]), lo = nibble(text[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    out[i] = static_cast<std::uint8_t>(hi << 4 | lo);
  }
  return true;
}

// "format: ...", "signer: ...", "key: ..." lines of a key file.
std::map<std::string, std::string> key_fields(std::string_view text) {
  std::map<std::string, std::string> fields;
  while (!text.empty()) {
    const auto end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    text.remove_prefix(std::min(end + 1, text.size()));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line[0] == '#') continue;
    const auto colon = line.find(": ");
    if (colon == std::string_view::npos) continue;
    fields.emplace(std::string(line.substr(0, colon)), std::string(line.substr(colon + 2)));
  }
  return fields;
}

constexpr char kSecretFormat[] = "dutyscore-ed25519-secret-key-1";
constexpr char kPublicFormat[] = "dutyscore-ed25519-public-key-1";
constexpr std::size_t kMaxKeyFileBytes = std::size_t{1} << 16;

void require_sodium() {
  if (!detail::sodium_ready()) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace

std::string engine_version() {
#ifdef DUTYSCORE_VERSION
  return DUTYSCORE_VERSION;
#else
  return "unknown";
#endif
}

std::string rows_digest(std::string_view text) { return digest_bytes(text).rows; }

EvaluationArchive make_archive(const std::string& rules_text, const std::string& members_text,
                               const std::string& records_text, const Period& period,
                               const RuleSet& rules, const MemberTable& members,
                               const Scores& scores) {
  const FileDigests m = digest_bytes(members_text), r = digest_bytes(records_text);
  EvaluationArchive a =
      make_archive_from_digests(rules, m.bytes, r.bytes, period, members, scores, m.rows, r.rows);
  a.rules_text = rules_text;
  a.rules_digest = sha256_hex(rules_text);
  return a;
}

EvaluationArchive make_archive_from_digests(const RuleSet& rules, const std::string& members_digest,
                                            const std::string& records_digest,
                                            const Period& period, const MemberTable& members,
                                            const Scores& scores,
                                            const std::string& members_rows_digest,
                                            const std::string& records_rows_digest) {
  EvaluationArchive a;
  a.engine_version = engine_version();
  a.rules_text = rules.source_text;
  a.rules_digest = sha256_hex(rules.source_text);
  a.members_digest = members_digest;
  a.records_digest = records_digest;
  a.members_rows_digest = members_rows_digest;
  a.records_rows_digest = records_rows_digest;
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

std::optional<std::string> signer_name_problem(const std::string& signer) {
  if (signer.empty() || signer.size() > kMaxSignerName || signer.find('\n') != std::string::npos)
    return "the signer must be a name of 1 to " + std::to_string(kMaxSignerName) +
           " bytes on one line";
  return std::nullopt;
}

SigningKey make_signing_key(const std::string& signer) {
  require_sodium();
  SigningKey key;
  key.signer = signer;
  crypto_sign_keypair(key.public_key.data(), key.secret.data());
  return key;
}

std::string secret_key_text(const SigningKey& key) {
  return "# dutyscore signing key: SECRET. Whoever holds this file can sign archives as\n"
         "# the signer below. Keep it on the office's own machine, readable by its staff\n"
         "# only, and a copy in the office's safe; never send it or publish it.\n"
         "format: " + std::string(kSecretFormat) + "\nsigner: " + key.signer + "\nkey: " +
         detail::hex(key.secret.data(), key.secret.size()) + "\n";
}

std::string public_key_text(const SigningKey& key) {
  return "# dutyscore public key: publish it (on the committee's website, in the\n"
         "# published method), so that anyone can check who signed an archive:\n"
         "#   dutyscore verify --signer THIS_FILE ...\n"
         "format: " + std::string(kPublicFormat) + "\nsigner: " + key.signer + "\nkey: " +
         detail::hex(key.public_key.data(), key.public_key.size()) + "\n";
}

std::optional<SigningKey> read_secret_key(std::string_view text, const std::string& file,
                                          Problems& problems) {
  require_sodium();
  const auto fields = key_fields(text);
  SigningKey key;
  const auto format = fields.find("format");
  const auto signer = fields.find("signer");
  const auto hex = fields.find("key");
  if (format == fields.end() || format->second != kSecretFormat || signer == fields.end() ||
      hex == fields.end() || signer->second.empty() || signer->second.size() > kMaxSignerName ||
      !parse_hex(hex->second, key.secret.data(), key.secret.size())) {
    problems.error(Location{file, 0, 0, {}},
                   "not a dutyscore secret key (make one with 'dutyscore keygen'; the .pub file "
                   "is the public half, which cannot sign)");
    return std::nullopt;
  }
  key.signer = signer->second;
  crypto_sign_ed25519_sk_to_pk(key.public_key.data(), key.secret.data());
  return key;
}

std::optional<ArchiveSigner> read_public_key(std::string_view text, const std::string& file,
                                             Problems& problems) {
  const auto fields = key_fields(text);
  const auto format = fields.find("format");
  const auto signer = fields.find("signer");
  const auto hex = fields.find("key");
  std::array<std::uint8_t, 32> key{};
  if (format == fields.end() || format->second != kPublicFormat || signer == fields.end() ||
      hex == fields.end() || !parse_hex(hex->second, key.data(), key.size())) {
    problems.error(Location{file, 0, 0, {}},
                   "not a dutyscore public key (the .pub file 'dutyscore keygen' wrote)");
    return std::nullopt;
  }
  return ArchiveSigner{signer->second, detail::hex(key.data(), key.size())};
}

std::optional<SigningKey> load_secret_key_file(const std::string& path, Problems& problems) {
  std::string text;
  if (!read_file(path, text, problems, kMaxKeyFileBytes)) return std::nullopt;
  return read_secret_key(text, path, problems);
}

std::optional<ArchiveSigner> load_public_key_file(const std::string& path, Problems& problems) {
  std::string text;
  if (!read_file(path, text, problems, kMaxKeyFileBytes)) return std::nullopt;
  return read_public_key(text, path, problems);
}

bool write_key_files(const SigningKey& key, const std::string& prefix, Problems& problems) {
  const std::string secret_path = prefix + ".key", public_path = prefix + ".pub";
  for (const auto& path : {secret_path, public_path}) {
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
      problems.error(Location{path, 0, 0, {}},
                     "the file exists; a key is never overwritten (move it away first)");
      return false;
    }
  }
  // The secret key's file is unreadable to others before the key is in it.
  const mode_t before = umask(077);
  const bool written = write_file(secret_path, secret_key_text(key), problems);
  umask(before);
  return written && write_file(public_path, public_key_text(key), problems);
}

void require_signer(const EvaluationArchive& archive, const std::string& archive_path,
                    const ArchiveSigner& expected, const std::string& key_path,
                    Problems& problems) {
  if (!archive.signer) {
    problems.error(Location{archive_path, 0, 0, {}},
                   "the archive is not signed, but the signature of '" + expected.name +
                       "' (the key in " + key_path + ") is required");
  } else if (archive.signer->public_key != expected.public_key) {
    problems.error(Location{archive_path, 0, 0, {}},
                   "the archive is signed by '" + archive.signer->name + "' (key " +
                       archive.signer->public_key.substr(0, 16) + "…), not with the key of '" +
                       expected.name + "' in " + key_path);
  }
}

std::string write_archive(const EvaluationArchive& a, const SigningKey* key) {
  // Written in place after the header, whose size and digest are filled in
  // last, into a string reserved whole: the payload built apart, copied
  // after the header and copied again for a signature took three times an
  // archive's size at once (a national one is some 250 MB).
  std::size_t room = kHeaderSize + 4 + 4 + a.engine_version.size() + 4 + a.rules_text.size() +
                     4 + 4 + 1 + 4 + 4;
  for (const auto* digest : {&a.rules_digest, &a.members_digest, &a.records_digest,
                             &a.members_rows_digest, &a.records_rows_digest})
    room += 4 + digest->size();
  for (const auto& c : a.categories) room += 4 + c.size();
  for (const auto& m : a.members)
    room += 4 + m.member_id.size() + 4 + 8 * m.subtotals.size() + 8 + 4 + m.grade.size() + 4 + 1;
  if (key != nullptr) room += 4 + key->signer.size() + key->public_key.size() + crypto_sign_BYTES;
  std::string bytes;
  bytes.reserve(room);
  bytes.append(kMagic, kMagicSize);
  put_le(bytes, a.format_version, 4);
  bytes.append(8 + 32, '\0');  // the payload's size and SHA-256, below
  put_le(bytes, a.format_version, 4);
  put_string(bytes, a.engine_version);
  put_string(bytes, a.rules_text);
  for (const auto* digest : {&a.rules_digest, &a.members_digest, &a.records_digest,
                             &a.members_rows_digest, &a.records_rows_digest})
    put_string(bytes, *digest);
  put_le(bytes, static_cast<std::uint32_t>(a.period_first), 4);
  put_le(bytes, static_cast<std::uint32_t>(a.period_last), 4);
  put_le(bytes, static_cast<std::uint64_t>(a.precision), 1);
  put_le(bytes, a.categories.size(), 4);
  for (const auto& c : a.categories) put_string(bytes, c);
  put_le(bytes, a.members.size(), 4);
  for (const auto& m : a.members) {
    put_string(bytes, m.member_id);
    put_le(bytes, m.subtotals.size(), 4);
    for (const Points s : m.subtotals) put_le(bytes, static_cast<std::uint64_t>(s), 8);
    put_le(bytes, static_cast<std::uint64_t>(m.total), 8);
    put_string(bytes, m.grade);
    put_le(bytes, static_cast<std::uint32_t>(m.rank), 4);
    put_le(bytes, m.flags, 1);
  }
  std::string size;
  put_le(size, bytes.size() - kHeaderSize, 8);
  bytes.replace(kMagicSize + 4, size.size(), size);
  const auto digest = sha256(std::string_view(bytes).substr(kHeaderSize));
  std::memcpy(&bytes[kHeaderSize - digest.size()], digest.data(), digest.size());
  if (key != nullptr) {
    require_sodium();
    // What is signed is the archive, the signer's name and public key: the
    // bytes that precede the signature (signature_message()).
    put_string(bytes, key->signer);
    bytes.append(reinterpret_cast<const char*>(key->public_key.data()), key->public_key.size());
    std::array<std::uint8_t, crypto_sign_BYTES> signature{};
    crypto_sign_detached(signature.data(), nullptr,
                         reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                         key->secret.data());
    bytes.append(reinterpret_cast<const char*>(signature.data()), signature.size());
  }
  return bytes;
}

namespace {

// An archive's bytes as its header splits them: the format version, the
// content (the payload) and what follows it (the signature block).
struct ArchiveParts {
  std::uint32_t version = 0;
  std::string_view payload;
  std::string_view trailer;
};

// The header read and checked against the bytes; nothing, with `why` (a
// sentence for the reader's error), when they are no archive this engine
// reads, or are cut short.
std::optional<ArchiveParts> split_archive(std::string_view bytes, std::string& why) {
  if (bytes.size() < kMagicSize || std::memcmp(bytes.data(), kMagic, kMagicSize) != 0) {
    why = "not a dutyscore evaluation archive";
    return std::nullopt;
  }
  if (bytes.size() < kHeaderSize) {
    why = "the archive is truncated: its header is incomplete";
    return std::nullopt;
  }
  ArchiveParts parts;
  parts.version = static_cast<std::uint32_t>(get_le(bytes, kMagicSize, 4));
  if (parts.version == 0 || parts.version > kArchiveFormatVersion) {
    why = "the archive has format version " + std::to_string(parts.version) + "; this dutyscore (" +
          engine_version() + ") reads versions up to " + std::to_string(kArchiveFormatVersion) +
          ": use a newer dutyscore to read it";
    return std::nullopt;
  }
  const std::uint64_t size = get_le(bytes, kMagicSize + 4, 8);
  const std::string_view rest = bytes.substr(kHeaderSize);
  if (size > kMaxPayload || rest.size() < size) {
    why = "the archive is truncated: " + std::to_string(rest.size()) +
          " bytes of content where the header announces " + std::to_string(size);
    return std::nullopt;
  }
  parts.payload = rest.substr(0, static_cast<std::size_t>(size));
  parts.trailer = rest.substr(static_cast<std::size_t>(size));
  return parts;
}

// The content, read by its format version's parser.
std::optional<EvaluationArchive> parse_payload(const ArchiveParts& parts, std::string& error) {
  return parts.version == 1 ? parse_v1(parts.payload, error) : parse_v2(parts.payload, error);
}

}  // namespace

std::optional<EvaluationArchive> read_archive(std::string_view bytes, const std::string& file,
                                              Problems& problems) {
  const Location where{file, 0, 0, {}};
  std::string why;
  const auto parts = split_archive(bytes, why);
  if (!parts) {
    problems.error(where, why);
    return std::nullopt;
  }
  const std::uint32_t version = parts->version;
  const std::string_view payload = parts->payload;
  const std::string_view trailer = parts->trailer;
  const auto digest = sha256(payload);
  if (std::memcmp(digest.data(), bytes.data() + kMagicSize + 12, digest.size()) != 0) {
    problems.error(where, "the archive's checksum does not match its content: it was changed or "
                          "damaged after it was written");
    return std::nullopt;
  }
  // The signature block (format 2), checked before the content is read: a
  // signed archive whose signature fails is refused whatever it holds.
  std::optional<ArchiveSigner> signer;
  if (!trailer.empty()) {
    const std::size_t name_size =
        trailer.size() >= 4 ? static_cast<std::size_t>(get_le(trailer, 0, 4)) : 0;
    if (version < 2 || trailer.size() < 4 || name_size > kMaxSignerName ||
        trailer.size() != 4 + name_size + kSignatureBlock) {
      problems.error(where, "the archive has " + std::to_string(trailer.size()) +
                                " unexpected bytes after its content");
      return std::nullopt;
    }
    require_sodium();
    const std::string name(trailer.substr(4, name_size));
    const auto* public_key = reinterpret_cast<const std::uint8_t*>(trailer.data() + 4 + name_size);
    const auto* signature = public_key + crypto_sign_PUBLICKEYBYTES;
    const std::string message =
        signature_message(bytes.substr(0, kHeaderSize + payload.size()), name, public_key);
    if (crypto_sign_verify_detached(signature, reinterpret_cast<const unsigned char*>(message.data()),
                                    message.size(), public_key) != 0) {
      problems.error(where, "the archive's signature does not match: it was changed after '" + name +
                                "' signed it, or the signature is not theirs");
      return std::nullopt;
    }
    signer = ArchiveSigner{name, detail::hex(public_key, crypto_sign_PUBLICKEYBYTES)};
  }
  std::string error;
  auto archive = parse_payload(*parts, error);
  if (!archive) {
    problems.error(where, "the archive's content cannot be read: " + error);
    return std::nullopt;
  }
  if (auto problem = validate(*archive, version)) {
    problems.error(where, "the archive's content is inconsistent: " + *problem);
    return std::nullopt;
  }
  archive->signer = std::move(signer);
  archive->content_digest = detail::hex(digest.data(), digest.size());
  return archive;
}

bool read_archive_members(std::string_view bytes, EvaluationArchive& archive) {
  std::string why;
  const auto parts = split_archive(bytes, why);
  if (archive.content_digest.empty() || !parts) return false;
  const auto digest = sha256(parts->payload);
  if (detail::hex(digest.data(), digest.size()) != archive.content_digest) return false;
  auto again = parse_payload(*parts, why);
  if (!again) return false;
  archive.members = std::move(again->members);
  return true;
}

std::optional<LoadedArchive> load_archive(std::string_view bytes, const std::string& file,
                                          Problems& problems) {
  auto archive = read_archive(bytes, file, problems);
  if (!archive) return std::nullopt;
  auto rules = load_rules(archive->rules_text, file + " (rule set)", problems);
  if (!rules) return std::nullopt;
  return LoadedArchive{std::move(*archive), std::move(*rules)};
}

std::optional<LoadedArchive> load_archive_file(const std::string& path, Problems& problems,
                                               std::size_t max_bytes) {
  std::string bytes;
  if (!read_file(path, bytes, problems, max_bytes)) return std::nullopt;
  return load_archive(bytes, path, problems);
}

namespace {

// Whether an input file is the archived one: the same bytes, or the same
// rows in another order (a note, not a difference), or neither.
bool compare_input(const char* what, const std::string& digest, const std::string& rows,
                   const std::string& archived, const std::string& archived_rows,
                   bool& same_bytes, VerifyOutcome& o) {
  same_bytes = digest == archived;
  if (same_bytes) return true;
  if (!rows.empty() && !archived_rows.empty() && rows == archived_rows) {
    o.notes.push_back(std::string("the ") + what +
                      " file holds the archived rows in another order (or with other line "
                      "ends): its bytes differ, its rows do not");
    return true;
  }
  o.differences.push_back(std::string("the ") + what +
                          " file is not the one archived (its SHA-256 differs)");
  return false;
}

}  // namespace

VerifyOutcome verify_archive(const EvaluationArchive& archive, const RuleSet& rules,
                             const MemberTable& members, const RecordBatch& records,
                             const InputDigests& digests, unsigned threads) {
  EvaluateOptions options;
  options.threads = threads;
  return verify_scores(archive, rules, members,
                       evaluate(rules, members, records,
                                Period{archive.period_first, archive.period_last}, options),
                       digests);
}

VerifyOutcome verify_scores(const EvaluationArchive& archive, const RuleSet& rules,
                            const MemberTable& members, const Scores& scores,
                            const InputDigests& digests) {
  VerifyOutcome o;
  o.members_rows_match =
      compare_input("members", digests.members, digests.members_rows, archive.members_digest,
                    archive.members_rows_digest, o.members_file_matches, o);
  o.records_rows_match =
      compare_input("records", digests.records, digests.records_rows, archive.records_digest,
                    archive.records_rows_digest, o.records_file_matches, o);
  const auto members_differ = compare_with_archive(archive, rules, members, scores);
  o.scores_match = members_differ.empty();
  o.differences.insert(o.differences.end(), members_differ.begin(), members_differ.end());
  return o;
}

std::string verify_text(const EvaluationArchive& archive, const VerifyOutcome& o) {
  std::string out = "archive: engine " + archive.engine_version + ", period " +
                    Period{archive.period_first, archive.period_last}.to_string() + ", " +
                    std::to_string(archive.members.size()) + " members, rule set sha256 " +
                    archive.rules_digest + "\n";
  if (const auto& signer = archive.signer)
    out += "signed by '" + signer->name + "' (Ed25519 public key " + signer->public_key + ")\n";
  else
    out += "not signed: the checksum shows the file is whole, not who made it\n";
  for (const auto& n : o.notes) out += n + "\n";
  for (const auto& d : o.differences) out += d + "\n";
  const std::size_t members_differ =
      o.differences.size() - (o.members_rows_match ? 0 : 1) - (o.records_rows_match ? 0 : 1);
  if (o.verified())
    out += "the inputs are the archived ones\nverified: every member's score matches the archive\n";
  else if (o.scores_match)
    out += "the inputs differ from the archived ones; every member's score matches\n";
  else if (o.inputs_match())
    out += "the inputs are the archived ones; " + std::to_string(members_differ) +
           " member(s) score differently\n";
  else
    out += "both differ: the inputs are not the archived ones and " +
           std::to_string(members_differ) + " member(s) score differently\n";
  return out;
}

std::vector<std::string> compare_with_archive(const EvaluationArchive& archive,
                                              const RuleSet& rules, const MemberTable& members,
                                              const Scores& scores) {
  std::vector<std::string> out;
  const int precision = archive.precision;
  const auto pts = [&](Points p) { return format_points(p, precision); };
  // Members found by the table's own index and marked, where two maps of
  // every id took 0.7 s and some 100 bytes a member at 516,529 members.
  const std::size_t count = scores.member_count();
  std::vector<std::uint8_t> archived(count, 0);
  for (const auto& am : archive.members) {
    const auto found = members.find(am.member_id);
    if (!found || *found >= count) {
      out.push_back("member " + quoted(am.member_id) + ": in the archive, not in the members now");
      continue;
    }
    const MemberIndex m = *found;
    archived[m] = 1;
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
  for (MemberIndex m = 0; m < count; ++m) {
    if (!archived[m]) out.push_back("member '" + std::string(members.id(m)) + "': not in the archive");
  }
  return out;
}

}  // namespace dutyscore
