// Records from office files (read_records(const std::vector<InputFile>&, ...)
// in dutyscore/input.h): each sheet or CSV file bound to a layout of the
// profile, each row's office words turned into interchange values, then
// the same row rules as the interchange reader (RecordRowRules).
#include <algorithm>
#include <functional>
#include <mutex>
#include <unordered_map>

#include "base/parallel.h"
#include "base/text_util.h"
#include "data/record_batch_appender.h"
#include "dutyscore/input.h"
#include "dutyscore/vocabulary.h"
#include "input/office_codes.h"
#include "input/office_layout.h"
#include "input/office_sources.h"
#include "input/office_values.h"
#include "input/record_rows.h"
#include "input/service_screen.h"
#include "input/row_gate.h"

namespace dutyscore {
namespace detail {
namespace {

// The interchange records fields, in the order of record_columns().
constexpr InputField kInterchange[] = {
    InputField::RecordId, InputField::MemberId, InputField::Date,     InputField::Kind,
    InputField::Subtype,  InputField::Status,   InputField::Ref,      InputField::Position,
    InputField::Level,    InputField::Flags,    InputField::Quantity};
constexpr std::size_t kFields = std::size(kInterchange);

// Members by name, for layouts that have no id column. Made at the first
// name looked up: a national table's names take some 60 MB in it, for
// nothing when every layout read has an id column.
class NameIndex {
 public:
  explicit NameIndex(const MemberTable& members) : members_(members) {}
  // Safe on the reader's threads at once: the first caller makes it.
  const std::vector<MemberIndex>* find(std::string_view name) {
    std::call_once(made_, [this] {
      for (MemberIndex m = 0; m < members_.size(); ++m)
        if (!members_.name(m).empty()) by_name_[std::string(members_.name(m))].push_back(m);
    });
    const auto it = by_name_.find(std::string(name));
    return it == by_name_.end() ? nullptr : &it->second;
  }

 private:
  const MemberTable& members_;
  std::once_flag made_;
  std::unordered_map<std::string, std::vector<MemberIndex>> by_name_;
};

// What the row rules get for one record: each field's text, a view of the
// row's own text, of the profile's or of the vocabulary's where it needs no
// change, else of text kept here for the row (a copy of every field, and
// temporaries on the way, were most of an office row's string work).
struct RecordValues {
  // The row rules' cells as they are (RecordRowRules::read): copied into a
  // vector of their own, a field just set was loaded whole over its two
  // words' separate stores, which waited for them (a fifth of data_row's
  // samples).
  std::vector<std::string_view> values = std::vector<std::string_view>(kFields);
  std::string_view operator[](InputField f) const { return values[at(f)]; }
  // `text`, which must stay as it is while the row is read.
  void set(InputField f, std::string_view text) { values[at(f)] = text; }
  // Text made for the row, kept here.
  void keep(InputField f, std::string text) {
    owned[at(f)] = std::move(text);
    values[at(f)] = owned[at(f)];
  }
  // `text` with full-width digits and letters as ASCII (ids, numbers).
  void set_plain(InputField f, std::string_view text) {
    if (has_fullwidth(text)) keep(f, halfwidth(text));
    else set(f, text);
  }
  void clear() {
    for (auto& v : values) v = {};
  }

 private:
  static std::size_t at(InputField f) { return static_cast<std::size_t>(f); }
  std::string owned[kFields];
};

// One sheet or file bound to its layout.
struct BoundSource {
  const Source* source = nullptr;
  BoundLayout bound;
  std::uint16_t place = 0;  // its number in OfficePlaces
  bool generated_ids = false;
  std::uint32_t participants_column = kNoColumn;
};

using Parts = std::vector<std::unique_ptr<RecordPart>>;

// A reading thread's scratch, reused row after row. A cache line of its
// own: the threads write theirs every row.
struct alignas(64) RowScratch {
  explicit RowScratch(const CodeMaps& maps) : codes(maps) {}
  RecentCodes codes;
  RecordValues values;
  std::vector<std::string_view> words, flags, participants;
  // A row's texts made, when they need making, beside RecordValues' own:
  // the record id the participants' ids are made of, the flags joined.
  std::string record_id, flags_text;
  bool utf8_checked = false;  // the row's (SourceRow::utf8_checked)
  // A row's problems and its record's (fresh_problems()).
  Problems shared, own;
  std::unordered_map<std::string, std::string> hints;  // field + word -> did-you-mean
  WorkbookRow row;  // a pending row, as read
};

// `p` emptied for the next row: made afresh only when something went in
// (a problem only counted comes after its group's first ones, kept). A
// Problems made for every row and record (its vector, two hash maps and a
// string set up and torn down) took a quarter of data_row's samples.
Problems& fresh_problems(Problems& p) {
  if (!p.empty()) p = Problems();
  return p;
}

// A row's line not placed yet: data_row() places it.
constexpr std::uint32_t kNotPlaced = UINT32_MAX;

// Rows of a source with one record a row, read in order and waiting to
// be turned into records on the reader's threads. Their texts are copied:
// the window or sheet they came from moves on. A cache line of its own:
// one thread adds to one while the others read another.
class alignas(64) PendingRows {
 public:
  void add(const SourceRow& source_row) {
    Row r;
    r.number = source_row.row.number;
    if (source_row.malformed) {
      r.malformed = errors_.size();
      errors_.push_back(*source_row.malformed);
    }
    r.raw_begin = text_.size();
    text_.append(source_row.raw);
    r.raw_end = text_.size();
    r.utf8_checked = source_row.utf8_checked;
    if (!source_row.line.empty()) {  // every cell in the line: one copy
      const std::size_t base = text_.size();
      text_.append(source_row.line);
      for (const WorkbookCell& cell : source_row.row.cells)
        cells_.push_back(Cell{cell.column, cell.kind,
                              base + static_cast<std::size_t>(cell.text.data() - source_row.line.data()),
                              cell.text.size()});
    } else {
      for (const WorkbookCell& cell : source_row.row.cells) {
        cells_.push_back(Cell{cell.column, cell.kind, text_.size(), cell.text.size()});
        text_.append(cell.text);
      }
    }
    r.cells_end = cells_.size();
    rows_.push_back(r);
    end_ = source_row.end;
  }
  // Where the last row ends in the file's text (SourceRow::end).
  std::uint64_t end() const { return end_; }
  std::size_t size() const { return rows_.size(); }
  // What the copies take.
  std::size_t bytes() const {
    return text_.size() + cells_.size() * sizeof(Cell) + rows_.size() * sizeof(Row);
  }
  // Each row's line, in order: one record a row.
  void place(OfficePlaces& places, std::uint16_t source) {
    for (Row& r : rows_) r.line = places.add(source, r.number);
  }
  std::uint32_t line(std::size_t i) const { return rows_[i].line; }
  // Row i as its source gave it; its cells are put in `row`.
  SourceRow get(std::size_t i, WorkbookRow& row) const {
    const Row& r = rows_[i];
    row.number = r.number;
    row.cells.clear();
    const std::string_view text = text_;
    for (std::size_t c = i == 0 ? 0 : rows_[i - 1].cells_end; c < r.cells_end; ++c) {
      // Field by field in place, as CsvRowFeed (office_sources.cpp) does.
      WorkbookCell& cell = row.cells.emplace_back();
      cell.column = cells_[c].column;
      cell.kind = cells_[c].kind;
      cell.text = text.substr(cells_[c].begin, cells_[c].size);
    }
    return SourceRow{row, r.malformed == kNone ? nullptr : &errors_[r.malformed],
                     text.substr(r.raw_begin, r.raw_end - r.raw_begin), 0, {}, r.utf8_checked};
  }
  void clear() {
    text_.clear();
    errors_.clear();
    cells_.clear();
    rows_.clear();
    end_ = 0;
  }

