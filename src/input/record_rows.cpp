#include "input/record_rows.h"

#include <algorithm>
#include <atomic>
#include <cstring>
#include <functional>
#include <iterator>
#include <limits>
#include <map>
#include <unordered_set>
#include <utility>

#include "base/huge_pages.h"
#include "base/parallel.h"
#include "base/short_text.h"
#include "data/record_batch_refs.h"
#include "input/day_memo.h"
#include "input/office_values.h"
#include "input/row_gate.h"

namespace dutyscore::detail {
namespace {

// The member of a row, looked up by id. Exports list a member's records
// together, with now and then a row of another participant of a joint
// item: the last two members found are remembered, with their service.
class MemberLookup {
 public:
  struct Found {
    std::string id;  // empty: unused (an empty member id is never looked up)
    MemberIndex index = 0;
    bool dates_read = false;  // joined and left below are the member's
    std::optional<Day> joined, left;
  };

  MemberLookup(const MemberTable& members, const ServiceScreen& service)
      : members_(members), service_(service) {}

  // Nothing when no member has the id.
  Found* find(std::string_view id) {
    if (!short_text::equal(id, recent_[0].id)) {
      std::swap(recent_[0], recent_[1]);
      if (!short_text::equal(id, recent_[0].id)) {
        const auto found = members_.find(id);
        if (!found) return nullptr;
        // Copied: the id may live in the CSV parser's buffer for one row.
        recent_[0].id.assign(id.data(), id.size());
        recent_[0].index = *found;
        recent_[0].dates_read = false;
      }
    }
    return &recent_[0];
  }

  // A record of `member` dated `day` is outside the member's service. The
  // dates are read only when the screen cannot tell.
  bool outside_service(Found& member, Day day) {
    if (!member.dates_read) {
      if (service_.surely_inside(member.index, day)) return false;
      member.joined = members_.joined(member.index);
      member.left = members_.left(member.index);
      member.dates_read = true;
    }
    return (member.joined && day < *member.joined) || (member.left && day > *member.left);
  }

 private:
  const MemberTable& members_;
  const ServiceScreen& service_;
  Found recent_[2];
};

// The column a builder's refusal is about: it names it in its first word
// ("date: ..."), which the message then leaves out.
std::string refused_column(const std::string& refused) {
  const auto colon = refused.find(": ");
  std::string field = colon == std::string::npos ? "kind" : refused.substr(0, colon);
  return field == "flag" ? "flags" : field;
}

std::string refused_message(const std::string& refused) {
  const auto colon = refused.find(": ");
  return colon == std::string::npos ? refused : refused.substr(colon + 2);
}

bool has_repeat(const std::vector<std::string_view>& parts) {
  for (std::size_t i = 0; i < parts.size(); ++i) {
    for (std::size_t j = i + 1; j < parts.size(); ++j) {
      if (parts[i] == parts[j]) return true;
    }
  }
  return false;
}

// The rules for one records row: its cells checked in a fixed order, each
// problem worded and placed, the record added to the part's builder when
// there is no error. Rows before it are looked at only through `in_order`
// (when set); after the fact, what the checks of combine_parts() need is
// kept in the part instead.
class RecordRows {
 public:
  RecordRows(const RecordFile& file, InOrderChecks* in_order)
      : file_(file), cols_(file.cols), in_order_(in_order), members_(file.members, file.service) {}

  // Whether the row was added to part.builder. `ok` false: the row's
  // source found an error in it already (it is checked, never added).
  // `trimmed`: no cell has anything for trim() to take off.
  bool read(const std::vector<std::string_view>& cells, std::uint32_t line, bool check_utf8,
            bool trimmed, Problems& sink, RecordPart& part, bool ok = true);

