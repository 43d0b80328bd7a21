// Reading a records file on several threads at once.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dutyscore/members.h"
#include "dutyscore/problem.h"
#include "dutyscore/record_batch.h"

namespace dutyscore {

// Reads decoded (UTF-8, BOM removed) records text in `threads` chunks of
// whole lines at once, and returns the batch the serial reader would
// return, with its warnings added to `problems` in the same order. It
// handles only text that the serial reader reads without an error and that
// has no quote, no lone CR and no further BOM: for anything else it returns
// nothing and reports nothing, and the caller reads the text row by row,
// so that every message is worded and placed exactly as before.
std::optional<RecordBatch> read_records_parallel(std::string_view text, const std::string& file,
                                                 const MemberTable& members, unsigned threads,
                                                 Problems& problems);

}  // namespace dutyscore