 private:
  static constexpr std::size_t kNone = SIZE_MAX;
  struct Cell {
    std::uint32_t column;
    WorkbookCell::Kind kind;
    std::size_t begin, size;  // in text_
  };
  struct Row {
    std::uint32_t number = 0, line = 0;
    std::size_t malformed = kNone;  // into errors_
    std::size_t raw_begin = 0, raw_end = 0;
    std::size_t cells_end = 0;  // into cells_, from the row before's
    bool utf8_checked = false;
  };
  std::string text_;
  std::vector<std::string> errors_;
  std::vector<Cell> cells_;
  std::vector<Row> rows_;
  std::uint64_t end_ = 0;
};

// After the fact, a part is closed at this many records (rows read;
// InputOptions::part_records when set) and handed on (OfficeRecords::read's
// `part_done`): a national export's rows then go into the batch as they are
// read instead of waiting in a builder.
constexpr std::size_t kPartRecords = std::size_t{1} << 16;

class OfficeRecords {
 public:
  OfficeRecords(const std::vector<Source>& sources, const MemberTable& members,
                const InputProfile& profile, const InputOptions& options)
      : sources_(sources),
        members_(members),
        profile_(profile),
        options_(options),
        codes_(profile),
        names_(members),
        part_records_(options.part_records != 0 ? options.part_records : kPartRecords),
        threads_(options.threads == 0 ? 1 : options.threads),
        scratch_(threads_, RowScratch(codes_)),
        service_(members),
        file_(sources.empty() ? empty_ : sources.front().label, members, service_,
              options.keep_going, {}) {
    file_.header_ok = true;
    file_.places = &places_;
    std::vector<std::string_view> header;
    for (const auto f : kInterchange) header.push_back(input_field_name(f));
    file_.cols.read_header(header);
    file_.header.assign(header.begin(), header.end());
  }

  // One pass over every source: after the fact (`in_order` null: a part per
  // source, and with `part_done` a new one every kPartRecords records, each
  // part given to `part_done` as the parts so far once it is closed) or in
  // order (one part). Problems about sources as a whole go to
  // `source_problems`; the sources read are described in `read`.
  Parts read(InOrderChecks* in_order, Problems& source_problems, std::vector<SourceRead>* read,
             const std::function<void(Parts&)>& part_done = {});

  const std::vector<std::string>& generated_id_sources() const { return generated_; }
  const OfficePlaces& places() const { return places_; }

 private:
  // Reads one source; true when a records layout fitted it (or it is the
  // members sheet, which a records file may also hold).
  bool read_one(const Source& source, Parts& parts, RecordRowRules& rules,
                Problems& source_problems, std::vector<SourceRead>* read,
                const std::function<void(Parts&)>& part_done);
  // `line`: the row's, when placed already (one record a row).
  void data_row(const SourceRow& row, const BoundSource& src, RecordPart& part,
                RecordRowRules& rules, RowScratch& s, std::uint32_t line = kNotPlaced);
  void grid_row(const WorkbookRow& row, const BoundSource& src, RecordPart& part,
                RecordRowRules& rules, RowScratch& s, Problems& shared, bool shared_ok);
  class Pipeline;
  // Reports the row's problems and accounts for one record.
  void account(RecordPart& part, Problems& shared, bool& shared_reported, const Problems& own,
               bool added, std::uint32_t line, const std::string& as_read);

  // The field's text in this row (trimmed; "" when absent); a formula
  // without a value or an error value is a problem of the row.
  std::string_view text(const WorkbookRow& row, const BoundSource& src, const RowScratch& s,
                        InputField f, Problems& sink, bool& ok);
  void unmapped(const BoundSource& src, std::uint32_t row, std::uint32_t column, InputField f,
                std::string_view word, RowScratch& s, Problems& sink);
  // A subtype's word that means nothing for the row's `kind`: a subtype of
  // other kinds is said as such, else unmapped().
  void wrong_subtype(const BoundSource& src, std::uint32_t row, std::uint32_t column,
                     std::string_view word, std::string_view kind, RowScratch& s, Problems& sink);
  // The value of a coded field from its column (or `set`), mapped.
  void map_codes(const WorkbookRow& row, const BoundSource& src, RowScratch& s, Problems& sink,
                 bool& ok);
  // A member's id, from an id, a name, or either (a participant), into `v`.
  void member_of(std::string_view id, std::string_view name, const BoundSource& src,
                 std::uint32_t row, std::uint32_t column, RecordValues& v, Problems& sink,
                 bool& ok);

