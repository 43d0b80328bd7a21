// Members and duty records from the interchange CSV layout.
#pragma once

#include <optional>
#include <string>

#include "dutyscore/members.h"
#include "dutyscore/problem.h"
#include "dutyscore/record_batch.h"

namespace dutyscore {

// Reads members.csv text: member_id, name, unit, sector, group, roles
// (';'-separated), joined, left. Extra columns are ignored; member_id is
// required, the others may be absent. Every bad row is reported with its
// line and column name; returns the table only when there is no error.
std::optional<MemberTable> read_members(const std::string& text, const std::string& file,
                                        Problems& problems);

// Reads records.csv text against `members`: record_id, member_id, date,
// kind, subtype, status, ref, position, level, flags (';'-separated),
// quantity. Extra columns are ignored. Unknown members, bad dates, bad
// numbers and duplicate record ids are errors with their place; returns the
// batch only when there is no error.
std::optional<RecordBatch> read_records(const std::string& text, const std::string& file,
                                        const MemberTable& members, Problems& problems);

// Reads a whole file into `out`; false (and an error in `problems`) when it
// cannot be read.
bool read_file(const std::string& path, std::string& out, Problems& problems);

}  // namespace dutyscore
