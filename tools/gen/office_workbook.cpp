#include "office_workbook.h"

#include <xlsxwriter.h>

#include <algorithm>
#include <initializer_list>
#include <map>
#include <memory>
#include <set>

#include "dutyscore/vocabulary.h"

namespace dutyscore::gen {
namespace {

lxw_datetime excel_date(Day day) {
  const std::string iso = format_day(day);  // YYYY-MM-DD
  return lxw_datetime{std::stoi(iso.substr(0, 4)), std::stoi(iso.substr(5, 2)),
                      std::stoi(iso.substr(8, 2)), 0, 0, 0.0};
}

double units(std::int32_t quantity) {
  return static_cast<double>(quantity) / static_cast<double>(kQuantityScale);
}

std::string vocabulary_name(VocabularyField field, std::string_view code, std::string_view kind = {}) {
  return std::string(chinese_name(field, code, kind));
}

// One workbook being written; closes it (and reports why it failed) once.
class Book {
 public:
  Book(const std::string& path, bool constant_memory) {
    lxw_workbook_options options{};
    options.constant_memory = constant_memory ? LXW_TRUE : LXW_FALSE;
    options.use_zip64 = LXW_TRUE;
    book_ = workbook_new_opt(path.c_str(), &options);
    if (!book_) return;
    // Fixed properties: the same Options give the same bytes.
    lxw_doc_properties properties{};
    properties.title = const_cast<char*>("政协委员履职档案");
    properties.author = const_cast<char*>("dutyscore-gen");
    properties.created = 1735689600;  // 2025-01-01T00:00:00Z
    workbook_set_properties(book_, &properties);
    date_ = workbook_add_format(book_);
    format_set_num_format(date_, "yyyy/m/d");
    date_cn_ = workbook_add_format(book_);
    format_set_num_format(date_cn_, "yyyy\"年\"m\"月\"d\"日\"");
    title_ = workbook_add_format(book_);
    format_set_bold(title_);
    format_set_align(title_, LXW_ALIGN_CENTER);
    head_ = workbook_add_format(book_);
    format_set_bold(head_);
  }
  ~Book() {
    if (book_) workbook_close(book_);
  }

  bool ok() const { return book_ != nullptr && error_.empty(); }
  const std::string& error() const { return error_; }

  // A sheet with a title row over its columns (when `title` is not empty)
  // and a header row; rows() then counts from the first data row.
  lxw_worksheet* sheet(const char* name, const std::string& title,
                       const std::vector<const char*>& headers) {
    lxw_worksheet* ws = workbook_add_worksheet(book_, name);
    lxw_row_t row = 0;
    if (!title.empty()) {
      check(worksheet_merge_range(ws, 0, 0, 0, static_cast<lxw_col_t>(headers.size() - 1),
                                  title.c_str(), title_));
      row = 1;
    }
    for (std::size_t c = 0; c < headers.size(); ++c)
      check(worksheet_write_string(ws, row, static_cast<lxw_col_t>(c), headers[c], head_));
    worksheet_set_column(ws, 0, static_cast<lxw_col_t>(headers.size() - 1), 14, nullptr);
    return ws;
  }
  void text(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, std::string_view value) {
    if (!value.empty()) check(worksheet_write_string(ws, row, col, std::string(value).c_str(), nullptr));
  }
  // Text cells from column `first` on, one per value.
  void texts(lxw_worksheet* ws, lxw_row_t row, lxw_col_t first,
             std::initializer_list<std::string_view> values) {
    for (const std::string_view value : values) text(ws, row, first++, value);
  }
  void number(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, double value) {
    check(worksheet_write_number(ws, row, col, value, nullptr));
  }
  void date(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, Day day, bool chinese = false) {
    lxw_datetime d = excel_date(day);
    check(worksheet_write_datetime(ws, row, col, &d, chinese ? date_cn_ : date_));
  }
  std::string close() {
    if (!book_) return "cannot create the workbook";
    const lxw_error e = workbook_close(book_);
    book_ = nullptr;
    if (e != LXW_NO_ERROR && error_.empty()) error_ = lxw_strerror(e);
    return error_;
  }

