// The profile model's names and the built-in default profile.
#include "dutyscore/profile.h"

#include <stdexcept>

namespace dutyscore {
namespace {

constexpr const char* kFieldNames[] = {
    "record_id", "member_id", "date", "kind", "subtype", "status", "ref", "position", "level",
    "flags", "quantity", "name", "unit", "sector", "group", "roles", "joined", "left",
    "member_name", "participants", "words"};

// The default profile. Every header a field may have, the interchange name
// last; values come from the standard vocabulary (standard_words).
// docs/input.md shows this text (tests/test_office_input.cpp checks).
const char* const kDefaultProfile = R"(# 内置默认配置: 常见的中文表头 (及交换格式的英文列名); 取值用标准词汇表.
members:
  - name: 委员名单
    columns:
      member_id: [委员编号, 委员证号, 编号, member_id]
      name: [姓名, 委员姓名, name]
      unit: [工作单位, 单位, 工作单位及职务, unit]
      sector: [界别, 所在界别, sector]
      group: [活动组, 所属活动组, 委员活动组, 专委会, group]
      roles: [政协职务, 委员类别, 职务, roles]
      joined: [任职日期, 加入日期, joined]
      left: [离任日期, 退出日期, left]
    yes_no: {是否常委: standing}
records:
  - name: 履职记录
    columns:
      record_id: [记录编号, 履职编号, record_id]
      member_id: [委员编号, 委员证号, member_id]
      member_name: [姓名, 委员姓名, 委员]
      date: [日期, 履职日期, 活动日期, 会议日期, date]
      kind: [履职类别, 履职类型, 类别, kind]
      subtype: [类型, 子类别, 会议类型, 提案类型, 活动类型, subtype]
      status: [出席情况, 出勤情况, 考勤, status]
      ref: [提案编号, 提案号, 关联编号, ref]
      position: [提案人排序, 排序, 署名顺序, position]
      level: [采用级别, 级别, level]
      flags: [办理结果, 标记, flags]
      quantity: [数量, 半天数, 时长, quantity]
      words: [采用情况, 备注]
    yes_no: {是否立案: filed, 是否重点提案: key, 是否优秀提案: excellent, 是否采用: adopted, 是否获批示: instructed}
  - name: 提案
    columns:
      ref: [提案编号, 提案号, 案号]
      date: [提交日期, 提案日期, 日期]
      participants: [提案人, 提案者]
      subtype: [提案类型, 类型]
      flags: [办理结果]
      words: [办理情况, 备注]
    yes_no: {是否立案: filed, 是否重点提案: key, 是否优秀提案: excellent, 是否转社情民意信息: to_info}
    set: {kind: proposal}
  - name: 社情民意信息
    columns:
      ref: [信息编号]
      date: [报送日期, 日期]
      participants: [报送人, 作者, 撰稿人]
      level: [采用级别]
      words: [采用情况, 批示情况, 备注]
    yes_no: {是否采用: adopted, 是否获批示: instructed}
    set: {kind: info}
  - name: 会议签到
    shape: grid
    columns:
      member_id: [委员编号, member_id]
      member_name: [姓名, 委员姓名]
    meetings: auto
)";

}  // namespace

const char* input_field_name(InputField field) {
  return kFieldNames[static_cast<std::size_t>(field)];
}

std::optional<InputField> input_field_from_name(const std::string& name) {
  for (std::size_t i = 0; i < std::size(kFieldNames); ++i)
    if (name == kFieldNames[i]) return static_cast<InputField>(i);
  return std::nullopt;
}

const std::string& default_profile_text() {
  static const std::string text = kDefaultProfile;
  return text;
}

const InputProfile& default_profile() {
  static const InputProfile profile = [] {
    Problems problems;
    auto loaded = load_profile(default_profile_text(), "<default>", problems);
    // The text is fixed and tested; a failure here is a build defect.
    if (!loaded || !problems.empty()) throw std::logic_error("the built-in default profile does not load");
    return std::move(*loaded);
  }();
  return profile;
}

}  // namespace dutyscore