 private:
  const RecordFile& file_;
  const Columns cols_;  // the reading thread's own: read every row
  InOrderChecks* in_order_;
  MemberLookup members_;
  DayMemo dates_;
  RecordFields fields_;
  std::vector<std::string_view> trimmed_cells_;  // read()'s, kept for its room
};

bool RecordRows::read(const std::vector<std::string_view>& cells, std::uint32_t line,
                      bool check_utf8, bool trimmed, Problems& sink, RecordPart& part, bool ok) {
  const FilePlaces file = file_.names();
  const Columns& columns = cols_;
  // The cells trimmed: nearly every CSV row has nothing to trim.
  const std::vector<std::string_view>* row = &cells;
  if (!trimmed) {
    trimmed_cells_.resize(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) trimmed_cells_[i] = trim(cells[i]);
    row = &trimmed_cells_;
  }
  const auto cell = [&columns, row](std::size_t k) { return columns.trimmed_cell(*row, k); };
  ok = ok && (!check_utf8 || check_utf8_cells(cells, file_.header, file_.file, line, sink));
  std::string_view id = cell(kRecordId);
  if (id.empty()) {
    sink.error(file.at(line, "record_id"), "the record id is empty", "empty");
    ok = false;
  } else if (in_order_) {
    id = in_order_->check_id(id, line, file, sink, ok);
  }
  const auto member_id = cell(kRecMember);
  MemberLookup::Found* member = nullptr;
  if (member_id.empty()) {
    sink.error(file.at(line, "member_id"), "the member id is empty", "empty");
    ok = false;
  } else if (!(member = members_.find(member_id))) {
    sink.error(file.at(line, "member_id"),
               "member " + quoted(member_id) + " is not in the members file",
               "unknown-member:" + std::string(member_id));
    ok = false;
  }
  const auto date_text = cell(kDate);
  Day day = 0;
  bool dated = false;
  if (date_text.empty()) {
    sink.error(file.at(line, "date"), "the date is empty", "empty");
    ok = false;
  } else if (dates_.parse(date_text, day)) {
    // The memo straight into `day`, not through parse_date_cell()'s
    // optional: merging its two ways out, the compiler stored the optional's
    // day and flag apart and loaded them as one word, which waited for both
    // stores (a quarter of this function's samples on bench/compare).
    dated = true;
  } else if (const auto parsed =
                 parse_date_cell(date_text, "date", file.at(line, "date"), sink, ok)) {
    day = *parsed;
    dated = true;
  }
  if (member && dated && members_.outside_service(*member, day))
    warn_outside_service(file_.members, member->index, day, date_text, member_id,
                         file.at(line, "date"), sink);
  const auto kind = cell(kKind);
  if (kind.empty()) {
    sink.error(file.at(line, "kind"), "the kind is empty", "empty");
    ok = false;
  }
  fields_.position = 0;
  if (const auto text = cell(kPosition); !text.empty()) {
    if (const auto value = parse_position(text)) {
      fields_.position = *value;
    } else {
      sink.error(file.at(line, "position"),
                 "position " + quoted(text) + " is not a whole number 1..65535", "position");
      ok = false;
    }
  }
  fields_.quantity = kNoQuantity;
  if (const auto text = cell(kQuantity); !text.empty()) {
    if (const auto value = parse_quantity(text)) {
      fields_.quantity = *value;
    } else {
      sink.error(file.at(line, "quantity"),
                 "quantity " + quoted(text) +
                     " must be a non-negative decimal with at most 4 decimals"
                     " and at most 214748.3647",
                 "quantity");
      ok = false;
    }
  }
  split_list(cell(kFlags), fields_.flags);
  const auto subtype = cell(kSubtype);
  const auto ref = cell(kRef);
  if (!ref.empty() && !kind.empty()) {
    if (in_order_) {
      in_order_->joint_items.check(kind, ref, subtype, fields_.flags, fields_.position,
                                   member ? member->index : JointItems::kNoMember, member_id,
                                   line, file, sink, ok);
    } else if (has_repeat(fields_.flags)) {
      // After the fact, joint items are compared by flag sets; a flag
      // named twice makes the row's flag text differ from its set's.
      part.needs_order = true;
    }
  }
  bool added = false;
  if (ok) {
    fields_.record_id = id;
    fields_.member = member->index;
    fields_.date = day;
    fields_.kind = kind;
    fields_.subtype = subtype;
    fields_.status = cell(kStatus);
    fields_.ref = ref;
    fields_.level = cell(kLevel);
    fields_.source_line = line;
    const auto refused = part.builder.add(fields_);
    if (refused.empty()) {
      added = true;
      if (in_order_) in_order_->accepted(id, line);
    } else {
      sink.error(file.at(line, refused_column(refused).c_str()), refused_message(refused));
      // A part's builder knows only the part's rows.
      if (!in_order_) part.needs_order = true;
    }
  }
  if (!added && !in_order_) {
    if (!id.empty()) part.left_out.add_id(id);
    if (!ref.empty() && !kind.empty()) {
      part.left_out.add_joint(kind, ref, subtype, fields_.flags, fields_.position,
                              member ? member->index : JointItems::kNoMember);
    }
  }
  return added;
}

// True when the rows of every joint item (same kind and ref) agree on
// subtype and flags and no position is taken twice: what JointItems lets
// through without a message when the rows are read in order. The answer
// does not depend on the order of the rows, so each thread takes its own
// range of ref codes.
bool joint_items_agree(const RecordBatch& batch, unsigned threads) {
  constexpr std::uint32_t kUnseen = 0xFFFFFFFF;  // above every class code
  const std::size_t refs = batch.refs().size();
  // Per ref code, side by side as refs come in no order: the class of its
  // first row, and the positions 1..64 its rows of that kind take (bit
  // position - 1).
  struct Item {  // 16 bytes: a national batch has some 4 million refs
    std::uint64_t taken = 0;
    std::uint32_t first = kUnseen;
    std::uint32_t last_member = kUnseen;  // rows come grouped by member
  };
  static_assert(sizeof(Item) == 16, "no padding");
  std::vector<Item> items;
  detail::resize_on_huge_pages(items, refs);
  const auto& classes = batch.classes();
  const auto& class_column = batch.class_column();
  const auto& positions = batch.position_column();
  std::atomic<bool> agree{true};
  const auto disagree = [&agree] { agree.store(false, std::memory_order_relaxed); };
  // Each thread's refs are a range of codes, so that no two threads write
  // the same cache line of `items` (refs taken by code modulo the thread
  // count did, and two threads took as long as one).
  const auto check = [&](std::size_t lo, std::size_t hi) {
    // Rows of another kind than the ref's first, and positions above 64:
    // (ref, kind, position) keys, checked by a sort.
    std::vector<std::uint64_t> others;
    // (ref, kind) -> class and the last member seen
    std::unordered_map<std::uint64_t, std::pair<std::uint32_t, std::uint32_t>> other_kinds;
    std::uint32_t member = 0;
    const auto same = [&](std::uint32_t a, std::uint32_t b) {
      return a == b ||
             (classes[a].subtype == classes[b].subtype && classes[a].flags == classes[b].flags);
    };
    // One row of the range's refs; false once the rows disagree.
    const auto visit = [&](std::size_t row) {
      const Code ref = batch.ref(row);
      while (row >= batch.member_end(member)) ++member;
      const std::uint16_t cls = class_column[row];
      const Code kind = classes[cls].kind;
      Item& item = items[ref];
      if (item.first == kUnseen) item.first = cls;
      const bool first_kind = classes[item.first].kind == kind;
      if (first_kind) {
        if (!same(item.first, cls) || item.last_member == member) return false;
        item.last_member = member;
      } else {
        const auto [it, inserted] = other_kinds.try_emplace(
            static_cast<std::uint64_t>(ref) << 8 | kind, std::make_pair(std::uint32_t{cls}, member));
        if (!inserted && (!same(it->second.first, cls) || it->second.second == member))
          return false;
        it->second.second = member;
      }
      const std::uint16_t position = positions[row];
      if (position == 0) return true;
      if (first_kind && position <= 64) {
        const std::uint64_t bit = std::uint64_t{1} << (position - 1);
        if (item.taken & bit) return false;
        item.taken |= bit;
      } else {
        others.push_back(static_cast<std::uint64_t>(ref) << 24 |
                         static_cast<std::uint64_t>(kind) << 16 | position);
      }
      return true;
    };
    // A block of rows at a time, so that a thread stops soon after another
    // found rows that disagree.
    constexpr std::size_t kBlock = 65536;
    for (std::size_t from = 0; from < batch.size(); from += kBlock) {
      if (!agree.load(std::memory_order_relaxed)) return;
      if (!for_rows_with_ref(batch.ref_column().data(), from, std::min(batch.size(), from + kBlock),
                             static_cast<Code>(lo), static_cast<Code>(hi), visit))
        return disagree();
    }
    std::sort(others.begin(), others.end());
    if (std::adjacent_find(others.begin(), others.end()) != others.end()) disagree();
  };
  for_parts(threads, refs, check);
  return agree.load();
}

// True when the rows left out that name a joint item agree with its
// accepted rows (`batch`, whose joint items agree among themselves) and
// with each other on subtype and flags, and take no position an accepted
// row of the item takes: then checking them in order reports nothing.
bool left_out_agree(const RecordBatch& batch, const std::vector<std::unique_ptr<RecordPart>>& parts) {
  const auto for_each_row = [&parts](const auto& visit) {
    for (const auto& part : parts) part->left_out.for_each_joint(visit);
  };
  const auto key = [](Code ref, Code kind) { return static_cast<std::uint64_t>(ref) << 8 | kind; };
  struct Item {
    std::uint16_t cls = 0;
    bool seen = false;
    std::unordered_set<std::uint16_t> positions;
    std::unordered_set<std::uint32_t> members;
  };
  std::unordered_map<std::uint64_t, Item> items;  // the accepted rows' items named by these rows
  std::vector<char> wanted(batch.refs().size(), 0);
  std::size_t rows = 0;
  for_each_row([&](const LeftOutRows::Joint& row) {
    ++rows;
    const Code kind = batch.kinds().find(row.kind);
    const Code ref = batch.refs().find(row.ref);
    if (kind == kAbsent || ref == kAbsent) return;
    items.try_emplace(key(ref, kind));
    wanted[ref] = 1;
  });
  if (rows == 0) return true;
  const auto& classes = batch.classes();
  std::uint32_t member = 0;
  for (std::size_t r = 0; r < batch.size() && !items.empty(); ++r) {
    while (r >= batch.member_end(member)) ++member;
    const Code ref = batch.ref(r);
    if (!wanted[ref]) continue;
    const auto it = items.find(key(ref, batch.kind(r)));
    if (it == items.end()) continue;
    it->second.cls = batch.class_column()[r];
    it->second.seen = true;
    if (batch.position(r) != 0) it->second.positions.insert(batch.position(r));
    it->second.members.insert(member);
  }
  // Per item, the first left-out row's subtype and sorted flags (views
  // into the parts' packed rows, which outlive this).
  struct First {
    std::string_view subtype;
    std::vector<std::string_view> sorted_flags;
  };
  std::map<std::pair<std::string_view, std::string_view>, First> first;
  bool agree = true;
  std::vector<std::string_view> sorted;
  for_each_row([&](const LeftOutRows::Joint& row) {
    if (!agree) return;
    sorted = row.flags;
    std::sort(sorted.begin(), sorted.end());
    if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
      agree = false;
      return;
    }
    const auto [it, inserted] = first.try_emplace({row.kind, row.ref});
    if (inserted) {
      it->second = First{row.subtype, sorted};
    } else if (it->second.subtype != row.subtype || it->second.sorted_flags != sorted) {
      agree = false;
      return;
    }
    const Code kind = batch.kinds().find(row.kind);
    const Code ref = batch.refs().find(row.ref);
    if (kind == kAbsent || ref == kAbsent) return;
    const Item& item = items.at(key(ref, kind));
    if (!item.seen) return;
    const RecordClass& cls = classes[item.cls];
    FlagMask flags = 0;
    for (const auto flag : row.flags) {
      const Code code = batch.flag_names().find(flag);
      if (code == kAbsent) {
        agree = false;
        return;
      }
      flags |= FlagMask{1} << (code - 1);
    }
    agree = batch.subtypes().text(cls.subtype) == row.subtype && flags == cls.flags &&
            !(row.position != 0 && item.positions.count(row.position)) &&
            !(row.member != JointItems::kNoMember && item.members.count(row.member));
  });
  return agree;
}

}  // namespace

