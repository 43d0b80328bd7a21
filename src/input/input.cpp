#include "dutyscore/input.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <limits>
#include <unordered_map>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dutyscore/csv.h"
#include "dutyscore/decimal.h"
#include "dutyscore/encoding.h"
#include "input/input_rows.h"
#include "input/members_parallel.h"
#include "input/records_parallel.h"

namespace dutyscore {

namespace input_rows {

std::optional<std::uint16_t> parse_position(std::string_view cell) {
  const auto value = parse_points(cell, 0);
  if (!value || *value < 1 || *value > 65535 || cell[0] == '+' || cell[0] == '-')
    return std::nullopt;
  return static_cast<std::uint16_t>(*value);
}

std::optional<std::int32_t> parse_quantity(std::string_view cell) {
  const auto value = parse_points(cell, 4);
  if (!value || *value < 0 || *value > std::numeric_limits<std::int32_t>::max() ||
      cell[0] == '+' || cell[0] == '-')
    return std::nullopt;
  return static_cast<std::int32_t>(*value);
}

void warn_outside_service(const MemberTable& members, MemberIndex m, Day date,
                          std::string_view date_text, std::string_view member_id,
                          const std::string& file, std::uint32_t line, Problems& problems) {
  // Outside the member's service the record normally counts for nothing; a
  // warning, because the dates themselves may be late.
  const auto joined = members.joined(m);
  const auto left = members.left(m);
  if (joined && date < *joined) {
    problems.warning(at(file, line, "date"),
                     "the record is dated " + quoted(date_text) + ", before member " +
                         quoted(member_id) + " joined on " + format_day(*joined));
  } else if (left && date > *left) {
    problems.warning(at(file, line, "date"),
                     "the record is dated " + quoted(date_text) + ", after member " +
                         quoted(member_id) + " left on " + format_day(*left));
  }
}

}  // namespace input_rows

namespace {

using namespace input_rows;

std::optional<Day> parse_date_cell(std::string_view text, const char* what, const Location& where,
                                   Problems& problems, bool& ok) {
  if (text.empty()) return std::nullopt;
  const auto day = parse_day(text);
  if (!day) {
    problems.error(where, std::string(what) + " " + quoted(text) +
                              " is not a valid YYYY-MM-DD date");
    ok = false;
  }
  return day;
}

struct SeenId {
  std::string_view id;
  std::uint32_t line;
};

// Reports every record id used on an earlier line, naming the first line.
void report_duplicate_ids(const std::vector<SeenId>& seen, const std::string& file,
                          Problems& problems) {
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
    problems.error(at(file, seen[index].line, "record_id"),
                   "record id " + quoted(seen[index].id) + " already used on line " +
                       std::to_string(seen[first].line));
  }
}

// Routes one row's problems. By default they go straight to `problems`. In
// keep-going mode they are collected per row; a row with an error is then
// quarantined and its problems are passed on as warnings, so that the run
// goes on and nothing is dropped without a trace.
class RowGate {
 public:
  RowGate(const std::string& file, const InputOptions& options, Problems& problems,
          Quarantine* quarantine)
      : file_(file), keep_going_(options.keep_going), problems_(problems), quarantine_(quarantine) {}

  Problems& sink() { return keep_going_ ? scratch_ : problems_; }
  bool keep_going() const { return keep_going_; }

  // After each data row: `row_text` is the row as read; `accepted` tells
  // whether it was added to the result.
  void finish_row(std::uint32_t line, std::string_view row_text, bool accepted) {
    ++rows_read_;
    if (accepted) ++rows_accepted_;
    if (!keep_going_) return;
    if (scratch_.has_errors()) {
      std::string reason;
      for (const auto& p : scratch_.all()) {
        if (p.severity != Severity::Error) continue;
        if (!reason.empty()) reason += "; ";
        if (!p.where.field.empty()) reason += p.where.field + ": ";
        reason += p.message;
      }
      if (quarantine_)
        quarantine_->rejected.push_back(
            RejectedRow{file_, line, std::move(reason), std::string(row_text)});
    }
    for (const auto& p : scratch_.all()) problems_.warning(p.where, p.message);
    scratch_ = Problems();
  }

  // After the whole file: problems not tied to a row (an empty file, a
  // missing column) stay errors; the counts go to the quarantine.
  void finish_file() {
    for (const auto& p : scratch_.all()) problems_.add(p);
    scratch_ = Problems();
    // Only keep-going mode leaves rows out, so only it keeps accounts.
    if (quarantine_ && keep_going_) {
      quarantine_->rows_read += rows_read_;
      quarantine_->rows_accepted += rows_accepted_;
    }
  }