  static const std::string empty_;
  const std::vector<Source>& sources_;
  const MemberTable& members_;
  const InputProfile& profile_;
  const InputOptions& options_;
  CodeMaps codes_;
  NameIndex names_;
  std::size_t part_records_;
  unsigned threads_;
  std::vector<RowScratch> scratch_;  // by thread
  OfficePlaces places_;
  ServiceScreen service_;  // before file_, which holds it
  RecordFile file_;
  // The row rules of Pipeline's threads (after the fact), made when first
  // needed and kept for their memos.
  std::vector<std::unique_ptr<RecordRowRules>> thread_rules_;
  std::vector<std::string> generated_;
};

const std::string OfficeRecords::empty_;

// The rows of a source with one record a row, after the fact, on more
// than one thread: this thread reads them (parses and copies), a batch of
// part_records rows (or kBatchBytes) at a time, while the others turn the
// batch before into records, chunk by chunk; once it has read a batch,
// this thread takes the chunks left, hands their parts on (part_done) and
// starts the batch it read. Each chunk is a part of its own and the parts
// go on in the rows' order, so the batch is the one a single thread
// makes. The lines are placed between batches, while no other thread
// reads the places.
class OfficeRecords::Pipeline {
 public:
  Pipeline(OfficeRecords& reader, const BoundSource& src, Parts& parts,
           const std::function<void(Parts&)>& part_done)
      : reader_(reader),
        src_(src),
        parts_(parts),
        part_done_(part_done),
        batch_rows_(reader.part_records_) {
    while (reader_.thread_rules_.size() < reader_.threads_)
      reader_.thread_rules_.push_back(std::make_unique<RecordRowRules>(reader_.file_, nullptr));
  }
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  void add(const SourceRow& row) {
    reading_.add(row);
    if (reading_.size() < batch_rows_ && reading_.bytes() < kBatchBytes) return;
    settle();
    start();
  }
  // The rows read last.
  void finish() {
    settle();
    start();
    settle();
  }

 private:
  // A batch's chunks: enough for the threads to share it while this one
  // reads. Not more: smaller parts cost the batch's appender memory (8
  // chunks: +60 MB at 2x10^7 records).
  static constexpr std::size_t kChunks = 4;
  // A batch's copies are at most about this (two batches are held: one
  // read, one at work), however long its rows.
  static constexpr std::size_t kBatchBytes = std::size_t{16} << 20;

  // The batch read goes to work.
  void start() {
    std::swap(reading_, working_);
    reading_.clear();
    const std::size_t n = working_.size();
    if (n == 0) return;
    working_.place(reader_.places_, src_.place);
    chunk_rows_ = (n + kChunks - 1) / kChunks;
    const std::size_t chunks = (n + chunk_rows_ - 1) / chunk_rows_;
    for (std::size_t c = 0; c < chunks; ++c)
      parts_made_.push_back(std::make_unique<RecordPart>(reader_.members_.size()));
    run_.start(reader_.threads_, chunks, [this](std::size_t c, unsigned t) { chunk(c, t); });
  }

  // Chunk c of the batch at work, on thread t.
  void chunk(std::size_t c, unsigned t) {
    RowScratch& s = reader_.scratch_[t];
    RecordRowRules& rules = *reader_.thread_rules_[t];
    RecordPart& part = *parts_made_[c];
    const std::size_t end = std::min(working_.size(), (c + 1) * chunk_rows_);
    for (std::size_t i = c * chunk_rows_; i < end; ++i)
      reader_.data_row(working_.get(i, s.row), src_, part, rules, s, working_.line(i));
  }

  // The batch at work finished, here too, and its parts handed on.
  void settle() {
    if (parts_made_.empty()) return;
    run_.finish();
    parts_made_.back()->text_end = working_.end();
    working_.clear();
    for (auto& part : parts_made_) parts_.push_back(std::move(part));
    parts_made_.clear();
    part_done_(parts_);
  }

