// What each fuzz harness does with one input, shared by the libFuzzer
// entry points (fuzz_*.cpp) and the regression test that replays every
// input in tests/fuzz_regressions/ (tests/test_fuzz_regressions.cpp).
// Each returns false when an invariant is broken; the harness then traps.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "dutyscore/csv.h"
#include "dutyscore/input.h"
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

// The CSV reader and the members or records reader on any bytes. The first
// byte chooses the encoding option (bits 0-1), keep-going (bit 2) and
// members or records (bit 3); the rest is the file. In keep-going mode
// every row is accounted for: read = accepted + rejected.
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
  Quarantine quarantine;
  if (mode & 8) {
    const auto members = read_members(text, "fuzz.csv", options, problems, &quarantine);
    if (members && options.keep_going && quarantine.rows_accepted != members->size()) return false;
  } else {
    const auto batch = read_records(text, "fuzz.csv", fixed_members(), options, problems, &quarantine);
    if (batch && options.keep_going && quarantine.rows_accepted != batch->size()) return false;
    // Without keep-going a batch comes only from a file without errors.
    if (batch && !options.keep_going && problems.has_errors()) return false;
  }
  return quarantine.balanced();
}

}  // namespace dutyscore::fuzz