 private:
  const std::string& file_;
  bool keep_going_;
  Problems& problems_;
  Quarantine* quarantine_;
  Problems scratch_;
  std::size_t rows_read_ = 0;
  std::size_t rows_accepted_ = 0;
};

std::string join_cells(const std::vector<std::string_view>& cells) {
  std::string out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i) out += ',';
    append_csv_cell(out, cells[i]);
  }
  return out;
}

// Reports every cell of the row that is not valid UTF-8; true when all are.
bool check_utf8_cells(const CsvRow& row, const std::vector<std::string>& header,
                      const std::string& file, Problems& problems) {
  bool ok = true;
  for (std::size_t i = 0; i < row.cells.size(); ++i) {
    const auto bad = find_invalid_utf8(row.cells[i]);
    if (bad == std::string_view::npos) continue;
    static const char* const hex = "0123456789ABCDEF";
    const auto byte = static_cast<unsigned char>(row.cells[i][bad]);
    std::string message = "the text is not valid UTF-8 (byte 0x";
    message += hex[byte >> 4];
    message += hex[byte & 15];
    message += " at byte " + std::to_string(bad + 1) +
               " of the cell); if the file comes from an older office system, read it with"
               " --encoding gb18030";
    problems.error(Location{file, static_cast<int>(row.line), 0,
                            i < header.size() ? header[i] : std::string()},
                   std::move(message));
    ok = false;
  }
  return ok;
}

// Decodes the file text; nothing when it cannot be decoded at all.
std::optional<std::string_view> decoded_text(std::string_view text, const std::string& file,
                                             const InputOptions& options, std::string& storage,
                                             Problems& problems) {
  std::string_view utf8;
  if (!decode_to_utf8(text, options.encoding, file, storage, utf8, problems)) return std::nullopt;
  return utf8;
}

// Rows that are one joint item (same kind and ref) must agree on subtype
// and flags, and no position may be taken twice.
class JointItems {
 public:
  void check(std::string_view kind, std::string_view ref, std::string_view subtype,
             const std::vector<std::string_view>& flags, std::uint16_t position,
             std::uint32_t line, const std::string& file, Problems& problems, bool& ok) {
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
        problems.error(at(file, line, "subtype"),
                       what() + " has subtype " + quoted(subtype) + " here but " +
                           dutyscore::quoted(item.subtype) + " on line " + std::to_string(item.line));
        ok = false;
      }
      if (item.flags != flag_text_) {
        const auto flags_text = [](const std::string& f) {
          return f.empty() ? std::string("no flags") : "flags " + dutyscore::quoted(f);
        };
        problems.error(at(file, line, "flags"),
                       what() + " has " + flags_text(flag_text_) + " here but " +
                           flags_text(item.flags) + " on line " + std::to_string(item.line));
        ok = false;
      }
    }
    if (position == 0) return;
    for (const auto& [taken, taken_line] : item.positions) {
      if (taken == position) {
        problems.error(at(file, line, "position"),
                       "position " + std::to_string(position) + " of " + what() +
                           " is already taken on line " + std::to_string(taken_line));
        ok = false;
        return;
      }
    }
    if (ok) item.positions.emplace_back(position, line);
  }

 private:
  struct Item {
    std::uint32_t line = 0;
    std::string subtype;
    std::string flags;
    std::vector<std::pair<std::uint16_t, std::uint32_t>> positions;
  };
  std::unordered_map<std::string, Item> items_;
  std::string key_;
  std::vector<std::string_view> sorted_flags_;
  std::string flag_text_;
};

}  // namespace

std::optional<MemberTable> read_members(std::string_view text, const std::string& file,
                                        Problems& problems) {
  return read_members(text, file, InputOptions{}, problems, nullptr);
}

