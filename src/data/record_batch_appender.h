// Internal: RecordBatchBuilder::combine() for parts that come a few at a
// time, so that a records file read window by window holds its rows once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "dutyscore/record_batch.h"

namespace dutyscore {

// Rows that come member by member in the members' index order (a file
// listed member by member, as office exports and the generated data are)
// go straight into the batch's narrow columns as each part is read. The
// rows that do not (a joint item's other members, listed with its first
// member's rows; or every row of a file in no order) wait aside, in wide
// columns, and are merged into their members' places at the end, within
// the batch's own columns. The batch is the one combine() makes of the
// same parts in the same order.
class RecordBatchAppender {
 public:
  explicit RecordBatchAppender(std::size_t member_count);
  ~RecordBatchAppender();
  RecordBatchAppender(const RecordBatchAppender&) = delete;
  RecordBatchAppender& operator=(const RecordBatchAppender&) = delete;

  // Rows expected in all, so that the columns are not regrown. Room that
  // stays unused is address space, not memory: pages never written are
  // never resident.
  void reserve(std::size_t rows);

  // Refs expected in all (distinct ones, kAbsent included), as reserve()
  // the rows: their table is sized once instead of rehashed at each
  // doubling, ever more slowly, while the other threads wait. The room is
  // made by the next append(), as one of its tasks: made here, its fresh
  // pages were faulted in on one thread while the others waited.
  void reserve_refs(std::size_t refs) { refs_wanted_ = refs; }
  // Distinct refs appended so far, kAbsent included.
  std::size_t refs() const;

  // Rows appended so far, in member order or aside.
  std::size_t size() const;
  std::size_t rows_aside() const;

  // Appends `parts` (consecutive runs of rows, in order, after the rows
  // appended before) on `threads` threads and empties their builders.
  // False, with `refused` saying why, when the rows cannot be held
  // together (as combine() would refuse them); the appender is then of no
  // further use.
  bool append(const std::vector<RecordBatchBuilder*>& parts, unsigned threads,
              std::string& refused);

  // The part's texts and classes into the batch's dictionaries now, ahead
  // of its append(): the one step of appending that must follow the parts'
  // order, done while later parts are still being read. Parts must come in
  // order, each after every part appended before it, and must then be
  // appended, in order; a part not merged ahead is merged by append(). False
  // when a limit is passed (append() then refuses the part).
  bool merge_codes(RecordBatchBuilder& part);

  // The batch: each member's rows together and sorted, item sizes
  // counted. The appender is of no further use.
  RecordBatch finish(unsigned threads);

  // True when every row appended has a numeric id above the id of the row
  // appended before it: then no two rows share an id, which the batch's
  // has_duplicate_ids() would otherwise find out by reading every id again.
  bool ids_rose() const { return ids_rose_; }

 private:
  // The rows aside to their members' places, in the columns' own room.
  void merge_aside(unsigned threads);
  // Every row into `builder` as a part for combine() (text ids, which
  // merge_aside() does not move).
  void move_rows_to(RecordBatchBuilder& builder);

  RecordBatchBuilder rows_;   // rows in member order, in the batch's narrow columns
  RecordBatchBuilder aside_;  // the others, codes already rows_'s
  std::size_t member_count_;
  std::size_t next_member_ = 0;  // members before it have their first row set
  // Where the rows in member order have got to: whether a row is in
  // order, and the member of the last.
  struct MemberRun {
    bool started = false;
    MemberIndex current = 0;
    // Whether members[i] is in member order: a row of the member before
    // it, or the first of a new member's run (a later member, whose next
    // row is its too). A row of another member between (a joint item's
    // other members) goes aside.
    std::uint8_t keeps(const std::vector<MemberIndex>& members, std::size_t i) {
      const MemberIndex m = members[i];
      if (started && m == current) return 1;
      if ((!started || m > current) && i + 1 < members.size() && members[i + 1] == m) {
        started = true;
        current = m;
        return 1;
      }
      return 0;
    }
    // The same state: every later row is judged alike.
    bool operator==(const MemberRun& o) const {
      return started == o.started && (!started || current == o.current);
    }
  };
  MemberRun run_;
  std::size_t refs_wanted_ = 0;  // reserve_refs() for the next append()
  Day base_ = 0;                 // days in rows_ count from base_ until finish()
  bool ids_rose_ = true;         // see ids_rose()
  std::uint32_t last_id_ = 0;    // of the last row appended, if any
};

}  // namespace dutyscore
