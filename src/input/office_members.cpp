// Members from office files (read_members(const InputFile&, ...) in
// dutyscore/input.h): the first sheet whose header fits a members layout,
// each row's cells turned into the interchange members fields, then the
// interchange reader's row rules and table building (member_rows.h).
#include <algorithm>

#include "dutyscore/input.h"
#include "input/member_rows.h"
#include "input/office_codes.h"
#include "input/office_sources.h"
#include "input/office_values.h"
#include "input/row_gate.h"

namespace dutyscore {
namespace detail {
namespace {

// The interchange members fields, in the order of member_columns().
constexpr InputField kInterchange[] = {InputField::MemberId, InputField::Name,
                                       InputField::Unit,     InputField::Sector,
                                       InputField::Group,    InputField::Roles,
                                       InputField::Joined,   InputField::Left};

class OfficeMembers {
 public:
  OfficeMembers(const InputProfile& profile, const InputOptions& options)
      : profile_(profile), options_(options), codes_(profile) {}

  // Reads the members from the first of `sources` whose header fits.
  std::optional<MemberTable> read(const std::vector<Source>& sources, Problems& problems,
                                  Quarantine* quarantine);

 private:
  // One data row into the part.
  void member_row(const SourceRow& sr, const Source& source, const BoundLayout& b,
                  MemberFile& file, MemberPart& part);