 private:
  void check(lxw_error e) {
    if (e != LXW_NO_ERROR && error_.empty()) error_ = lxw_strerror(e);
  }
  lxw_workbook* book_ = nullptr;
  lxw_format *date_ = nullptr, *date_cn_ = nullptr, *title_ = nullptr, *head_ = nullptr;
  std::string error_;
};

struct Member {
  std::string id, name, unit, sector, group;
  bool standing = false;
  Day joined = 0;
  std::optional<Day> left;
};

struct Record {
  MemberIndex member = 0;
  Day date = 0;
  std::string kind, subtype, status, ref, level;
  std::vector<std::string> flags;
  std::int32_t quantity = kNoQuantity;
};

// A joint (or individual, or collective) proposal: its rows in position order.
struct Proposal {
  Record first;
  std::vector<MemberIndex> signers;
};

}  // namespace

std::string write_office_workbook(const Options& options, const std::string& path) {
  std::vector<Member> members;
  std::vector<Record> meetings, info, others;
  std::map<MemberIndex, std::map<Day, std::string>> standing;  // member -> day -> status
  std::set<Day> standing_days;
  std::vector<Proposal> proposals;
  generate(
      options,
      [&](const MemberRow& m) {
        members.push_back(Member{std::string(m.id), std::string(m.name), std::string(m.unit),
                                 std::string(m.sector), std::string(m.group),
                                 std::find(m.role_list.begin(), m.role_list.end(), "standing") !=
                                     m.role_list.end(),
                                 m.joined, m.left});
      },
      [&](const RecordRow& r) {
        Record rec{r.member, r.date, std::string(r.kind), std::string(r.subtype),
                   std::string(r.status), std::string(r.ref), std::string(r.level),
                   std::vector<std::string>(r.flag_list.begin(), r.flag_list.end()), r.quantity};
        if (r.kind == "meeting" && r.subtype == "standing") {
          standing[r.member][r.date] = rec.status;
          standing_days.insert(r.date);
        } else if (r.kind == "meeting") {
          meetings.push_back(std::move(rec));
        } else if (r.kind == "proposal") {
          // A proposal's rows come one after the other, in position order.
          if (proposals.empty() || proposals.back().first.ref != rec.ref)
            proposals.push_back(Proposal{rec, {}});
          proposals.back().signers.push_back(r.member);
        } else if (r.kind == "info") {
          info.push_back(std::move(rec));
        } else {
          others.push_back(std::move(rec));
        }
      });
  // A name two members share is written with the member's id, as offices
  // tell them apart: 王伟（M012）.
  std::map<std::string, int> name_count;
  for (const auto& m : members) ++name_count[m.name];
  const auto signer_name = [&](MemberIndex m) {
    const Member& member = members[m];
    return name_count[member.name] > 1 ? member.name + "（" + member.id + "）" : member.name;
  };
  const std::string year = std::to_string(options.year);
  Book book(path, false);
  if (!book.ok()) return "cannot create " + path;

  // The members, as the general office keeps them.
  {
    lxw_worksheet* ws = book.sheet("委员名单", year + "年度政协委员名单",
                                   {"委员编号", "姓名", "工作单位", "界别", "活动组", "职务",
                                    "任职日期", "离任日期"});
    lxw_row_t row = 2;
    for (const auto& m : members) {
      book.text(ws, row, 0, m.id);
      book.text(ws, row, 1, m.name);
      book.text(ws, row, 2, m.unit);
      book.text(ws, row, 3, m.sector);
      book.text(ws, row, 4, m.group);
      book.text(ws, row, 5, m.standing ? "常委" : "委员");
      book.date(ws, row, 6, m.joined);
      if (m.left) book.date(ws, row, 7, *m.left);
      ++row;
    }
  }
  // Attendance, as the general office records it: a row per member and
  // meeting, in its own words (会议名称, 到会情况).
  {
    lxw_worksheet* ws = book.sheet("会议出勤", year + "年度委员会议出勤登记",
                                   {"序号", "委员编号", "姓名", "会议日期", "会议名称",
                                    "到会情况", "半天数"});
    static const std::map<std::string, std::string> kStatus = {
        {"present", "到会"}, {"leave", "请假"}, {"absent", "缺席"}, {"late", "迟到早退"}};
    lxw_row_t row = 2;
    for (const auto& r : meetings) {
      book.number(ws, row, 0, static_cast<double>(row - 1));
      book.text(ws, row, 1, members[r.member].id);
      book.text(ws, row, 2, members[r.member].name);
      book.date(ws, row, 3, r.date);
      book.text(ws, row, 4, vocabulary_name(VocabularyField::Subtype, r.subtype, "meeting"));
      book.text(ws, row, 5, kStatus.at(r.status));
      if (r.quantity != kNoQuantity) book.number(ws, row, 6, units(r.quantity));
      ++row;
    }
  }
  // The standing committee's sign-in sheet: a column per meeting.
  {
    std::vector<std::string> headers_text;
    for (const Day day : standing_days) {
      const lxw_datetime d = excel_date(day);
      headers_text.push_back(std::to_string(d.year) + "年" + std::to_string(d.month) + "月" +
                             std::to_string(d.day) + "日常委会议");
    }
    std::vector<const char*> headers = {"委员编号", "姓名"};
    for (const auto& h : headers_text) headers.push_back(h.c_str());
    lxw_worksheet* ws = book.sheet("常委会议签到", year + "年度常委会议签到表", headers);
    lxw_row_t row = 2;
    for (const auto& [member, days] : standing) {
      book.text(ws, row, 0, members[member].id);
      book.text(ws, row, 1, members[member].name);
      lxw_col_t col = 2;
      for (const Day day : standing_days) {
        const auto it = days.find(day);
        if (it != days.end())
          book.text(ws, row, col, vocabulary_name(VocabularyField::Status, it->second));
        ++col;
      }
      ++row;
    }
  }
  // Proposals, as the proposals office keeps them: a row per proposal, its
  // proposers in one cell (the first proposer first).
  {
    lxw_worksheet* ws = book.sheet("提案", year + "年度委员提案登记",
                                   {"案号", "提交日期", "提案类型", "提案者", "立案情况", "备注"});
    lxw_row_t row = 2;
    for (const auto& p : proposals) {
      const Record& r = p.first;
      book.text(ws, row, 0, r.ref);
      book.date(ws, row, 1, r.date, true);
      book.text(ws, row, 2, vocabulary_name(VocabularyField::Subtype, r.subtype, "proposal"));
      std::string signers;
      for (const MemberIndex m : p.signers) signers += (signers.empty() ? "" : "、") + signer_name(m);
      book.text(ws, row, 3, signers);
      const bool filed = std::find(r.flags.begin(), r.flags.end(), "filed") != r.flags.end();
      book.text(ws, row, 4, filed ? "已立案" : "不予立案");
      std::string notes;
      for (const auto& flag : r.flags) {
        if (flag == "filed") continue;
        notes += (notes.empty() ? "" : "；") + vocabulary_name(VocabularyField::Flag, flag);
      }
      book.text(ws, row, 5, notes);
      ++row;
    }
  }
  // Information reports, as the research office keeps them.
  {
    lxw_worksheet* ws = book.sheet("社情民意信息", year + "年度社情民意信息报送及采用情况",
                                   {"报送日期", "报送人", "信息标题", "采用情况"});
    lxw_row_t row = 2;
    for (const auto& r : info) {
      book.date(ws, row, 0, r.date);
      book.text(ws, row, 1, signer_name(r.member));
      book.text(ws, row, 2, "关于" + members[r.member].group + "履职调研中发现问题的反映");
      std::string adoption;
      if (!r.level.empty()) adoption = vocabulary_name(VocabularyField::Level, r.level) + "采用";
      for (const auto& flag : r.flags)
        if (flag == "instructed") adoption += "；" + vocabulary_name(VocabularyField::Flag, flag);
      book.text(ws, row, 3, adoption);
      ++row;
    }
  }
  // The rest, as the liaison office keeps it: the default profile's headers.
  {
    lxw_worksheet* ws = book.sheet("其他履职", year + "年度委员其他履职活动登记",
                                   {"委员编号", "姓名", "日期", "履职类别", "级别", "时长"});
    lxw_row_t row = 2;
    for (const auto& r : others) {
      book.text(ws, row, 0, members[r.member].id);
      book.text(ws, row, 1, members[r.member].name);
      book.date(ws, row, 2, r.date);
      book.text(ws, row, 3,
                r.subtype.empty() ? vocabulary_name(VocabularyField::Kind, r.kind)
                                  : vocabulary_name(VocabularyField::Subtype, r.subtype, r.kind));
      if (!r.level.empty()) book.text(ws, row, 4, vocabulary_name(VocabularyField::Level, r.level));
      if (r.quantity != kNoQuantity) book.number(ws, row, 5, units(r.quantity));
      ++row;
    }
  }
  return book.close();
}

std::string write_interchange_workbook(const Options& options, const std::string& path) {
  Book book(path, true);
  if (!book.ok()) return "cannot create " + path;
  lxw_worksheet* members = book.sheet(
      "members", "", {"member_id", "name", "unit", "sector", "group", "roles", "joined", "left"});
  // In constant-memory mode the sheets' rows are written in order; the
  // records come after every member, into their own sheet.
  lxw_worksheet* records =
      book.sheet("records", "",
                 {"record_id", "member_id", "date", "kind", "subtype", "status", "ref", "position",
                  "level", "flags", "quantity"});
  lxw_row_t member_row = 1, record_row = 1;
  generate(
      options,
      [&](const MemberRow& m) {
        book.texts(members, member_row, 0, {m.id, m.name, m.unit, m.sector, m.group, m.roles});
        book.date(members, member_row, 6, m.joined);
        if (m.left) book.date(members, member_row, 7, *m.left);
        ++member_row;
      },
      [&](const RecordRow& r) {
        book.texts(records, record_row, 0, {r.record_id, r.member_id});
        book.date(records, record_row, 2, r.date);
        book.texts(records, record_row, 3, {r.kind, r.subtype, r.status, r.ref});
        if (r.position != 0) book.number(records, record_row, 7, r.position);
        book.texts(records, record_row, 8, {r.level, r.flags});
        if (r.quantity != kNoQuantity) book.number(records, record_row, 10, units(r.quantity));
        ++record_row;
      });
  return book.close();
}

}  // namespace dutyscore::gen
