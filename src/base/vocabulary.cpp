#include "dutyscore/vocabulary.h"

namespace dutyscore {

namespace {

using F = VocabularyField;

// Names follow the glossary of docs/rules.md §6 and the words of published
// methods; `words` are what office systems and clerks write instead.
std::vector<Term> make_vocabulary() {
  return {
      // Kinds.
      {F::Kind, "meeting", "", "会议", {"出席会议", "参加会议"}},
      {F::Kind, "proposal", "", "提案", {"提交提案"}},
      {F::Kind, "info", "", "社情民意信息", {"社情民意", "信息", "信息报送"}},
      {F::Kind, "history", "", "文史资料", {"文史"}},
      {F::Kind, "activity", "", "履职活动", {"活动", "调研视察"}},
      {F::Kind, "study", "", "学习培训", {"学习"}},
      {F::Kind, "service", "", "服务", {"服务实事"}},
      {F::Kind, "charity", "", "公益慈善", {"公益", "慈善"}},
      {F::Kind, "honor", "", "获得荣誉", {"荣誉", "表彰", "获奖"}},
      {F::Kind, "violation", "", "违纪违法", {"违规违纪"}},
      // Subtypes, by kind.
      {F::Subtype, "plenary", "meeting", "全体会议", {"全会", "全委会", "政协全体会议", "全体委员会议"}},
      {F::Subtype, "standing", "meeting", "常委会议", {"常委会", "常委会会议", "常务委员会会议"}},
      {F::Subtype, "consultation", "meeting", "协商会议", {"协商会", "专题协商会", "协商座谈会"}},
      {F::Subtype, "group_discussion", "meeting", "小组讨论", {"分组讨论", "小组会议"}},
      {F::Subtype, "other", "meeting", "其他会议", {}},
      // "other" under any other kind (and kinds of an office's own).
      {F::Subtype, "other", "", "其他", {}},
      {F::Subtype, "individual", "proposal", "个人提案", {"个人"}},
      {F::Subtype, "joint", "proposal", "联名提案", {"联名"}},
      {F::Subtype, "collective", "proposal", "集体提案", {"集体"}},
      {F::Subtype, "research", "activity", "调研", {"调研活动", "专题调研"}},
      {F::Subtype, "inspection", "activity", "视察", {"视察活动", "专题视察"}},
      {F::Subtype, "supervision", "activity", "民主监督", {"监督", "民主监督活动"}},
      {F::Subtype, "seminar", "activity", "座谈", {"座谈会"}},
      {F::Subtype, "training", "activity", "培训", {"履职培训"}},
      {F::Subtype, "written_speech", "activity", "书面发言", {}},
      {F::Subtype, "speech", "activity", "大会发言", {"口头发言", "大会口头发言"}},
      {F::Subtype, "session", "study", "学习会", {"集中学习", "学习活动"}},
      {F::Subtype, "notes", "study", "学习笔记", {"笔记"}},
      {F::Subtype, "article", "study", "心得文章", {"学习心得", "心得体会"}},
      {F::Subtype, "key_project", "service", "服务重点项目", {"重点项目"}},
      {F::Subtype, "pairing_help", "service", "结对帮扶", {"帮扶"}},
      {F::Subtype, "donation", "charity", "捐赠", {"捐款", "捐物", "捐款捐物"}},
      {F::Subtype, "volunteer", "charity", "志愿服务", {"志愿者服务"}},
      {F::Subtype, "discipline", "violation", "违纪", {"违反纪律"}},
      {F::Subtype, "law", "violation", "违法", {"违法犯罪"}},
      // Meeting statuses.
      {F::Status, "present", "", "出席", {"参加", "到会", "已出席", "出勤"}},
      {F::Status, "leave", "", "请假", {"因事请假", "因病请假", "公务请假"}},
      {F::Status, "absent", "", "缺席", {"无故缺席", "未出席", "未请假缺席"}},
      {F::Status, "late", "", "迟到早退", {"迟到", "早退"}},
      // Levels.
      {F::Level, "county", "", "县级", {"县", "区级", "县区级", "县政协"}},
      {F::Level, "city", "", "市级", {"市", "县级市"}},
      {F::Level, "prefecture", "", "地级", {"地市级", "地区级", "州级"}},
      {F::Level, "province", "", "省级", {"省", "省政协"}},
      {F::Level, "national", "", "全国", {"国家级", "全国政协"}},
      // Outcome flags.
      {F::Flag, "filed", "", "立案", {"已立案", "予以立案"}},
      {F::Flag, "key", "", "重点提案", {"重点"}},
      {F::Flag, "excellent", "", "优秀提案", {"优秀"}},
      {F::Flag, "to_info", "", "转为社情民意信息", {"转信息", "转社情民意信息"}},
      {F::Flag, "adopted", "", "采用", {"已采用", "被采用"}},
      {F::Flag, "instructed", "", "获批示", {"批示", "领导批示"}},
      // Roles.
      {F::Role, "member", "", "委员", {}},
      {F::Role, "standing", "", "常委", {"常务委员"}},
  };
}

}  // namespace

const std::vector<Term>& standard_vocabulary() {
  static const std::vector<Term> terms = make_vocabulary();
  return terms;
}

const Term* find_term(VocabularyField field, std::string_view code, std::string_view kind) {
  const Term* general = nullptr;  // a term of no kind: any kind's "other"
  for (const Term& t : standard_vocabulary()) {
    if (t.field != field || t.code != code) continue;
    if (field != F::Subtype || kind.empty() || t.kind == kind) return &t;
    if (t.kind.empty()) general = &t;
  }
  return general;
}

std::string_view chinese_name(VocabularyField field, std::string_view code, std::string_view kind) {
  const Term* t = find_term(field, code, kind);
  return t != nullptr ? t->name : code;
}

std::vector<const Term*> terms_for_word(VocabularyField field, std::string_view word) {
  std::vector<const Term*> out;
  for (const Term& t : standard_vocabulary()) {
    if (t.field != field) continue;
    bool match = t.name == word;
    for (const auto w : t.words) match = match || w == word;
    if (match) out.push_back(&t);
  }
  return out;
}

std::string_view field_name(VocabularyField field) {
  switch (field) {
    case F::Kind: return "履职类别";
    case F::Subtype: return "类型";
    case F::Status: return "出席情况";
    case F::Level: return "级别";
    case F::Flag: return "办理结果";
    case F::Role: return "职务";
  }
  return "";
}

}  // namespace dutyscore
