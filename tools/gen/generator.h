// Deterministic synthetic committees: members and a year of duty records.
//
// The same Options give the same rows, in the same order, on every machine:
// the generator uses its own integer PRNG (splitmix64) and integer
// probabilities, never <random> distributions or floating-point libm calls,
// whose results differ between standard libraries.
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string_view>
#include <vector>

#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "dutyscore/record_batch.h"

namespace dutyscore::gen {

struct Options {
  std::uint64_t seed = 20250101;
  std::uint32_t members = 300;             // a county committee; 650000 = all of China
  std::uint32_t records_per_member = 50;   // average over the year
  int year = 2025;                         // 1900..9998
};

// One member, as text. Views are valid only during the callback.
struct MemberRow {
  MemberIndex index = 0;
  std::string_view id, name, unit, sector, group;
  std::string_view roles;                  // ';'-joined, as in members.csv
  std::vector<std::string_view> role_list;
  Day joined = 0;
  std::optional<Day> left;
};

// One duty record. Views are valid only during the callback.
struct RecordRow {
  std::string_view record_id;
  MemberIndex member = 0;
  std::string_view member_id;
  Day date = 0;
  std::string_view kind, subtype, status, ref, level;
  std::uint16_t position = 0;              // 0 = absent
  std::string_view flags;                  // ';'-joined, as in records.csv
  std::vector<std::string_view> flag_list;
  std::int32_t quantity = kNoQuantity;     // units of 1/kQuantityScale
  std::uint32_t line = 0;                  // its line in records.csv (header = 1)
};

using MemberCallback = std::function<void(const MemberRow&)>;
using RecordCallback = std::function<void(const RecordRow&)>;

// Streams every member (in index order), then every record. Nothing is
// kept per record, so it scales to 10^8 records.
void generate(const Options& options, const MemberCallback& on_member,
              const RecordCallback& on_record);

// members.csv and records.csv in the interchange layout.
void write_csv(const Options& options, std::ostream& members, std::ostream& records);

struct Generated {
  MemberTable members;
  RecordBatch records;
};

// The same data as write_csv, built without any CSV: equal, column by
// column (including source lines), to reading write_csv's output back.
// Throws std::length_error beyond 2^32 - 1 records (the batch's row limit).
Generated build_in_memory(const Options& options);

}  // namespace dutyscore::gen