// RecordRowRules: RecordRows for sources other than CSV text.
// A cache line of its own: the reading threads' rules are written every
// row, and two sharing a line slowed both (measured: twice the time).
struct alignas(64) RecordRowRules::Rows : RecordRows {
  using RecordRows::RecordRows;
};

RecordRowRules::RecordRowRules(const RecordFile& file, InOrderChecks* in_order)
    : rows_(std::make_unique<Rows>(file, in_order)) {}

RecordRowRules::~RecordRowRules() = default;

bool RecordRowRules::read(const std::vector<std::string_view>& cells, std::uint32_t line,
                          Problems& sink, RecordPart& part, bool ok) {
  return rows_->read(cells, line, false, false, sink, part, ok);
}

void JointItems::check(std::string_view kind, std::string_view ref, std::string_view subtype,
                       const std::vector<std::string_view>& flags, std::uint16_t position,
                       std::uint32_t member, std::string_view member_id, std::uint32_t line,
                       const FilePlaces& file, Problems& problems, bool& ok) {
  key_.assign(kind.data(), kind.size());
  key_ += '\0';
  key_.append(ref.data(), ref.size());
  sorted_flags_.assign(flags.begin(), flags.end());
  std::sort(sorted_flags_.begin(), sorted_flags_.end());
  flag_text_.clear();
  for (const auto f : sorted_flags_) {
    if (!flag_text_.empty()) flag_text_ += ';';
    flag_text_.append(f.data(), f.size());
  }
  auto [it, inserted] = items_.try_emplace(key_);
  Item& item = it->second;
  // Built only for a message: most joint rows are fine.
  const auto what = [&] { return "joint item " + std::string(kind) + " " + quoted(ref); };
  if (inserted) {
    item.line = line;
    item.subtype.assign(subtype.data(), subtype.size());
    item.flags = flag_text_;
  } else {
    if (item.subtype != subtype) {
      problems.error(file.at(line, "subtype"),
                     what() + " has subtype " + quoted(subtype) + " here but " +
                         quoted(item.subtype) + " on " + file.line_name(item.line));
      ok = false;
    }
    if (item.flags != flag_text_) {
      const auto flags_text = [](const std::string& f) {
        return f.empty() ? std::string("no flags") : "flags " + quoted(f);
      };
      problems.error(file.at(line, "flags"),
                     what() + " has " + flags_text(flag_text_) + " here but " +
                         flags_text(item.flags) + " on " + file.line_name(item.line));
      ok = false;
    }
  }
  if (member != kNoMember) {
    const auto taken = item.members.find(member);
    if (taken != item.members.end()) {
      problems.error(file.at(line, "member_id"),
                     "member " + quoted(member_id) + " is already a participant of " + what() +
                         " on " + file.line_name(taken->second) +
                         ": a member takes part in an item once");
      ok = false;
    }
  }
  if (position != 0) {
    const auto taken = item.positions.find(position);
    if (taken != item.positions.end()) {
      problems.error(file.at(line, "position"),
                     "position " + std::to_string(position) + " of " + what() +
                         " is already taken on " + file.line_name(taken->second));
      ok = false;
    }
  }
  if (ok) {
    if (position != 0) item.positions.emplace(position, line);
    if (member != kNoMember) item.members.emplace(member, line);
  }
}