  OfficeRecords& reader_;
  const BoundSource& src_;
  Parts& parts_;
  const std::function<void(Parts&)>& part_done_;
  const std::size_t batch_rows_;
  std::size_t chunk_rows_ = 1;
  PendingRows reading_, working_;
  Parts parts_made_;  // the chunks' parts of the batch at work
  // Last: stopped (an exception here) before the batch it reads goes.
  TaskRun run_;
};

Parts OfficeRecords::read(InOrderChecks* in_order, Problems& source_problems,
                          std::vector<SourceRead>* read,
                          const std::function<void(Parts&)>& part_done) {
  places_ = OfficePlaces();
  generated_.clear();
  thread_rules_.clear();
  Parts parts;
  RecordRowRules rules(file_, in_order);
  // A file given for records of which nothing was read would score its
  // members as if they had done nothing: an error, not a warning.
  std::vector<const OpenFile*> files_read;
  for (const auto& source : sources_) {
    if (parts.empty() || !in_order) parts.push_back(std::make_unique<RecordPart>(members_.size()));
    if (read_one(source, parts, rules, source_problems, read,
                 in_order ? std::function<void(Parts&)>() : part_done))
      files_read.push_back(source.file);
  }
  for (std::size_t i = 0; i < sources_.size(); ++i) {
    const OpenFile* file = sources_[i].file;
    const bool first_of_file = i == 0 || sources_[i - 1].file != file;
    if (first_of_file && file->book &&
        std::find(files_read.begin(), files_read.end(), file) == files_read.end())
      source_problems.error(Location{file->input->name},
                            "no sheet of the workbook is read as records (the warnings say why "
                            "for each); name its headers in a profile: --profile FILE, see "
                            "docs/input.md");
  }
  if (parts.empty()) parts.push_back(std::make_unique<RecordPart>(members_.size()));
  return parts;
}

bool OfficeRecords::read_one(const Source& source, Parts& parts, RecordRowRules& rules,
                             Problems& source_problems, std::vector<SourceRead>* read,
                             const std::function<void(Parts&)>& part_done) {
  bool named = false;
  auto wanted = layouts_for(source, profile_.records, named);
  HeaderSearch search(std::move(wanted), false, profile_.members, true, codes_);
  std::optional<BoundSource> src;
  // Rows read, turned into records on the threads a part at a time: after
  // the fact, with more than one thread, one record a row (its line known
  // as it is read).
  std::optional<Pipeline> pipeline;
  std::size_t rows = 0;
  const bool complete = read_source(
      source,
      [&](const SourceRow& row) {
        if (pipeline) {
          ++rows;
          pipeline->add(row);
          return true;
        }
        if (src) {
          ++rows;
          data_row(row, *src, *parts.back(), rules, scratch_[0]);
          parts.back()->text_end = row.end;
          if (part_done && parts.back()->rows_read >= part_records_) {
            part_done(parts);
            parts.push_back(std::make_unique<RecordPart>(members_.size()));
          }
          return true;
        }
        if (row.malformed) return true;  // above the header: a title, say
        if (!search.offer(row.row)) return true;
        if (!search.found()) return false;
        src.emplace();
        src->source = &source;
        src->bound = *search.found();
        OfficePlaces::SourceColumns columns;
        columns.label = source.label;
        columns.workbook = source.workbook();
        columns.headers = src->bound.headers;
        const BoundLayout& b = src->bound;
        for (const auto f : kInterchange)
          if (b.has(f)) columns.fields[input_field_name(f)] = b.column(f);
        if (!b.has(InputField::MemberId)) {
          if (b.has(InputField::MemberName))
            columns.fields["member_id"] = b.column(InputField::MemberName);
          if (b.has(InputField::Participants)) {
            src->participants_column = b.column(InputField::Participants);
            columns.per_record = {"member_id", "position"};
          }
        }
        if (b.layout->shape == SourceLayout::Shape::Grid)
          columns.per_record = {"date", "kind", "subtype", "status"};
        src->place = places_.add_source(std::move(columns));
        src->generated_ids = !b.has(InputField::RecordId) && b.layout->set.count(InputField::RecordId) == 0;
        if (part_done && threads_ > 1 && b.layout->shape != SourceLayout::Shape::Grid &&
            src->participants_column == kNoColumn)
          pipeline.emplace(*this, *src, parts, part_done);
        return true;
      },
      source_problems);
  if (pipeline) pipeline->finish();
  if (read && (src || !search.fits_others())) {  // the members sheet is not for records
    SourceRead r;
    r.source = source.label;
    if (src) {
      r.layout = src->bound.layout->name;
      r.header_row = src->bound.header_row;
      for (const auto& [field, column] : src->bound.columns)
        r.columns.emplace_back(input_field_name(field), src->bound.header(column));
      for (const auto& [column, codes] : src->bound.yes_no)
        r.columns.emplace_back("yes_no:" + codes, src->bound.header(column));
      for (const auto& m : src->bound.meetings)
        r.columns.emplace_back("meeting:" + format_day(m.date) + " " + m.subtype,
                               src->bound.header(m.column));
      r.rows = rows;
    }
    read->push_back(std::move(r));
  }
  if (!complete) return src.has_value();
  if (!src) {
    if (search.fits_others()) return true;  // the members sheet
    // A sheet of a workbook may be notes; a CSV file given is all there is.
    const bool asked = named || !options_.sheets.empty() || !source.workbook();
    std::string wanted_headers;
    for (const auto& layout : profile_.records) {
      if (!wanted_headers.empty()) wanted_headers += "; ";
      wanted_headers += "'" + layout.name + "' needs";
      for (const auto& [field, headers] : layout.columns) {
        if (field != InputField::Date && field != InputField::Kind &&
            field != InputField::MemberId && field != InputField::MemberName &&
            field != InputField::Participants)
          continue;
        wanted_headers += " " + headers.front();
      }
    }
    const bool not_utf8 =
        !source.workbook() && find_invalid_utf8(source.file->first_bytes()) != std::string_view::npos;
    const std::string message =
        "no row among the first 30 is a header of records (" + wanted_headers +
        "); the " + (source.workbook() ? "sheet" : "file") + " is not read" +
        (not_utf8 ? "; its text is not valid UTF-8: is it GB18030 (GBK)? leave --encoding auto or give --encoding gb18030"
                  : " (a profile, --profile FILE, can name its headers: see docs/input.md)");
    if (asked) source_problems.error(Location{source.label}, message);
    else source_problems.warning(Location{source.label}, message);
    return false;
  }
  if (src->generated_ids &&
      std::find(generated_.begin(), generated_.end(), source.label) == generated_.end())
    generated_.push_back(source.label);
  // Merged cells a workbook lists after its rows: in the header or the
  // data of a column read, a row would have lost its value.
  if (source.workbook()) {
    std::vector<std::uint32_t> used;
    for (const auto& [field, column] : src->bound.columns) used.push_back(column);
    for (const auto& [column, codes] : src->bound.yes_no) used.push_back(column);
    for (const auto& m : src->bound.meetings) used.push_back(m.column);
    for (const auto& range : source.file->book->merged_cells()) {
      if (range.last_row < src->bound.header_row) continue;
      const bool read_column = std::any_of(used.begin(), used.end(), [&](std::uint32_t c) {
        return c >= range.first_column && c <= range.last_column;
      });
      if (!read_column) continue;
      source_problems.error(
          places_.cell(src->place, range.first_row, range.first_column),
          "the cells " + range.name() +
              " are merged; every row needs its own value: unmerge them (取消合并单元格) and fill "
              "each cell");
    }
  }
  return true;
}

// Inline into the row's reading, which asks it for every field: as a call,
// its entry took a sixth of its samples.
inline std::string_view OfficeRecords::text(const WorkbookRow& row, const BoundSource& src,
                                            const RowScratch& s, InputField f, Problems& sink,
                                            bool& ok) {
  return cell_text(row, src.bound.column(f), *src.source, places_, src.place, sink, ok,
                   s.utf8_checked);
}

void OfficeRecords::unmapped(const BoundSource& src, std::uint32_t row, std::uint32_t column,
                             InputField f, std::string_view word, RowScratch& s,
                             Problems& sink) {
  const std::string field = input_field_name(f);
  const std::string key = field + '\n' + std::string(word);
  auto hint = s.hints.find(key);
  if (hint == s.hints.end())
    hint = s.hints.emplace(key, did_you_mean(std::string(word), codes_.known_words(f))).first;
  const char* example = f == InputField::Kind      ? "meeting/plenary"
                        : f == InputField::Subtype ? "plenary"
                        : f == InputField::Status  ? "present"
                        : f == InputField::Level   ? "province"
                                                   : "filed";
  sink.error(places_.cell(src.place, row, column),
             "'" + std::string(word) + "' means no " + field +
                 ": it is neither a code nor a word of the standard vocabulary or of the "
                 "profile's values" +
                 hint->second + "; say what it means in a profile: values: {" + field + ": {" +
                 std::string(word) + ": " + example + "}} (docs/input.md)",
             "unmapped:" + field + ":" + std::string(word));
}

void OfficeRecords::wrong_subtype(const BoundSource& src, std::uint32_t row, std::uint32_t column,
                                  std::string_view word, std::string_view kind, RowScratch& s,
                                  Problems& sink) {
  const auto kinds = codes_.subtype_kinds(word);
  if (kinds.empty() || kind.empty()) {
    unmapped(src, row, column, InputField::Subtype, word, s, sink);
    return;
  }
  const auto named = [](std::string_view code) {
    const std::string_view name = chinese_name(VocabularyField::Kind, code);
    return name == code ? "'" + std::string(code) + "'"
                        : std::string(name) + " (" + std::string(code) + ")";
  };
  std::string of;
  for (const auto k : kinds) of += (of.empty() ? "" : ", ") + named(k);
  sink.error(places_.cell(src.place, row, column),
             "'" + std::string(word) + "' is a subtype of " + of + " only, and the row's kind is " +
                 named(kind) + ": correct the kind or the subtype",
             "subtype-of:" + std::string(word) + ":" + std::string(kind));
}

void OfficeRecords::map_codes(const WorkbookRow& row, const BoundSource& src, RowScratch& s,
                              Problems& sink, bool& ok) {
  RecordValues& out = s.values;
  const BoundLayout& b = src.bound;
  // The word of a coded field, from its column or else `set`.
  const auto word_of = [&](InputField f, std::uint32_t& column) -> std::string_view {
    column = b.column(f);
    std::string_view t = text(row, src, s, f, sink, ok);
    if (t.empty()) {
      column = kNoColumn;
      if (const std::string* value = b.set_value(f)) t = *value;
    }
    return t;
  };
  std::uint32_t column = kNoColumn;
  std::string_view implied_subtype;
  // Kind (a subtype's word gives both).
  std::string_view word = word_of(InputField::Kind, column);
  if (!word.empty()) {
    std::string_view kind = word;
    if (!b.written(InputField::Kind) && !s.codes.kind(word, kind, implied_subtype)) {
      unmapped(src, row.number, column, InputField::Kind, word, s, sink);
      ok = false;
    }
    out.set(InputField::Kind, kind);
  }
  word = word_of(InputField::Subtype, column);
  if (!word.empty()) {
    std::string_view code = word;
    if (!b.written(InputField::Subtype) &&
        !s.codes.subtype(word, out[InputField::Kind], code)) {
      wrong_subtype(src, row.number, column, word, out[InputField::Kind], s, sink);
      ok = false;
    }
    out.set(InputField::Subtype, code);
  } else {
    out.set(InputField::Subtype, implied_subtype);
  }
  for (const InputField f : {InputField::Status, InputField::Level}) {
    word = word_of(f, column);
    if (word.empty()) continue;
    std::string_view code = word;
    const bool found = b.written(f) || (f == InputField::Status ? s.codes.status(word, code)
                                                                 : s.codes.level(word, code));
    if (!found) {
      unmapped(src, row.number, column, f, word, s, sink);
      ok = false;
    }
    out.set(f, code);
  }
  // Flags: a flags column, words columns, yes/no columns.
  s.flags.clear();
  word = word_of(InputField::Flags, column);
  if (!word.empty()) {
    if (b.written(InputField::Flags)) {
      split_list(word, s.flags);
    } else {
      split_words(word, s.words);
      for (const auto w : s.words) {
        if (!s.codes.flags(w, s.flags)) {
          unmapped(src, row.number, column, InputField::Flags, w, s, sink);
          ok = false;
        }
      }
    }
  }
  if (b.has(InputField::Words)) {
    column = b.column(InputField::Words);
    split_words(text(row, src, s, InputField::Words, sink, ok), s.words);
    for (const auto w : s.words) {
      CodeMaps::Meaning meaning;
      if (!codes_.words(w, meaning)) {
        unmapped(src, row.number, column, InputField::Flags, w, s, sink);
        ok = false;
        continue;
      }
      s.flags.insert(s.flags.end(), meaning.flags.begin(), meaning.flags.end());
      if (!meaning.level.empty() && out[InputField::Level].empty()) out.set(InputField::Level, meaning.level);
      if (!meaning.status.empty() && out[InputField::Status].empty()) out.set(InputField::Status, meaning.status);
    }
  }
  for (const auto& [yes_column, codes] : b.yes_no) {
    const WorkbookCell* cell = find_cell(row, yes_column);
    if (!cell || trim(cell->text).empty()) continue;
    const auto yes = yes_no(cell->text);
    if (!yes) {
      sink.error(places_.cell(src.place, row.number, yes_column),
                 "'" + std::string(trim(cell->text)) +
                     "' is neither yes nor no (是/否, √/×, Y/N, 1/0)",
                 "yes-no:" + std::string(trim(cell->text)));
      ok = false;
    } else if (*yes) {
      std::string_view rest = codes;
      split_list(rest, s.words);
      s.flags.insert(s.flags.end(), s.words.begin(), s.words.end());
    }
  }
  std::sort(s.flags.begin(), s.flags.end());
  s.flags.erase(std::unique(s.flags.begin(), s.flags.end()), s.flags.end());
  // One flag as it is (the row's text or the vocabulary's); more joined.
  if (s.flags.size() == 1) {
    out.set(InputField::Flags, s.flags.front());
  } else if (!s.flags.empty()) {
    std::string& flags = s.flags_text;
    flags.clear();
    for (const auto f : s.flags) {
      if (!flags.empty()) flags += ';';
      flags += f;
    }
    out.set(InputField::Flags, flags);
  }
}

void OfficeRecords::member_of(std::string_view id, std::string_view name, const BoundSource& src,
                              std::uint32_t row, std::uint32_t column, RecordValues& v,
                              Problems& sink, bool& ok) {
  constexpr InputField kId = InputField::MemberId;
  if (!id.empty()) {
    v.set_plain(kId, id);
    return;
  }
  if (name.empty()) return;  // the row rules say the member id is empty
  // Offices tell members of one name apart by the id in brackets
  // ("王伟（M012）"); other notes ("（领衔）") are dropped.
  std::string_view note;
  const std::string_view bare = strip_note(name, &note);
  if (!note.empty() && members_.find(note)) {
    v.set(kId, note);
    return;
  }
  name = bare;
  if (members_.find(name)) {  // a participant may be written by id
    v.set(kId, name);
    return;
  }
  const std::vector<MemberIndex>* found = names_.find(name);
  if (!found) {
    v.set(kId, name);  // the row rules say no such member
    return;
  }
  v.set(kId, members_.id(found->front()));
  if (found->size() == 1) return;
  std::string ids;
  for (const MemberIndex m : *found) ids += (ids.empty() ? "" : ", ") + std::string(members_.id(m));
  sink.error(places_.cell(src.place, row, column),
             "two or more members are named '" + std::string(name) + "' (" + ids +
                 "): this sheet must give the member's id (委员编号) to tell them apart",
             "same-name:" + std::string(name));
  ok = false;
}

void OfficeRecords::account(RecordPart& part, Problems& shared, bool& shared_reported,
                            const Problems& own, bool added, std::uint32_t line,
                            const std::string& as_read) {
  ++part.rows_read;
  if (added) ++part.rows_accepted;
  if (!options_.keep_going) {
    if (!shared_reported) part.problems.append(shared);
    part.problems.append(own);
  } else {
    if (!shared_reported) pass_on_as_warnings(shared, part.problems);
    pass_on_as_warnings(own, part.problems);
    if (!added) {
      std::string reason;
      add_rejection_reason(reason, shared);
      add_rejection_reason(reason, own);
      part.rejected.push_back(RejectedRow{places_.label(line), places_.row(line), reason, as_read});
    }
  }
  shared_reported = true;
}

void OfficeRecords::data_row(const SourceRow& sr, const BoundSource& src, RecordPart& part,
                             RecordRowRules& rules, RowScratch& s, std::uint32_t given_line) {
  const WorkbookRow& row = sr.row;
  s.utf8_checked = sr.utf8_checked;
  Problems& shared = fresh_problems(s.shared);
  bool shared_reported = false;
  bool ok = true;
  if (sr.malformed) {
    const std::uint32_t line = given_line != kNotPlaced ? given_line : places_.add(src.place, row.number);
    shared.error(Location{src.source->label, static_cast<int>(row.number)},
                 *sr.malformed + "; the row is skipped");
    account(part, shared, shared_reported, Problems(), false, line, std::string(sr.raw));
    return;
  }
  RecordValues& v = s.values;
  v.clear();
  if (src.bound.layout->shape == SourceLayout::Shape::Grid) {
    const std::string_view id = text(row, src, s, InputField::MemberId, shared, ok);
    const std::string_view name = text(row, src, s, InputField::MemberName, shared, ok);
    const std::uint32_t column = src.bound.has(InputField::MemberId)
                                     ? src.bound.column(InputField::MemberId)
                                     : src.bound.column(InputField::MemberName);
    member_of(id, name, src, row.number, column, v, shared, ok);
    grid_row(row, src, part, rules, s, shared, ok);
    return;
  }
  const BoundLayout& b = src.bound;
  map_codes(row, src, s, shared, ok);
  // The cell's text, or else the profile's value for every row.
  const auto set_or = [&](InputField f, std::string_view t) -> std::string_view {
    if (!t.empty()) return t;
    const std::string* value = b.set_value(f);
    return value ? std::string_view(*value) : std::string_view();
  };
  // Ids and numbers: full-width forms as ASCII, made in `room` when needed.
  const auto plain = [](std::string_view t, std::string& room) -> std::string_view {
    if (!has_fullwidth(t)) return t;
    room = halfwidth(t);
    return room;
  };
  const std::string_view record_id =
      plain(set_or(InputField::RecordId, text(row, src, s, InputField::RecordId, shared, ok)), s.record_id);
  v.set_plain(InputField::Ref, set_or(InputField::Ref, text(row, src, s, InputField::Ref, shared, ok)));
  std::string date = date_text(row, b.column(InputField::Date), *src.source, places_, src.place,
                               shared, ok, s.utf8_checked);
  if (!date.empty()) v.keep(InputField::Date, std::move(date));
  else v.set(InputField::Date, set_or(InputField::Date, {}));
  v.set_plain(InputField::Quantity, text(row, src, s, InputField::Quantity, shared, ok));
  if (auto number = plain_number(v[InputField::Quantity]); number && *number != v[InputField::Quantity])
    v.keep(InputField::Quantity, std::move(*number));
  const std::string_view position_text = text(row, src, s, InputField::Position, shared, ok);
  std::string position;
  if (!position_text.empty() && !no_position_word(position_text)) {
    const auto p = position_word(position_text);
    position = p ? std::to_string(*p) : std::string(position_text);
  }
  // The members: one, or the participants of an item.
  std::vector<std::string_view>& participants = s.participants;
  participants.clear();
  std::uint32_t member_column = kNoColumn;
  std::string_view member_id, member_name;
  if (src.participants_column != kNoColumn && !b.has(InputField::MemberId)) {
    split_words(text(row, src, s, InputField::Participants, shared, ok), participants);
    // Notes in brackets stay: member_of() reads an id there.
    for (auto& p : participants) p = trim(p);
    participants.erase(std::remove_if(participants.begin(), participants.end(),
                                      [](std::string_view p) { return p.empty(); }),
                       participants.end());
    member_column = src.participants_column;
    if (participants.empty()) participants.emplace_back();
  } else {
    member_id = text(row, src, s, InputField::MemberId, shared, ok);
    member_name = text(row, src, s, InputField::MemberName, shared, ok);
    member_column = b.has(InputField::MemberId) && !member_id.empty()
                        ? b.column(InputField::MemberId)
                        : b.column(InputField::MemberName);
    participants.emplace_back();
  }
  const std::size_t n = participants.size();
  const bool item = src.participants_column != kNoColumn;
  if (item && v[InputField::Subtype].empty() && v[InputField::Kind] == "proposal")
    v.set(InputField::Subtype, n > 1 ? "joint" : "individual");
  if (item && n > 1 && v[InputField::Ref].empty())
    v.keep(InputField::Ref, src.source->id_prefix + "!" + std::to_string(row.number));
  std::string text_of_row;
  const auto row_text_once = [&]() -> const std::string& {
    if (text_of_row.empty()) text_of_row = row_text(row);
    return text_of_row;
  };
  for (std::size_t i = 0; i < n; ++i) {
    Problems& own = fresh_problems(s.own);
    bool own_ok = true;
    v.set(InputField::MemberId, {});
    if (item) member_of({}, participants[i], src, row.number, member_column, v, own, own_ok);
    else member_of(member_id, member_name, src, row.number, member_column, v, shared, ok);
    if (item && (n > 1 || !v[InputField::Ref].empty())) v.keep(InputField::Position, std::to_string(i + 1));
    else v.set(InputField::Position, position);
    if (record_id.empty())
      v.keep(InputField::RecordId, src.source->id_prefix + "!" + std::to_string(row.number) +
                                       (n > 1 ? "-" + std::to_string(i + 1) : ""));
    else if (n > 1)
      v.keep(InputField::RecordId, std::string(record_id) + "-" + std::to_string(i + 1));
    else
      v.set(InputField::RecordId, record_id);
    const std::uint32_t line = given_line != kNotPlaced
                                   ? given_line
                                   : places_.add(src.place, row.number, item ? member_column : kNoColumn);
    const bool added = rules.read(v.values, line, own, part, ok && own_ok);
    account(part, shared, shared_reported, own, added, line,
            options_.keep_going ? row_text_once() : empty_);
  }
}

void OfficeRecords::grid_row(const WorkbookRow& row, const BoundSource& src, RecordPart& part,
                             RecordRowRules& rules, RowScratch& s, Problems& shared,
                             bool shared_ok) {
  RecordValues& v = s.values;
  bool shared_reported = false;
  std::string text_of_row;
  v.set(InputField::Kind, "meeting");
  for (const auto& meeting : src.bound.meetings) {
    const WorkbookCell* cell = find_cell(row, meeting.column);
    if (!cell || trim(cell->text).empty()) continue;  // not called, or not recorded
    Problems& own = fresh_problems(s.own);
    bool ok = true;
    const std::string_view word = trim(cell->text);
    std::string_view status = word;
    if (!s.codes.status(word, status)) {
      unmapped(src, row.number, meeting.column, InputField::Status, word, s, own);
      ok = false;
    }
    v.set(InputField::Status, status);
    v.keep(InputField::Date, format_day(meeting.date));
    v.set(InputField::Subtype, meeting.subtype);
    v.keep(InputField::RecordId, src.source->id_prefix + "!" + cell_name(meeting.column, row.number));
    const std::uint32_t line = places_.add(src.place, row.number, meeting.column);
    const bool added = rules.read(v.values, line, own, part, shared_ok && ok);
    if (options_.keep_going && text_of_row.empty()) text_of_row = row_text(row);
    account(part, shared, shared_reported, own, added, line, text_of_row);
  }
  if (!shared_reported && !shared.empty()) {
    // A row with no meeting recorded: its own problems still count, as one
    // row read and left out.
    const std::uint32_t line = places_.add(src.place, row.number);
    account(part, shared, shared_reported, Problems(), false, line,
            options_.keep_going ? row_text(row) : empty_);
  }
}

}  // namespace

bool interchange_records_csv(std::string_view bytes, Encoding encoding) {
  if (detect_file_format(bytes) != FileFormat::Csv) return false;
  std::string storage;
  std::string_view text;
  Problems scratch;
  if (!decode_to_utf8(bytes, encoding, "", storage, text, scratch)) return false;
  const auto header = csv_first_row(text);
  return std::find(header.begin(), header.end(), "record_id") != header.end() ||
         std::find(header.begin(), header.end(), "member_id") != header.end() || header.empty();
}


std::optional<RecordBatch> read_office_records(const std::vector<std::unique_ptr<OpenFile>>& opened,
                                               const MemberTable& members,
                                               const InputOptions& options, Problems& problems,
                                               Quarantine* quarantine) {
  const std::size_t errors_before = problems.error_count();
  const std::vector<Source> sources = list_sources(opened, options.sheets, problems);
  if (problems.error_count() != errors_before) return std::nullopt;
  const InputProfile& profile = options.profile ? *options.profile : default_profile();
  const unsigned threads = options.threads == 0 ? 1 : options.threads;
  OfficeRecords reader(sources, members, profile, options);
  // After the fact, each part's rows go into the batch as it is closed,
  // its problems to `staged` and its rejected rows to the quarantine, in
  // order: a national export is held once, as the batch, and a file whose
  // every row is rejected waits neither in memory. Should the rows need a
  // reading in order, what was moved is taken back.
  RecordBatchAppender appender(members.size());
  bool appending = true;
  Problems staged;
  const bool keep_rejected = quarantine != nullptr && options.keep_going;
  const Quarantine::Mark start = keep_rejected ? quarantine->mark() : Quarantine::Mark{};
  std::size_t moved = 0, rows_read = 0, rows_accepted = 0;
  // A lone file read window by window: the rows to come foreseen by its
  // bytes, as the interchange reader foresees them.
  const FileWindow* lone = opened.size() == 1 ? opened[0]->window : nullptr;
  // A part's problems to `staged`, its rejected rows to the quarantine.
  const auto take_messages = [&](RecordPart& part) {
    staged.append(part.problems);
    part.problems = Problems();
    rows_read += part.rows_read;
    rows_accepted += part.rows_accepted;
    if (keep_rejected) {
      for (RejectedRow& row : part.rejected) quarantine->add(std::move(row));
      std::vector<RejectedRow>().swap(part.rejected);
    }
  };
  // The parts closed since the last call, appended together (a batch read
  // on threads comes as a part a chunk).
  std::vector<RecordBatchBuilder*> builders;
  bool reserved = false;
  const auto move_out = [&](Parts& parts) {
    builders.clear();
    std::size_t rows = 0;
    for (std::size_t k = moved; k < parts.size() && !parts[k]->needs_order; ++k) {
      builders.push_back(&parts[k]->builder);
      rows += parts[k]->builder.size();
    }
    if (appending && builders.size() == parts.size() - moved) {
      // Once the rows so far tell how many the rest of the text holds.
      const std::uint64_t done = parts.empty() ? 0 : parts.back()->text_end;
      if (!reserved && done > 0 && lone != nullptr && lone->known_size() > 0) {
        reserve_by_bytes(appender, appender.size() + rows, done, lone->known_size());
        reserved = true;
      }
      std::string refused;
      appending = appender.append(builders, threads, refused);
    } else {
      appending = false;
    }
    for (; moved < parts.size(); ++moved) {
      RecordPart& part = *parts[moved];
      // Only the reading in order will tell why: the rows are not kept.
      if (!appending) part.builder.clear();
      take_messages(part);
    }
  };
  Problems source_problems;
  Parts parts = reader.read(nullptr, source_problems, options.sources_read, move_out);
  move_out(parts);
  for (const auto& file : opened) {
    if (file->watch && file->watch->utf8_beyond_ascii()) {
      // Its rows' messages would be about the garbled text: only this one.
      refuse_utf8_as_gb18030(file->input->name, problems);
      if (keep_rejected) quarantine->take_back(start);
      return std::nullopt;
    }
  }
  problems.append(source_problems);
  if (source_problems.has_errors()) {
    if (keep_rejected) quarantine->take_back(start);
    return std::nullopt;
  }
  std::optional<RecordBatch> batch;
  if (appending) batch = finish_parts(appender, parts, threads);
  if (!batch) {
    // Something only a reading in order words right (an id used twice, a
    // joint item whose rows disagree): every source again, in order.
    parts.clear();
    staged = Problems();
    rows_read = rows_accepted = 0;
    if (keep_rejected) quarantine->take_back(start);
    InOrderChecks in_order(options.keep_going);
    Problems again;  // the sources' own problems, said already
    parts = reader.read(&in_order, again, nullptr);
    if (again.has_errors()) {  // a file streamed that could not be read again
      problems.append(again);
      return std::nullopt;
    }
    in_order.finish(FilePlaces{sources.front().label, &reader.places()}, parts[0]->problems);
    take_messages(*parts[0]);
  }
  problems.append(staged);
  if (keep_rejected) {
    quarantine->rows_read += rows_read;
    quarantine->rows_accepted += rows_accepted;
  }
  if (problems.error_count() != errors_before) return std::nullopt;
  if (!batch) batch = parts[0]->builder.finish(1);
  batch->set_generated_id_sources(reader.generated_id_sources());
  return batch;
}

}  // namespace detail

std::optional<RecordBatch> read_records(const std::vector<InputFile>& files,
                                        const MemberTable& members, const InputOptions& options,
                                        Problems& problems, Quarantine* quarantine) {
  const std::size_t errors_before = problems.error_count();
  // A lone interchange CSV file: the interchange reader (in parts, on
  // threads).
  if (files.size() == 1 && detail::interchange_records_csv(files[0].bytes, options.encoding))
    return read_records(files[0].bytes, files[0].name, members, options, problems, quarantine);
  std::vector<std::unique_ptr<detail::OpenFile>> opened;
  for (const auto& file : files) {
    if (auto f = detail::open_file(file, options, problems)) opened.push_back(std::move(f));
  }
  if (problems.error_count() != errors_before) return std::nullopt;
  return detail::read_office_records(opened, members, options, problems, quarantine);
}

}  // namespace dutyscore