std::optional<MemberTable> read_members(std::string_view raw_text, const std::string& file,
                                        const InputOptions& options, Problems& problems,
                                        Quarantine* quarantine) {
  const std::size_t errors_before = problems.error_count();
  std::string storage;
  const auto text = decoded_text(raw_text, file, options, storage, problems);
  if (!text) return std::nullopt;
  // As for records: text without a message is read by several threads.
  if (options.threads > 1 && !options.keep_going) {
    if (auto table = read_members_parallel(*text, options.threads)) return table;
  }
  const bool check_utf8 = find_invalid_utf8(*text) != std::string_view::npos;
  RowGate gate(file, options, problems, quarantine);
  Columns cols = member_columns();
  bool header_ok = true;
  std::vector<std::string> header_names;
  MemberTable table;
  std::vector<std::uint32_t> line_of;  // per member index, for duplicate messages
  std::vector<std::string_view> parts;
  std::vector<std::string> roles;
  const bool is_csv = read_csv(
      *text, file,
      [&](const std::vector<std::string_view>& header) {
        cols.read_header(header);
        header_names.assign(header.begin(), header.end());
        header_ok = cols.require({kMemberId}, file, gate.sink());
      },
      [&](const CsvRow& row) {
        if (!header_ok) return;
        Problems& sink = gate.sink();
        bool ok = !check_utf8 || check_utf8_cells(row, header_names, file, sink);
        const auto id = cols.cell(row.cells, kMemberId);
        if (id.empty()) {
          sink.error(at(file, row.line, "member_id"), "the member id is empty");
          ok = false;
        }
        const auto joined = parse_date_cell(cols.cell(row.cells, kJoined), "joined date",
                                            at(file, row.line, "joined"), sink, ok);
        const auto left = parse_date_cell(cols.cell(row.cells, kLeft), "left date",
                                          at(file, row.line, "left"), sink, ok);
        if (joined && left && *left < *joined) {
          sink.error(at(file, row.line, "left"),
                     "left date " + quoted(cols.cell(row.cells, kLeft)) +
                         " is before the joined date " + quoted(cols.cell(row.cells, kJoined)));
          ok = false;
        }
        split_list(cols.cell(row.cells, kRoles), parts);
        roles.clear();
        for (const auto part : parts) {
          if (table.role_names().find(part) == kAbsent && table.role_names().size() >= 64) {
            sink.error(at(file, row.line, "roles"),
                       "role " + quoted(part) + " is one distinct role too many (at most 63)");
            ok = false;
          }
          roles.emplace_back(part);
        }
        bool added = false;
        if (!id.empty()) {
          if (const auto existing = table.find(id)) {
            sink.error(at(file, row.line, "member_id"),
                       "member id " + quoted(id) + " already used on line " +
                           std::to_string(line_of[*existing]));
            ok = false;
          } else if (ok || !gate.keep_going()) {
            // By default a row with other errors is still added, so that a
            // later duplicate of its id is reported too; the table is
            // discarded anyway. In keep-going mode it is left out.
            added = table
                        .add(id, cols.cell(row.cells, kName), cols.cell(row.cells, kUnit),
                             cols.cell(row.cells, kSector), cols.cell(row.cells, kGroup), roles,
                             joined, left)
                        .has_value();
            if (added) line_of.push_back(row.line);
          }
        }
        gate.finish_row(row.line, gate.keep_going() ? join_cells(row.cells) : std::string(),
                        added && ok);
      },
      [&](const CsvBadRow& bad) { gate.finish_row(bad.line, bad.raw, false); }, gate.sink());
  gate.finish_file();
  if (!is_csv || problems.error_count() != errors_before) return std::nullopt;
  return table;
}

std::optional<RecordBatch> read_records(std::string_view text, const std::string& file,
                                        const MemberTable& members, Problems& problems) {
  return read_records(text, file, members, InputOptions{}, problems, nullptr);
}

