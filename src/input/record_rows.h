// Internal: the records reader's parts. Each row's cells go through one set
// of rules (RecordRows), whatever part, thread or source they come from.
//
// What a row cannot tell alone (an id used before, a joint item whose rows
// disagree, a batch too varied for its narrow columns) is checked one of
// two ways, with the same result:
// - after the fact (the fast way): parts are read at once, each into its
//   own builder, and combine_parts() checks the combined batch. When it
//   finds nothing to report there, nothing was, and the parts' own messages
//   are exactly those of a reading in order.
// - in order (InOrderChecks): one thread reads the whole body, checking
//   each row against the rows before it and wording each message. Only a
//   file for which combine_parts() finds something is read this way.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "dutyscore/input.h"
#include "dutyscore/members.h"
#include "dutyscore/problem.h"
#include "dutyscore/record_batch.h"
#include "data/record_batch_appender.h"
#include "input/csv_parts.h"
#include "input/input_rows.h"
#include "input/service_screen.h"
#include "base/numeric_id.h"

namespace dutyscore::detail {

// A records file as its rows are read: the same for every part. The
// members' service screen is the caller's, made once for all the files
// read against one members table.
struct RecordFile : RowFile {
  RecordFile(const std::string& file_name, const MemberTable& member_table,
             const ServiceScreen& service_screen, bool keep, std::vector<std::string> header_cells)
      : RowFile(file_name, keep, std::move(header_cells), record_columns()),
        members(member_table),
        service(service_screen) {}

  const MemberTable& members;
  const ServiceScreen& service;
};

// Rows that are one joint item (same kind and ref) must agree on subtype
// and flags, and no position may be taken twice: checked against the rows
// before, in file order.
class JointItems {
 public:
  // `member` is the row's member index, or kNoMember when it is unknown.
  void check(std::string_view kind, std::string_view ref, std::string_view subtype,
             const std::vector<std::string_view>& flags, std::uint16_t position,
             std::uint32_t member, std::string_view member_id, std::uint32_t line,
             const FilePlaces& file, Problems& problems, bool& ok);
  static constexpr std::uint32_t kNoMember = 0xFFFFFFFF;

 private:
  struct Item {
    std::uint32_t line = 0;
    std::string subtype;
    std::string flags;
    // The lines of the positions and of the members taken by accepted rows:
    // maps, so that an item of 10^5 participants is checked in linear time.
    std::unordered_map<std::uint16_t, std::uint32_t> positions;
    std::unordered_map<std::uint32_t, std::uint32_t> members;
  };
  std::unordered_map<std::string, Item> items_;
  std::string key_;
  std::vector<std::string_view> sorted_flags_;
  std::string flag_text_;
};

// What the rows before a row tell about it, as one thread reads the whole
// body in order: record ids used before (by default reported once all rows
// are read, in line order; in keep-going mode with the row, against the
// rows accepted so far) and joint items.
class InOrderChecks {
 public:
  explicit InOrderChecks(bool keep_going) : keep_going_(keep_going) {}

  // A row's non-empty id; returns it as a view that outlives the row.
  std::string_view check_id(std::string_view id, std::uint32_t line, const FilePlaces& file,
                            Problems& problems, bool& ok);
  // The row with `id` (as check_id() returned it) was accepted.
  void accepted(std::string_view id, std::uint32_t line);
  // Once every row is read: ids used twice (by default).
  void finish(const FilePlaces& file, Problems& problems) const;

  JointItems joint_items;

 private:
  struct SeenId {
    std::string_view id;
    std::uint32_t line;
  };
  // A copy of `id` that outlives the text it came from: a file is read
  // window by window, and windows are dropped.
  std::string_view keep(std::string_view id);

