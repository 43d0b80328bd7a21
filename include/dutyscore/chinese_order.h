// The order people expect for names of groups, sectors and units: numbered
// names by their number (第二活动组 before 第十二活动组; "组3" before
// "组12"), everything else by pinyin (ICU's Chinese collation), so that
// tables read 第一, 第二, ... 第十二 and 经济界, 教育界, 科技界.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dutyscore {

// True when `a` comes before `b`. Ties in the collation (equal names) fall
// back to byte order, so that the order is total and the same on every
// machine. Safe to call from several threads.
bool chinese_less(std::string_view a, std::string_view b);

// The number a Chinese numeral stands for ("十二" -> 12, "二十一" -> 21,
// "一百零五" -> 105, "两" -> 2), or -1 when `numeral` is not one.
long long chinese_number(std::string_view numeral);

// `names` sorted by chinese_less.
void sort_chinese(std::vector<std::string>& names);

}  // namespace dutyscore