std::optional<RecordBatch> read_records(std::string_view raw_text, const std::string& file,
                                        const MemberTable& members, const InputOptions& options,
                                        Problems& problems, Quarantine* quarantine) {
  const std::size_t errors_before = problems.error_count();
  std::string storage;
  const auto decoded = decoded_text(raw_text, file, options, storage, problems);
  if (!decoded) return std::nullopt;
  const std::string_view text = *decoded;
  // Text that the rows below would accept without an error is read by
  // several threads at once; anything else (keep-going mode, a quote, an
  // error) is read here row by row, so messages and quarantine stay exactly
  // this reader's.
  if (options.threads > 1 && !options.keep_going) {
    if (auto batch = read_records_parallel(text, file, members, options.threads, problems))
      return batch;
  }
  const bool check_utf8 = find_invalid_utf8(text) != std::string_view::npos;
  RowGate gate(file, options, problems, quarantine);
  Columns cols = record_columns();
  bool header_ok = true;
  std::vector<std::string> header_names;
  RecordBatchBuilder builder(members.size());
  // A rough row count from the text size avoids regrowing the columns.
  builder.reserve(text.size() / 48);
  // Record ids with their line, checked for duplicates once all rows are
  // read (a sort beats a node-based hash map at 10^8 rows). The views point
  // into the input text; the rare id that had to be unescaped is copied
  // into `owned_ids` first so that its view stays valid. In keep-going
  // mode a duplicate must be known before its row is accepted, so a hash
  // map is used instead.
  std::vector<SeenId> seen_ids;
  if (!gate.keep_going()) seen_ids.reserve(text.size() / 48);
  std::unordered_map<std::string_view, std::uint32_t> accepted_ids;
  std::deque<std::string> owned_ids;
  const char* const text_begin = text.data();
  const char* const text_end = text.data() + text.size();
  std::string member_key;
  std::optional<MemberIndex> last_member;  // the member of `member_key`
  RecordFields fields;
  JointItems joint_items;

  const bool is_csv = read_csv(
      text, file,
      [&](const std::vector<std::string_view>& header) {
        cols.read_header(header);
        header_names.assign(header.begin(), header.end());
        header_ok = cols.require({kRecordId, kRecMember, kDate, kKind}, file, gate.sink());
      },
      [&](const CsvRow& row) {
        if (!header_ok) return;
        Problems& sink = gate.sink();
        bool ok = !check_utf8 || check_utf8_cells(row, header_names, file, sink);
        auto id = cols.cell(row.cells, kRecordId);
        if (id.empty()) {
          sink.error(at(file, row.line, "record_id"), "the record id is empty");
          ok = false;
        } else {
          if (id.data() < text_begin || id.data() >= text_end) {
            owned_ids.emplace_back(id);
            id = owned_ids.back();
          }
          if (!gate.keep_going()) {
            seen_ids.push_back({id, row.line});
          } else if (const auto it = accepted_ids.find(id); it != accepted_ids.end()) {
            sink.error(at(file, row.line, "record_id"),
                       "record id " + quoted(id) + " already used on line " +
                           std::to_string(it->second));
            ok = false;
          }
        }
        const auto member_id = cols.cell(row.cells, kRecMember);
        std::optional<MemberIndex> member;
        if (member_id.empty()) {
          sink.error(at(file, row.line, "member_id"), "the member id is empty");
          ok = false;
        } else {
          // Exports list a member's records together: remember the last one.
          if (last_member && member_id == member_key) {
            member = last_member;
          } else {
            member_key.assign(member_id.data(), member_id.size());
            member = last_member = members.find(member_key);
          }
          if (!member) {
            sink.error(at(file, row.line, "member_id"),
                       "member " + quoted(member_id) + " is not in the members file");
            ok = false;
          }
        }
        const auto date_text = cols.cell(row.cells, kDate);
        std::optional<Day> date;
        if (date_text.empty()) {
          sink.error(at(file, row.line, "date"), "the date is empty");
          ok = false;
        } else {
          date = parse_date_cell(date_text, "date", at(file, row.line, "date"), sink, ok);
        }
        if (member && date)
          warn_outside_service(members, *member, *date, date_text, member_id, file, row.line, sink);
        const auto kind = cols.cell(row.cells, kKind);
        if (kind.empty()) {
          sink.error(at(file, row.line, "kind"), "the kind is empty");
          ok = false;
        }
        std::uint16_t position = 0;
        if (const auto cell = cols.cell(row.cells, kPosition); !cell.empty()) {
          if (const auto value = parse_position(cell)) {
            position = *value;
          } else {
            sink.error(at(file, row.line, "position"),
                       "position " + quoted(cell) + " is not a whole number 1..65535");
            ok = false;
          }
        }
        std::int32_t quantity = kNoQuantity;
        if (const auto cell = cols.cell(row.cells, kQuantity); !cell.empty()) {
          if (const auto value = parse_quantity(cell)) {
            quantity = *value;
          } else {
            sink.error(at(file, row.line, "quantity"),
                       "quantity " + quoted(cell) +
                           " must be a non-negative decimal with at most 4 decimals"
                           " and at most 214748.3647");
            ok = false;
          }
        }
        split_list(cols.cell(row.cells, kFlags), fields.flags);
        if (const auto ref = cols.cell(row.cells, kRef); !ref.empty() && !kind.empty()) {
          joint_items.check(kind, ref, cols.cell(row.cells, kSubtype), fields.flags, position, row.line, file,
                            sink, ok);
        }
        bool added = false;
        if (ok) {
          fields.record_id = id;
          fields.member = *member;
          fields.date = *date;
          fields.kind = kind;
          fields.subtype = cols.cell(row.cells, kSubtype);
          fields.status = cols.cell(row.cells, kStatus);
          fields.ref = cols.cell(row.cells, kRef);
          fields.level = cols.cell(row.cells, kLevel);
          fields.position = position;
          fields.quantity = quantity;
          fields.source_line = row.line;
          const auto refused = builder.add(fields);
          if (!refused.empty()) {
            // The builder names the dictionary in its first word.
            const char* field = "kind";
            for (const char* name : {"subtype", "status", "level", "flag"}) {
              if (refused.compare(0, std::strlen(name), name) == 0) field = name;
            }
            if (std::strcmp(field, "flag") == 0) field = "flags";
            sink.error(at(file, row.line, field), refused);
          } else {
            added = true;
            if (gate.keep_going()) accepted_ids.emplace(id, row.line);
          }
        }
        gate.finish_row(row.line, gate.keep_going() ? join_cells(row.cells) : std::string(),
                        added);
      },
      [&](const CsvBadRow& bad) { gate.finish_row(bad.line, bad.raw, false); }, gate.sink());
  gate.finish_file();
  if (!gate.keep_going()) report_duplicate_ids(seen_ids, file, problems);
  if (!is_csv || problems.error_count() != errors_before) return std::nullopt;
  return builder.finish();
}