std::string_view InOrderChecks::check_id(std::string_view id, std::uint32_t line,
                                         const FilePlaces& file, Problems& problems, bool& ok) {
  id = keep(id);
  if (!keep_going_) {
    seen_ids_.push_back({id, line});
  } else if (const auto it = accepted_ids_.find(id); it != accepted_ids_.end()) {
    problems.error(file.at(line, "record_id"),
                   "record id " + quoted(id) + " already used on " + file.line_name(it->second));
    ok = false;
  }
  return id;
}

std::string_view InOrderChecks::keep(std::string_view id) {
  constexpr std::size_t kBlock = std::size_t{1} << 20;
  if (id.size() > block_left_) {
    const std::size_t size = std::max(kBlock, id.size());
    id_blocks_.emplace_back(new char[size]);
    block_used_ = 0;
    block_left_ = size;
  }
  char* const at = id_blocks_.back().get() + block_used_;
  std::memcpy(at, id.data(), id.size());
  block_used_ += id.size();
  block_left_ -= id.size();
  return std::string_view(at, id.size());
}

void InOrderChecks::accepted(std::string_view id, std::uint32_t line) {
  if (keep_going_) accepted_ids_.emplace(id, line);
}

void InOrderChecks::finish(const FilePlaces& file, Problems& problems) const {
  // Every record id used on an earlier line, naming the first line.
  const std::vector<SeenId>& seen = seen_ids_;
  struct Key {
    std::size_t hash;
    std::uint32_t index;
  };
  std::vector<Key> keys(seen.size());
  const std::hash<std::string_view> hasher;
  for (std::size_t i = 0; i < seen.size(); ++i)
    keys[i] = {hasher(seen[i].id), static_cast<std::uint32_t>(i)};
  // Ids are compared only when hashes collide; equal ids end up adjacent,
  // the first occurrence (lowest index = lowest line) first.
  std::sort(keys.begin(), keys.end(), [&](const Key& a, const Key& b) {
    if (a.hash != b.hash) return a.hash < b.hash;
    const auto& ia = seen[a.index].id;
    const auto& ib = seen[b.index].id;
    if (ia != ib) return ia < ib;
    return a.index < b.index;
  });
  std::vector<std::pair<std::uint32_t, std::uint32_t>> duplicates;  // (index, first index)
  for (std::size_t i = 1, first = 0; i < keys.size(); ++i) {
    if (keys[i].hash == keys[first].hash && seen[keys[i].index].id == seen[keys[first].index].id) {
      duplicates.emplace_back(keys[i].index, keys[first].index);
    } else {
      first = i;
    }
  }
  std::sort(duplicates.begin(), duplicates.end());
  for (const auto& [index, first] : duplicates) {
    problems.error(file.at(seen[index].line, "record_id"),
                   "record id " + quoted(seen[index].id) + " already used on " +
                       file.line_name(seen[first].line));
  }
}

