// Keep-going mode's account of the rows it left out: each rejected row with
// its reasons, kept in memory, written to a temporary file as it is known,
// or only counted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <string>
#include <vector>

namespace dutyscore {

// A row left out in keep-going mode, with every reason found for it.
struct RejectedRow {
  std::string file;
  std::uint32_t line = 0;
  std::string reason;  // the problems' messages, "; "-separated
  std::string row;     // the row as it was read, cells joined as CSV
};

// Accounting for one or more input files read in keep-going mode:
// rows_read == rows_accepted + rows_rejected() after every read. Without
// keep-going it is left untouched (a bad row then stops the run).
//
// By default every rejected row is kept in `rejected`: some 600 bytes a
// row with its strings, so a national file whose every row is left out (a
// members file of another year, an export with another date form) would
// need tens of gigabytes. spool() writes them to a temporary file instead,
// as they are known; count_only() keeps only their number.
class Quarantine {
 public:
  std::size_t rows_read = 0;
  std::size_t rows_accepted = 0;
  // The rows left out, in the files' order; those rejected after spool()
  // or count_only() are not here.
  std::vector<RejectedRow> rejected;

  Quarantine();
  ~Quarantine();
  Quarantine(Quarantine&&) noexcept;
  Quarantine& operator=(Quarantine&&) noexcept;

  // The rows rejected from now on go to a temporary file in `directory`
  // (empty: $TMPDIR, or /tmp), one with no name that goes with the
  // quarantine, as quarantine_csv()'s lines. False, with `why`, when no
  // such file could be made: the rows are then kept in `rejected`.
  bool spool(std::string& why, const std::string& directory = {});
  // The rows rejected from now on are counted and dropped (a check that
  // only says how many rows have a problem).
  void count_only();

  // Adds a row: to `rejected`, the spool, or the count.
  void add(RejectedRow row);
  std::size_t rows_rejected() const;
  bool balanced() const { return rows_read == rows_accepted + rows_rejected(); }

  // Where the rows added so far end, and going back there: a records file
  // that must be read a second time, in order, gives its rows again.
  struct Mark {
    std::size_t kept = 0;
    std::size_t counted = 0;
    std::uint64_t spooled_bytes = 0;
  };
  Mark mark() const;
  void take_back(const Mark& mark);

  // quarantine_csv()'s text written to `out`, the spooled rows after those
  // kept; false, with `why`, when the spool could not be written or read
  // again (a full disk): some rejected rows would be missing.
  bool write_csv(std::ostream& out, std::string& why) const;

 private:
  struct Spool;
  std::unique_ptr<Spool> spool_;
  std::size_t counted_ = 0;  // count_only()'s rows, and the spool's
  bool counted_only_ = false;
};

// "file,line,reason,row" CSV of the rejected rows (text cells neutralised
// for spreadsheets), header included. Throws std::runtime_error when the
// spool cannot be read (write_csv()'s false).
std::string quarantine_csv(const Quarantine& quarantine);

}  // namespace dutyscore
