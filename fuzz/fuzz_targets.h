// What each fuzz harness does with one input, shared by the libFuzzer
// entry points (fuzz_*.cpp) and the regression test that replays every
// input in tests/fuzz_regressions/ (tests/test_fuzz_regressions.cpp).
// Each returns false when an invariant is broken; the harness then traps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "dutyscore/archive.h"
#include "dutyscore/csv.h"
#include "dutyscore/input.h"
#include "dutyscore/profile.h"
#include "dutyscore/workbook.h"
#include "dutyscore/rule_loader.h"

namespace dutyscore::fuzz {

// The rule loader on any text: a rule set exactly when there is no error.
inline bool rules_one(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Problems problems;
  const auto rules = load_rules(text, "fuzz.yaml", problems);
  return rules.has_value() != problems.has_errors();
}

inline const MemberTable& fixed_members() {
  static const MemberTable table = [] {
    Problems problems;
    return *read_members("member_id,name,joined,left\nM1,A,2020-01-01,\nM2,B,,2030-12-31\nM3,C,,\n",
                         "m.csv", problems);
  }();
  return table;
}

// Everything a reader returns, as text, for comparing two reads.
inline std::string problems_text(const Problems& problems) {
  std::string out;
  for (const auto& p : problems.all()) out += format_problem(p) + "\n";
  return out;
}

inline std::string members_text(const MemberTable& t) {
  std::string out;
  auto day = [](std::optional<Day> d) { return d ? std::to_string(*d) : std::string("-"); };
  for (MemberIndex m = 0; m < t.size(); ++m)
    out += std::string(t.id(m)) + "|" + std::string(t.name(m)) + "|" + std::string(t.unit(m)) + "|" + std::string(t.sector_names().text(t.sector(m))) +
           "|" + std::string(t.group_names().text(t.group(m))) + "|" + std::to_string(t.roles(m)) + "|" +
           day(t.joined(m)) + "|" + day(t.left(m)) + "\n";
  return out;
}

inline std::string batch_text(const RecordBatch& b) {
  std::string out;
  for (MemberIndex m = 0; m < b.member_count(); ++m) {
    for (std::size_t row = b.member_begin(m); row < b.member_end(m); ++row) {
      out += std::to_string(m) + "|" + b.record_id(row) + "|" + std::to_string(b.date(row)) + "|" +
             std::string(b.kinds().text(b.kind(row))) + "|" + std::string(b.subtypes().text(b.subtype(row))) + "|" +
             std::string(b.statuses().text(b.status(row))) + "|" + std::string(b.levels().text(b.level(row))) + "|";
      for (Code code = 1; code <= kMaxFlags; ++code)
        if (b.flags(row) >> (code - 1) & 1) out += std::string(b.flag_names().text(code)) + ";";
      out += "|" + std::to_string(b.position(row)) + "|" + std::string(b.refs().text(b.ref(row))) + "|" +
             std::to_string(b.item_size(row)) + "|" + std::to_string(b.quantity(row)) + "\n";
    }
  }
  return out;
}

// The CSV reader and the members or records reader on any bytes. The first
// byte chooses the encoding option (bits 0-1), keep-going (bit 2), members
// or records (bit 3), (bit 4) a second read with 2 to 4 threads (bits
// 5-6) and (bit 7) one more in parts of 1 to 13 bytes, which must return
// exactly what the one-thread read returns; the rest is the file. In
// keep-going mode every row is accounted for: read = accepted + rejected.
inline bool csv_one(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return true;
  const unsigned mode = data[0];
  const std::string text(reinterpret_cast<const char*>(data + 1), size - 1);
  InputOptions options;
  options.encoding = static_cast<Encoding>(mode % 3);
  options.keep_going = (mode & 4) != 0;
  Problems problems;
  std::size_t cells = 0;
  read_csv(text, "fuzz.csv", nullptr, [&](const CsvRow& row) { cells += row.cells.size(); },
           problems);
  // One read: its result as text (empty when nothing was returned), or
  // nothing when an invariant is broken.
  const auto read = [&](unsigned threads, std::size_t part_bytes) -> std::optional<std::string> {
    InputOptions o = options;
    o.threads = threads;
    o.part_bytes = part_bytes;
    Problems found;
    Quarantine quarantine;
    std::string result;
    if (mode & 8) {
      const auto members = read_members(text, "fuzz.csv", o, found, &quarantine);
      if (members && o.keep_going && quarantine.rows_accepted != members->size()) return std::nullopt;
      if (members) result = "members\n" + members_text(*members);
    } else {
      const auto batch = read_records(text, "fuzz.csv", fixed_members(), o, found, &quarantine);
      if (batch && o.keep_going && quarantine.rows_accepted != batch->size()) return std::nullopt;
      // Without keep-going a batch comes only from a file without errors.
      if (batch && !o.keep_going && found.has_errors()) return std::nullopt;
      if (batch) result = "batch\n" + batch_text(*batch);
    }
    if (!quarantine.balanced()) return std::nullopt;
    return result + problems_text(found) + std::to_string(quarantine.rejected.size());
  };
  const auto one = read(1, 0);
  if (!one) return false;
  if (mode & 16) {
    const auto several = read(2 + (mode >> 5) % 3, 0);
    if (!several || *several != *one) return false;
  }
  if (mode & 128) {
    // Tiny parts: records are read in windows of four parts a thread, which
    // end inside quoted cells, CRLFs and UTF-8 sequences.
    const auto in_parts = read(1 + (mode >> 6) % 2, 1 + size % 13);
    if (!in_parts || *in_parts != *one) return false;
  }
  return true;
}

// The profile loader on any text: a profile exactly when there is no error.
inline bool profile_one(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  Problems problems;
  const auto profile = load_profile(text, "fuzz.yaml", problems);
  return profile.has_value() != problems.has_errors();
}

// The workbook reader and the office readers on any bytes (an .xlsx, or an
// office CSV export: what it is comes from its first bytes). The first
// byte chooses keep-going (bit 0) and members or records (bit 1); the rest
// is the file. Every sheet is also streamed to its end on its own. In
// keep-going mode every row is accounted for; without it, a batch comes
// only from a file without errors.
inline bool workbook_one(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return true;
  const unsigned mode = data[0];
  const std::string_view bytes(reinterpret_cast<const char*>(data + 1), size - 1);
  {
    Problems problems;
    if (auto book = Workbook::open(bytes, "fuzz.xlsx", "", problems)) {
      for (std::size_t s = 0; s < book->sheet_names().size(); ++s) {
        std::size_t cells = 0;
        book->read_sheet(s, [&](const WorkbookRow& row) { return (cells += row.cells.size()) < 1000000; },
                         problems);
      }
    }
  }
  InputOptions options;
  options.keep_going = (mode & 1) != 0;
  Problems found;
  Quarantine quarantine;
  const InputFile file{"fuzz.xlsx", bytes, {}};
  if (mode & 2) {
    const auto members = read_members(file, options, found, &quarantine);
    if (members && options.keep_going && quarantine.rows_accepted != members->size()) return false;
    if (members && !options.keep_going && found.has_errors()) return false;
  } else {
    const auto batch = read_records({file}, fixed_members(), options, found, &quarantine);
    if (batch && options.keep_going && quarantine.rows_accepted != batch->size()) return false;
    if (batch && !options.keep_going && found.has_errors()) return false;
  }
  return quarantine.balanced();
}

// The archive reader on any bytes. The checksum would stop almost every
// mutation at the door, so by default the input is the archive's *content*:
// the first byte chooses the format version (bit 0: 1 or 2) and whether a
// random signature block follows (bit 1); the harness writes the header
// with the right size and checksum around the rest. With bit 2 the rest is
// the whole file as is. Invariants: an archive comes back exactly when
// there is no error; one that does is within every bound (a precision a
// rule set may have, a period dutyscore evaluates, subtotals per category)
// and reads back the same after writing it again.
inline bool archive_one(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return true;
  const unsigned mode = data[0];
  const std::string rest(reinterpret_cast<const char*>(data + 1), size - 1);
  std::string bytes;
  // The content's digest, when the harness made the header: members read
  // again from it are parsed whatever read_archive() says of them.
  std::string content_digest;
  if (mode & 4) {
    bytes = rest;
  } else {
    const std::size_t signature = (mode & 2) ? std::min<std::size_t>(rest.size(), 100) : 0;
    const std::string payload = rest.substr(0, rest.size() - signature);
    bytes = "DUTYSCORE-ARCH\r\n";
    const auto put = [&bytes](std::uint64_t v, int n) {
      for (int i = 0; i < n; ++i) bytes += static_cast<char>((v >> (8 * i)) & 0xFF);
    };
    put((mode & 1) ? 1 : 2, 4);
    put(payload.size(), 8);
    content_digest = sha256_hex(payload);
    for (std::size_t i = 0; i < content_digest.size(); i += 2)
      bytes += static_cast<char>(std::stoi(content_digest.substr(i, 2), nullptr, 16));
    bytes += payload;
    bytes += rest.substr(rest.size() - signature);
  }
  Problems problems;
  const auto archive = read_archive(bytes, "fuzz.dsa", problems);
  if (archive.has_value() == problems.has_errors()) return false;
  // Reading the members again, unchecked, is safe on any bytes.
  EvaluationArchive blank;
  blank.content_digest = content_digest;
  (void)read_archive_members(bytes, blank);
  if (!archive) return true;
  EvaluationArchive without = *archive;
  std::vector<ArchivedMember>().swap(without.members);
  if (!read_archive_members(bytes, without) || without.members.size() != archive->members.size())
    return false;
  if (archive->precision < 0 || archive->precision > kMaxPrecision) return false;
  if (period_problem(Period{archive->period_first, archive->period_last})) return false;
  for (const auto& m : archive->members)
    if (m.subtotals.size() != archive->categories.size()) return false;
  EvaluationArchive copy = *archive;
  copy.format_version = kArchiveFormatVersion;
  copy.signer.reset();
  Problems again;
  const auto back = read_archive(write_archive(copy), "fuzz.dsa", again);
  return back && back->members.size() == archive->members.size() &&
         back->rules_text == archive->rules_text && back->categories == archive->categories;
}

}  // namespace dutyscore::fuzz
