// Internal: cell values as offices write them: dates in several forms and
// as Excel serial numbers, full-width digits, yes/no words, positions in
// words, several words in one cell. Codes (全体会议 -> plenary) come from the
// standard vocabulary and the profile (input/office_layout.h), not from here.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dutyscore/period.h"

namespace dutyscore::detail {

// `text` with full-width ASCII forms (U+FF01..U+FF5E: ２０２５／１／１６, Ｍ００１)
// as ASCII and the ideographic space (U+3000) as a space: what a clerk
// typing with a Chinese input method in full-width mode means.
std::string halfwidth(std::string_view text);

// True when `text` holds a byte of a full-width form or an ideographic
// space (so that halfwidth() would change it).
bool has_fullwidth(std::string_view text);

// A date as offices write it: 2025-01-16, 2025-1-16, 2025/1/16, 2025.1.16,
// 2025年1月16日 (the 日 may be left out), 20250116, each with full-width
// digits too and an optional time after it ("2025/1/16 9:30", which is
// dropped: the day counts). Nothing when it is none of these or not a real
// day. Two-digit years are refused: 25/1/16 could be any century.
std::optional<Day> parse_office_date(std::string_view text);

// The day of an Excel date number, written as in a workbook cell ("45672",
// "45672.375"; the time of day is dropped), in the workbook's date system:
// the 1900 system counts 1 as 1900-01-01 and takes 1900 for a leap year
// (60 is a 29 February that never was: nothing), the 1904 system counts 0
// as 1904-01-01. Nothing for a number that is not a day 1900..9999.
std::optional<Day> excel_serial_day(std::string_view number, bool date1904);

// A whole or decimal number in plain digits ("12", "2.5", "-3") or in
// exponent form as workbooks store some numbers ("1.5E+3", "1E-2"), as plain
// digits without exponent ("1500", "0.01"); nothing when it is not a number.
std::optional<std::string> plain_number(std::string_view text);

// 是/否 and the other ways a yes/no column is filled (√ × Y N TRUE FALSE 1
// 0 有 无 ...); nothing for anything else. An empty cell is not asked.
std::optional<bool> yes_no(std::string_view word);

// A participant's position as offices write it: a number ("1", "第1", "第一",
// "第二提案人", "第3位") or a word for the first (领衔, 领衔人, 主提案人,
// 第一提案人); nothing otherwise. Co-signers without a number (联名人, 附议)
// have no position: no_position_word() tells them apart from a typo.
std::optional<std::uint16_t> position_word(std::string_view word);
bool no_position_word(std::string_view word);

// The words of a cell listing several (members "张三、李四", flags
// "重点提案;优秀提案"): split at 、，,；;／/ and white space (full-width
// too), each trimmed, empty ones dropped. Views into `cell`.
void split_words(std::string_view cell, std::vector<std::string_view>& out);

// A name with what is written after it in brackets dropped: "张三（领衔）"
// -> "张三" and "领衔" as `note`.
std::string_view strip_note(std::string_view word, std::string_view* note = nullptr);

}  // namespace dutyscore::detail