std::string quarantine_csv(const Quarantine& quarantine) {
  std::string out = "file,line,reason,row\n";
  for (const auto& r : quarantine.rejected) {
    append_safe_csv_cell(out, r.file);
    out += ',';
    out += std::to_string(r.line);
    out += ',';
    append_safe_csv_cell(out, r.reason);
    out += ',';
    append_safe_csv_cell(out, r.row);
    out += '\n';
  }
  return out;
}

bool read_file(const std::string& path, std::string& out, Problems& problems) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    problems.error(Location{path, 0, 0, {}}, "cannot read the file: it is a directory");
    return false;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.error(Location{path, 0, 0, {}},
                   std::string("cannot open the file: ") + std::strerror(errno));
    return false;
  }
  // Read in one piece: records files can be gigabytes, and a stream copy
  // would hold them twice.
  in.seekg(0, std::ios::end);
  const auto size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size < 0 || !in) {
    problems.error(Location{path, 0, 0, {}}, "cannot read the file (is it a directory?)");
    return false;
  }
  out.resize(static_cast<std::size_t>(size));
  if (size > 0 && !in.read(out.data(), size)) {
    problems.error(Location{path, 0, 0, {}}, "cannot read the file");
    return false;
  }
  return true;
}

FileText::~FileText() { release(); }

FileText::FileText(FileText&& other) noexcept
    : map_(other.map_), size_(other.size_), copy_(std::move(other.copy_)) {
  other.map_ = nullptr;
  other.size_ = 0;
}

FileText& FileText::operator=(FileText&& other) noexcept {
  if (this != &other) {
    release();
    map_ = other.map_;
    size_ = other.size_;
    copy_ = std::move(other.copy_);
    other.map_ = nullptr;
    other.size_ = 0;
  }
  return *this;
}

std::string_view FileText::view() const {
  return map_ ? std::string_view(static_cast<const char*>(map_), size_) : std::string_view(copy_);
}

void FileText::release() {
  if (map_) munmap(map_, size_);
  map_ = nullptr;
  size_ = 0;
  copy_.clear();
}

bool read_file(const std::string& path, FileText& out, Problems& problems) {
  out.release();
  std::error_code ec;
  if (!std::filesystem::is_directory(path, ec)) {
    const int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    struct stat st {};
    if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
      // The mapping stays valid after close.
      void* map = mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ,
                       MAP_PRIVATE | MAP_POPULATE, fd, 0);
      if (map != MAP_FAILED) {
        out.map_ = map;
        out.size_ = static_cast<std::size_t>(st.st_size);
      }
    }
    if (fd >= 0) close(fd);
    if (out.map_) return true;
  }
  // Empty files, pipes and the rare file that cannot be mapped are copied,
  // with that reader's messages.
  return read_file(path, out.copy_, problems);
}

bool write_file(const std::string& path, const std::string& text, Problems& problems) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out) {
    problems.error(Location{path, 0, 0, {}}, "cannot write the file");
    return false;
  }
  return true;
}

}  // namespace dutyscore