std::unique_ptr<RecordPart> read_record_part(const RecordFile& file, std::string_view text,
                                             std::size_t start, std::size_t limit,
                                             std::uint32_t first_line, InOrderChecks* in_order) {
  auto part = std::make_unique<RecordPart>(file.members.size());
  part->span.start = start;
  part->span.first_line = first_line;
  // A rough row count from the text size avoids regrowing the columns. The
  // room left over is not given back: the part goes into the batch and is
  // freed within its window, and room never written is never resident
  // (giving it back copied every row once more).
  if (limit > start) part->builder.reserve((limit - start) / 48);
  read_record_rows(file, text, limit, in_order, part->span, *part);
  return part;
}

void read_record_rows(const RecordFile& file, std::string_view text, std::size_t limit,
                      InOrderChecks* in_order, PartSpan& span, RecordPart& part) {
  RowGate gate(file.file, file.keep_going, part.problems, part.rejected);
  RecordRows rows(file, in_order);
  CsvRows csv(text, file.header.size());
  csv.scan(
      span, limit,
      [&](const CsvRowView& row) {
        if (!file.header_ok) return;
        const bool added =
            rows.read(row.cells, row.line, row.check_utf8, row.trimmed, gate.sink(), part);
        gate.finish_row(row.line, [&row] { return row.as_written(); }, added);
      },
      [&](std::uint32_t line, std::string_view raw, const std::string& why) {
        gate.sink().error(Location{file.file, static_cast<int>(line), 0, {}},
                          why + "; the row is skipped");
        gate.finish_row(line, [raw] { return std::string(raw); }, false);
      });
  part.rows_read += gate.rows_read();
  part.rows_accepted += gate.rows_accepted();
}

