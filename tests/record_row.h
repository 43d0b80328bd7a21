// A duty record as test data (texts it owns), and the RecordFields that
// hand it to a RecordBatchBuilder.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "dutyscore/record_batch.h"

namespace dutyscore::testing {

struct Row {
  std::string id;
  MemberIndex member;
  Day date;
  std::string kind, subtype, status, ref, level;
  std::uint16_t position;
  std::vector<std::string> flags;
  std::int32_t quantity;
};

// Views of `r`'s texts: valid while `r` is.
inline RecordFields fields_of(const Row& r, std::uint32_t source_line = 0) {
  RecordFields f;
  f.record_id = r.id;
  f.member = r.member;
  f.date = r.date;
  f.kind = r.kind;
  f.subtype = r.subtype;
  f.status = r.status;
  f.ref = r.ref;
  f.level = r.level;
  f.position = r.position;
  for (const auto& flag : r.flags) f.flags.push_back(flag);
  f.quantity = r.quantity;
  f.source_line = source_line;
  return f;
}

}  // namespace dutyscore::testing
