#include "input/member_rows.h"

#include <algorithm>

#include "input/day_memo.h"
#include "input/row_gate.h"

namespace dutyscore::detail {

namespace {

// A member's row is at least some 64 bytes (id, name, unit, sector, group,
// roles, dates): the rows a body of so many bytes may hold, for room made
// before they come, not regrown (each regrowth moved every row so far).
constexpr std::size_t kMemberRowBytes = 64;

}  // namespace

MemberRow check_member_cells(const MemberFile& file, const std::vector<std::string_view>& cells,
                             std::uint32_t line, bool check_utf8, Problems& sink,
                             DayMemo* dates) {
  const Columns& cols = file.cols;
  const FilePlaces places = file.names();
  MemberRow r;
  r.line = line;
  r.ok = !check_utf8 || check_utf8_cells(cells, file.header, file.file, line, sink);
  r.id = cols.cell(cells, kMemberId);
  if (r.id.empty()) {
    sink.error(places.at(line, "member_id"), "the member id is empty", "empty");
    r.ok = false;
  }
  r.joined = parse_date_cell(cols.cell(cells, kJoined), "joined date", places, line, "joined",
                             dates, sink, r.ok);
  r.left =
      parse_date_cell(cols.cell(cells, kLeft), "left date", places, line, "left", dates, sink, r.ok);
  if (r.joined && r.left && *r.left < *r.joined) {
    sink.error(places.at(line, "left"),
               "left date " + quoted(cols.cell(cells, kLeft)) + " is before the joined date " +
                   quoted(cols.cell(cells, kJoined)));
    r.ok = false;
  }
  r.name = cols.cell(cells, kName);
  r.unit = cols.cell(cells, kUnit);
  r.sector = cols.cell(cells, kSector);
  r.group = cols.cell(cells, kGroup);
  r.roles = cols.cell(cells, kRoles);
  return r;
}

std::unique_ptr<MemberPart> read_member_part(const MemberFile& file, std::string_view text,
                                             std::size_t start, std::size_t limit,
                                             std::uint32_t first_line,
                                             std::vector<MemberRow> room) {
  auto part = std::make_unique<MemberPart>();
  part->span.start = start;
  part->span.first_line = first_line;
  part->rows = std::move(room);
  part->rows.clear();
  if (limit > start) part->rows.reserve((limit - start) / kMemberRowBytes);
  CsvRows csv(text, file.header.size());
  DayMemo dates;
  // Keeps a text the row's cells may hold only until the next row.
  const auto own = [&part](std::string_view s) -> std::string_view {
    return part->owned.emplace_back(s);
  };
  csv.scan(
      part->span, limit,
      [&](const CsvRowView& row) {
        if (!file.header_ok) return;
        MemberRow r =
            check_member_cells(file, row.cells, row.line, row.check_utf8, part->problems, &dates);
        if (!row.plain) {
          for (auto* cell : {&r.id, &r.name, &r.unit, &r.sector, &r.group, &r.roles})
            *cell = own(*cell);
        }
        if (file.keep_going) r.text = row.plain ? row.text : own(join_cells(row.cells));
        r.problems_end = part->problems.all().size();
        part->rows.push_back(r);
      },
      [&](std::uint32_t line, std::string_view raw, const std::string& why) {
        part->problems.error(Location{file.file, static_cast<int>(line), 0, {}},
                             why + "; the row is skipped");
        MemberRow r;
        r.line = line;
        r.malformed = true;
        r.ok = false;
        r.text = raw;
        r.problems_end = part->problems.all().size();
        part->rows.push_back(r);
      });
  return part;
}

MemberTableBuild::MemberTableBuild(const MemberFile& file, Problems& problems,
                                   std::vector<RejectedRow>& rejected)
    : gate_(file.file, file.keep_going, problems, rejected), places_(file.names()) {}

void MemberTableBuild::reserve(std::size_t body_bytes) {
  // The ids, names and units are parts of the rows, so with their ends'
  // marks in place of the commas they take about the body at most. Room
  // reserved and never written is never resident.
  table_.reserve(body_bytes / kMemberRowBytes, body_bytes);
  line_of_.reserve(body_bytes / kMemberRowBytes);
}

void MemberTableBuild::add(const MemberPart& part) {
  const auto& own_problems = part.problems.all();
  std::size_t next_problem = 0;
  for (const MemberRow& row : part.rows) {
    Problems& sink = gate_.sink();
    const std::uint32_t line = part.span.true_line(row.line);
    for (; next_problem < row.problems_end; ++next_problem) {
      Problem p = own_problems[next_problem];
      p.where.line = static_cast<int>(part.span.true_line(static_cast<std::uint32_t>(p.where.line)));
      sink.add(std::move(p));
    }
    const auto text = [&row] { return std::string(row.text); };
    if (row.malformed) {
      gate_.finish_row(line, text, false);
      continue;
    }
    bool ok = row.ok;
    // Roles are interned only for members added (as add() does), so the
    // known mask is taken from an added member's and kept for rows after.
    const bool known_roles = row.roles == known_roles_;
    bool roles_coded = true;
    if (!known_roles) {
      split_list(row.roles, role_parts_);
      // Roles the table does not know yet, each counted once: two new in
      // one cell when one code was left took the code for the first and
      // dropped the second without a word.
      std::size_t fresh = 0;
      for (std::size_t i = 0; i < role_parts_.size(); ++i) {
        const auto role = role_parts_[i];
        const auto before = role_parts_.begin() + static_cast<std::ptrdiff_t>(i);
        if (table_.role_names().find(role) == kAbsent &&
            std::find(role_parts_.begin(), before, role) == before) {
          if (table_.role_names().size() + fresh >= 64) {
            sink.error(places_.at(line, "roles"),
                       "role " + quoted(role) + " is one distinct role too many (at most 63)");
            ok = false;
            roles_coded = false;
          } else {
            ++fresh;
          }
        }
      }
    }
    bool added = false;
    if (!row.id.empty()) {
      if (const auto existing = table_.find(row.id)) {
        sink.error(places_.at(line, "member_id"),
                   "member id " + quoted(row.id) + " already used on " +
                       places_.line_name(line_of_[*existing]));
        ok = false;
      } else if (ok || !gate_.keep_going()) {
        // By default a row with other errors is still added, so that a
        // later duplicate of its id is reported too; the table is
        // discarded anyway. In keep-going mode it is left out.
        const RoleMask mask = known_roles ? known_mask_ : table_.role_mask(role_parts_);
        table_.add_new(row.id, row.name, row.unit, row.sector, row.group, mask, row.joined,
                       row.left);
        added = true;
        line_of_.push_back(line);
        if (!known_roles && roles_coded) {
          known_roles_.assign(row.roles);
          known_mask_ = mask;
        }
      }
    }
    gate_.finish_row(line, text, added && ok);
  }
  gate_.add_counted(part.problems);
}

MemberTable MemberTableBuild::finish(std::size_t& rows_read, std::size_t& rows_accepted) {
  rows_read = gate_.rows_read();
  rows_accepted = gate_.rows_accepted();
  return std::move(table_);
}

MemberTable build_member_table(const MemberFile& file,
                               const std::vector<std::unique_ptr<MemberPart>>& parts,
                               Problems& problems, std::vector<RejectedRow>& rejected,
                               std::size_t& rows_read, std::size_t& rows_accepted) {
  MemberTableBuild build(file, problems, rejected);
  for (const auto& part : parts) build.add(*part);
  return build.finish(rows_read, rows_accepted);
}

}  // namespace dutyscore::detail