namespace {

// The batch of `parts`' rows, when checking it finds nothing a reading in
// order would report (combine_parts()). `ids_distinct`: the rows' ids are
// known to differ (RecordBatchAppender::ids_rose()).
std::optional<RecordBatch> checked(std::optional<RecordBatch> batch,
                                   const std::vector<std::unique_ptr<RecordPart>>& parts,
                                   unsigned threads, bool ids_distinct = false) {
  bool needs_order = false;
  std::size_t left_out_ids = 0;
  for (const auto& part : parts) {
    needs_order |= part->needs_order;
    left_out_ids += part->left_out.id_count;
  }
  // Rows left out may still share an id with a row kept, or each other.
  const auto each_left_out_id = [&parts](const RecordBatch::IdVisit& visit) {
    for (const auto& part : parts) part->left_out.for_each_id(visit);
  };
  const bool ids_checked = ids_distinct && left_out_ids == 0;
  if (needs_order || !batch ||
      (!ids_checked && batch->has_duplicate_ids_with(each_left_out_id, left_out_ids, threads)) ||
      !joint_items_agree(*batch, threads) || !left_out_agree(*batch, parts))
    return std::nullopt;
  return batch;
}

}  // namespace

std::optional<RecordBatch> combine_parts(const std::vector<std::unique_ptr<RecordPart>>& parts,
                                         unsigned threads) {
  std::vector<RecordBatchBuilder*> builders;
  builders.reserve(parts.size());
  for (const auto& part : parts) builders.push_back(&part->builder);
  std::string refused;
  return checked(RecordBatchBuilder::combine(builders, threads, refused), parts, threads);
}

void reserve_by_bytes(RecordBatchAppender& appender, std::size_t rows, std::uint64_t done,
                      std::uint64_t all) {
  if (done == 0 || all == 0) return;
  const double times = static_cast<double>(all) / static_cast<double>(done) * 1.125;
  // Within a batch's 2^32 - 1 rows (or refs).
  const auto scaled = [times](std::size_t n) {
    return static_cast<std::size_t>(std::min(static_cast<double>(n) * times, 4294967295.0));
  };
  appender.reserve(scaled(rows));
  appender.reserve_refs(scaled(appender.refs()));
}

std::optional<RecordBatch> finish_parts(RecordBatchAppender& appended,
                                        const std::vector<std::unique_ptr<RecordPart>>& parts,
                                        unsigned threads) {
  const bool ids_distinct = appended.ids_rose();
  return checked(appended.finish(threads), parts, threads, ids_distinct);
}

}  // namespace dutyscore::detail