  bool keep_going_;
  // Record ids with their line, checked for duplicates once all rows are
  // read (a sort beats a node-based hash map at 10^8 rows). In keep-going
  // mode a duplicate must be known before its row is accepted, so a hash
  // map is used instead. The views point into `id_blocks_`, blocks of
  // copied ids that never move.
  std::vector<SeenId> seen_ids_;
  std::unordered_map<std::string_view, std::uint32_t> accepted_ids_;
  std::vector<std::unique_ptr<char[]>> id_blocks_;
  std::size_t block_used_ = 0, block_left_ = 0;
};

// Of the rows a part left out (each had an error), what the checks after
// the fact need: their ids, and the joint item cells of those with a kind
// and a ref. Both are packed one row after another, each text after its
// length and each number in 7 bits a byte (the high bit set on all but the
// last): a std::string an id, or strings and a vector a joint row, took
// more than the batch takes a row, in a file whose every row is left out.
struct LeftOutRows {
  // A joint row as given back: views into the packed bytes, and a flags
  // vector that the next row given back reuses.
  struct Joint {
    std::string_view kind, ref, subtype;
    std::vector<std::string_view> flags;
    std::uint16_t position = 0;
    std::uint32_t member = JointItems::kNoMember;
  };
  std::string ids;
  std::size_t id_count = 0;
  std::string joint;

  // An id of the pattern of the part's first id (a prefix and a fixed
  // count of digits, "R000123456") is kept as its number, 2n + 1 (4 bytes
  // up to 2^27), and any other as its text after 2 x its length.
  void add_id(std::string_view id) {
    if (id_count == 0) id_pattern_.take_from(id);
    ++id_count;
    std::uint32_t number = 0;
    if (id_pattern_.number_of(id, number)) {
      put_number(ids, std::uint64_t{number} * 2 + 1);
      return;
    }
    put_number(ids, std::uint64_t{id.size()} * 2);
    ids.append(id.data(), id.size());
  }
  // Each id as its text (a numbered one written out in a buffer the next
  // id reuses).
  template <class Visit>
  void for_each_id(Visit&& visit) const {
    std::string numbered;
    for (std::size_t at = 0; at < ids.size();) {
      const std::uint64_t head = get_number(ids, at);
      if ((head & 1) == 0) {
        const auto n = static_cast<std::size_t>(head / 2);
        visit(std::string_view(ids).substr(at, n));
        at += n;
        continue;
      }
      render_numeric_id(id_pattern_.prefix, id_pattern_.digits, static_cast<std::uint32_t>(head / 2),
                        numbered);
      visit(std::string_view(numbered));
    }
  }

  template <class Flags>
  void add_joint(std::string_view kind, std::string_view ref, std::string_view subtype,
                 const Flags& flags, std::uint16_t position, std::uint32_t member) {
    put_text(joint, kind);
    put_text(joint, ref);
    put_text(joint, subtype);
    put_number(joint, flags.size());
    for (const auto& flag : flags) put_text(joint, flag);
    put_number(joint, position);
    put_number(joint, member);
  }
  template <class Visit>
  void for_each_joint(Visit&& visit) const {
    Joint row;
    for (std::size_t at = 0; at < joint.size();) {
      row.kind = get_text(joint, at);
      row.ref = get_text(joint, at);
      row.subtype = get_text(joint, at);
      row.flags.resize(static_cast<std::size_t>(get_number(joint, at)));
      for (auto& flag : row.flags) flag = get_text(joint, at);
      row.position = static_cast<std::uint16_t>(get_number(joint, at));
      row.member = static_cast<std::uint32_t>(get_number(joint, at));
      visit(static_cast<const Joint&>(row));
    }
  }

 private:
  NumericIdPattern id_pattern_;  // the first id's

  static void put_number(std::string& out, std::uint64_t n) {
    for (;; n >>= 7) {
      out += static_cast<char>((n & 0x7f) | (n >= 0x80 ? 0x80 : 0));
      if (n < 0x80) break;
    }
  }
  static void put_text(std::string& out, std::string_view text) {
    put_number(out, text.size());
    out.append(text.data(), text.size());
  }
  static std::uint64_t get_number(std::string_view in, std::size_t& at) {
    std::uint64_t n = 0;
    for (int shift = 0;; shift += 7) {
      const auto byte = static_cast<unsigned char>(in[at++]);
      n |= static_cast<std::uint64_t>(byte & 0x7f) << shift;
      if ((byte & 0x80) == 0) return n;
    }
  }
  static std::string_view get_text(std::string_view in, std::size_t& at) {
    const auto n = static_cast<std::size_t>(get_number(in, at));
    const std::string_view text = in.substr(at, n);
    at += n;
    return text;
  }
};

// One part of a records file as read: its rows in a builder of their own,
// its messages and rejected rows with lines counted from span.first_line.
// Cache lines of its own: parts are filled on threads at once.
struct alignas(64) RecordPart {
  explicit RecordPart(std::size_t member_count) : builder(member_count) {}