  const InputProfile& profile_;
  const InputOptions& options_;
  CodeMaps codes_;
  OfficePlaces places_;
  std::uint16_t place_ = 0;
  std::vector<std::string_view> words_, roles_;
};

void OfficeMembers::member_row(const SourceRow& sr, const Source& source, const BoundLayout& b,
                               MemberFile& file, MemberPart& part) {
  const WorkbookRow& r = sr.row;
  const std::uint32_t line = places_.add(place_, r.number);
  const auto own = [&part](std::string value) -> std::string_view {
    return part.owned.emplace_back(std::move(value));
  };
  if (sr.malformed) {
    part.problems.error(Location{source.label, static_cast<int>(r.number)},
                        *sr.malformed + "; the row is skipped");
    MemberRow m;
    m.line = line;
    m.malformed = true;
    m.ok = false;
    m.text = own(std::string(sr.raw));
    m.problems_end = part.problems.all().size();
    part.rows.push_back(m);
    return;
  }
  bool ok = true;
  const auto text = [&](InputField f) {
    return cell_text(r, b.column(f), source, places_, place_, part.problems, ok);
  };
  std::vector<std::string_view> cells(std::size(kInterchange));
  const std::string_view id = text(InputField::MemberId);
  const std::string_view name = text(InputField::Name);
  // No id column: the name is the member's id.
  const std::string_view id_or_name = b.has(InputField::MemberId) ? id : name;
  cells[kMemberId] = own(has_fullwidth(id_or_name) ? halfwidth(id_or_name) : std::string(id_or_name));
  cells[kName] = name;
  cells[kUnit] = text(InputField::Unit);
  cells[kSector] = text(InputField::Sector);
  cells[kGroup] = text(InputField::Group);
  // Roles: words of the vocabulary or the profile as codes, others as
  // written (a committee's own roles: 主席, 秘书长); yes/no columns.
  roles_.clear();
  split_words(text(InputField::Roles), words_);
  for (const auto w : words_)
    if (!codes_.roles(w, roles_)) roles_.push_back(w);
  for (const auto& [column, codes] : b.yes_no) {
    const WorkbookCell* cell = find_cell(r, column);
    if (!cell || trim(cell->text).empty()) continue;
    const auto yes = yes_no(cell->text);
    if (!yes) {
      part.problems.error(places_.cell(place_, r.number, column),
                          "'" + std::string(trim(cell->text)) +
                              "' is neither yes nor no (是/否, √/×, Y/N, 1/0)",
                          "yes-no:" + std::string(trim(cell->text)));
      ok = false;
    } else if (*yes) {
      split_list(codes, words_);
      roles_.insert(roles_.end(), words_.begin(), words_.end());
    }
  }
  std::vector<std::string_view> unique;
  for (const auto role : roles_)
    if (std::find(unique.begin(), unique.end(), role) == unique.end()) unique.push_back(role);
  std::string roles;
  for (const auto role : unique) roles += (roles.empty() ? "" : ";") + std::string(role);
  cells[kRoles] = own(std::move(roles));
  cells[kJoined] = own(date_text(r, b.column(InputField::Joined), source, places_, place_,
                                 part.problems, ok));
  cells[kLeft] = own(date_text(r, b.column(InputField::Left), source, places_, place_,
                               part.problems, ok));
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i == kMemberId || i == kRoles || i == kJoined || i == kLeft) continue;
    cells[i] = own(std::string(cells[i]));  // the row's text is gone after the callback
  }
  MemberRow m = check_member_cells(file, cells, line, false, part.problems);
  m.ok = m.ok && ok;
  if (options_.keep_going) m.text = own(row_text(r));
  m.problems_end = part.problems.all().size();
  part.rows.push_back(m);
}

std::optional<MemberTable> OfficeMembers::read(const std::vector<Source>& sources,
                                               Problems& problems, Quarantine* quarantine) {
  const std::size_t errors_before = problems.error_count();
  for (const auto& source : sources) {
    bool named = false;
    HeaderSearch search(layouts_for(source, profile_.members, named), true, profile_.records,
                        false, codes_, /*others_first=*/true);
    std::optional<BoundLayout> bound;
    auto part = std::make_unique<MemberPart>();
    std::vector<std::string> header;
    for (const auto f : kInterchange) header.emplace_back(input_field_name(f));
    MemberFile file{source.label, options_.keep_going, header};
    std::vector<std::string_view> names(header.begin(), header.end());
    file.cols.read_header(names);
    file.header_ok = true;
    file.places = &places_;
    places_ = OfficePlaces();
    const bool complete = read_source(
        source,
        [&](const SourceRow& row) {
          if (bound) {
            member_row(row, source, *bound, file, *part);
            return true;
          }
          if (row.malformed) return true;
          if (!search.offer(row.row)) return true;
          if (!search.found()) return false;
          bound = search.found();
          OfficePlaces::SourceColumns columns;
          columns.label = source.label;
          columns.workbook = source.workbook();
          columns.headers = bound->headers;
          for (const auto f : kInterchange)
            if (bound->has(f)) columns.fields[input_field_name(f)] = bound->column(f);
          if (!bound->has(InputField::MemberId) && bound->has(InputField::Name))
            columns.fields["member_id"] = bound->column(InputField::Name);
          place_ = places_.add_source(std::move(columns));
          return true;
        },
        problems);
    if (options_.sources_read) {
      SourceRead r;
      r.source = source.label;
      if (bound) {
        r.layout = bound->layout->name;
        r.header_row = bound->header_row;
        for (const auto& [field, column] : bound->columns)
          r.columns.emplace_back(input_field_name(field), bound->header(column));
        for (const auto& [column, codes] : bound->yes_no)
          r.columns.emplace_back("yes_no:" + codes, bound->header(column));
        r.rows = part->rows.size();
      }
      options_.sources_read->push_back(std::move(r));
    }
    if (!complete) return std::nullopt;
    if (!bound) continue;
    if (source.workbook()) {
      for (const auto& range : source.file->book->merged_cells()) {
        if (range.last_row < bound->header_row) continue;
        problems.error(places_.cell(place_, range.first_row, range.first_column),
                       "the cells " + range.name() +
                           " are merged; every row needs its own value: unmerge them "
                           "(取消合并单元格) and fill each cell");
      }
      if (problems.error_count() != errors_before) return std::nullopt;
    }
    std::vector<std::unique_ptr<MemberPart>> parts;
    parts.push_back(std::move(part));
    std::vector<RejectedRow> rejected;
    std::size_t rows_read = 0, rows_accepted = 0;
    MemberTable table =
        build_member_table(file, parts, problems, rejected, rows_read, rows_accepted);
    if (quarantine && options_.keep_going) {
      quarantine->rows_read += rows_read;
      quarantine->rows_accepted += rows_accepted;
      for (auto& row : rejected) {
        row.line = places_.row(row.line);
        quarantine->add(std::move(row));
      }
    }
    if (problems.error_count() != errors_before) return std::nullopt;
    return table;
  }
  std::string wanted;
  for (const auto& layout : profile_.members) {
    for (const auto& field : {InputField::MemberId, InputField::Name}) {
      const auto it = layout.columns.find(field);
      if (it != layout.columns.end()) wanted += (wanted.empty() ? "" : ", ") + it->second.front();
    }
  }
  const std::string where = sources.empty() ? std::string() : sources.front().file->input->name;
  problems.error(Location{where},
                 "no sheet has a header of members (a row among the first 30 with " + wanted +
                     "); a profile (--profile FILE) can name the headers: see docs/input.md");
  return std::nullopt;
}

}  // namespace
}  // namespace detail

std::optional<MemberTable> read_members(const InputFile& input, const InputOptions& options,
                                        Problems& problems, Quarantine* quarantine) {
  // An interchange CSV file: the interchange reader (in parts, on threads).
  if (detect_file_format(input.bytes) == FileFormat::Csv) {
    std::string storage;
    std::string_view text;
    Problems scratch;
    if (decode_to_utf8(input.bytes, options.encoding, input.name, storage, text, scratch)) {
      const auto header = detail::csv_first_row(text);
      if (std::find(header.begin(), header.end(), "member_id") != header.end() || header.empty())
        return read_members(input.bytes, input.name, options, problems, quarantine);
    }
  }
  const std::size_t errors_before = problems.error_count();
  auto file = detail::open_file(input, options, problems);
  if (!file) return std::nullopt;
  std::vector<std::unique_ptr<detail::OpenFile>> files;
  files.push_back(std::move(file));
  const auto sources = detail::list_sources(files, options.sheets, problems);
  if (problems.error_count() != errors_before) return std::nullopt;
  const InputProfile& profile = options.profile ? *options.profile : default_profile();
  return detail::OfficeMembers(profile, options).read(sources, problems, quarantine);
}

}  // namespace dutyscore