  PartSpan span;
  RecordBatchBuilder builder;
  Problems problems;
  std::vector<RejectedRow> rejected;  // keep-going mode
  std::size_t rows_read = 0;
  std::size_t rows_accepted = 0;
  // The office readers': where the part's rows end in a CSV file's text
  // (0: unknown), to foresee the rows of the rest.
  std::uint64_t text_end = 0;
  LeftOutRows left_out;  // read after the fact only
  // Read after the fact, the part found something only a reading in order
  // words right (a row refused by its builder's limits, a joint row naming
  // a flag twice).
  bool needs_order = false;
};

// The rules for one records row, for sources other than CSV text (a
// workbook, an office's layout): the row's cells in the interchange order
// (kRecordId .. kQuantity, as `file.cols` reads them), checked, worded and
// placed (through file.places) exactly as a CSV row's, the record added to
// part.builder when there is no error. The cells must be valid UTF-8.
class RecordRowRules {
 public:
  RecordRowRules(const RecordFile& file, InOrderChecks* in_order);
  ~RecordRowRules();
  RecordRowRules(const RecordRowRules&) = delete;
  RecordRowRules& operator=(const RecordRowRules&) = delete;

  // Whether the record was added; `ok` false: the source found an error in
  // the row already, so it is checked but not added.
  bool read(const std::vector<std::string_view>& cells, std::uint32_t line, Problems& sink,
            RecordPart& part, bool ok);

 private:
  struct Rows;
  std::unique_ptr<Rows> rows_;
};

// Reads the rows of `text` starting in [start, limit), lines counted from
// first_line, into a part: after the fact when `in_order` is null, else
// checked against the rows before through it (then the part must begin at
// the body's start and be read to its end).
std::unique_ptr<RecordPart> read_record_part(const RecordFile& file, std::string_view text,
                                             std::size_t start, std::size_t limit,
                                             std::uint32_t first_line, InOrderChecks* in_order);

// The rows starting in [span.start, limit) of `text` into `part`, lines
// counted from span.first_line (read_record_part()'s reading): how one part
// takes a file's body window after window, in order, when the whole text
// is never held at once. `span` is set as CsvRows::scan() sets it.
void read_record_rows(const RecordFile& file, std::string_view text, std::size_t limit,
                      InOrderChecks* in_order, PartSpan& span, RecordPart& part);

// The parts' rows as one batch, on `threads` threads, when checking it
// finds nothing a reading in order would report about one row from the
// rows before it: no row refused for the batch's limits, no id twice (the
// rows left out included), joint items whose rows agree. Nothing when
// something is found (the file is then to be read in order); the parts'
// builders are emptied either way.
std::optional<RecordBatch> combine_parts(const std::vector<std::unique_ptr<RecordPart>>& parts,
                                         unsigned threads);

// Room in `appender`, before its first rows go in, for every row to come:
// `rows` took `done` of the `all` bytes there are, the rest foreseen by
// them, an eighth more, for the rows and their refs (the appender's columns
// and ref table then need no regrowth). Nothing when `done` or `all` is 0.
void reserve_by_bytes(RecordBatchAppender& appender, std::size_t rows, std::uint64_t done,
                      std::uint64_t all);

// combine_parts() for parts whose rows were appended as they were read:
// `appended` holds them all, the parts their messages and left-out rows.
std::optional<RecordBatch> finish_parts(RecordBatchAppender& appended,
                                        const std::vector<std::unique_ptr<RecordPart>>& parts,
                                        unsigned threads);

}  // namespace dutyscore::detail
