#include "input/members_parallel.h"

#include <exception>
#include <string>
#include <thread>
#include <vector>

#include "input/input_rows.h"
#include "input/plain_csv.h"

namespace dutyscore {
namespace {

using namespace input_rows;

// A members row, its cells checked as the serial reader checks them.
struct Row {
  std::string_view id, name, unit, sector, group, roles;
  std::optional<Day> joined, left;
};

// A non-empty date cell; false when it is not a date.
bool date_cell(std::string_view cell, std::optional<Day>& day) {
  if (cell.empty()) return true;
  day = parse_day(cell);
  return day.has_value();
}

// Splits and checks the rows of one chunk; false when a row would have a
// message.
bool read_chunk(std::string_view chunk, const Columns& cols, std::size_t columns,
                std::vector<Row>& rows) {
  rows.reserve(chunk.size() / 64);
  std::vector<std::string_view> cells(columns);
  const char* const limit = chunk.data() + chunk.size();
  std::uint32_t lines = 0;
  return plain_csv::for_each_line(chunk, lines, [&](const char* p, const char* end) {
    if (!plain_csv::split(p, end, limit, cells)) return false;
    Row row;
    row.id = cols.cell(cells, kMemberId);
    if (row.id.empty() || !date_cell(cols.cell(cells, kJoined), row.joined) ||
        !date_cell(cols.cell(cells, kLeft), row.left) ||
        (row.joined && row.left && *row.left < *row.joined))
      return false;
    row.name = cols.cell(cells, kName);
    row.unit = cols.cell(cells, kUnit);
    row.sector = cols.cell(cells, kSector);
    row.group = cols.cell(cells, kGroup);
    row.roles = cols.cell(cells, kRoles);
    rows.push_back(row);
    return true;
  });
}

}  // namespace

std::optional<MemberTable> read_members_parallel(std::string_view text, unsigned threads) {
  const auto cut = plain_csv::cut(text, threads);
  if (!cut) return std::nullopt;
  Columns cols = member_columns();
  cols.read_header(cut->header);
  if (!cols.has(kMemberId)) return std::nullopt;
  const std::size_t parts = cut->chunks.size();
  std::vector<std::vector<Row>> rows(parts);
  std::vector<char> read_ok(parts, 0);
  const auto read = [&](std::size_t k) {
    try {
      read_ok[k] = read_chunk(cut->chunks[k], cols, cut->header.size(), rows[k]);
    } catch (const std::exception&) {
      read_ok[k] = 0;
    }
  };
  {
    std::vector<std::thread> workers;
    for (std::size_t k = 1; k < parts; ++k) workers.emplace_back(read, k);
    read(0);
    for (auto& w : workers) w.join();
  }
  for (const char ok : read_ok) {
    if (!ok) return std::nullopt;
  }

  // The table is built in file order: indices, codes and the duplicate
  // check are the serial reader's.
  MemberTable table;
  std::vector<std::string_view> parts_of_roles;
  std::vector<std::string> roles;
  for (const auto& chunk_rows : rows) {
    for (const Row& row : chunk_rows) {
      split_list(row.roles, parts_of_roles);
      roles.clear();
      for (const auto part : parts_of_roles) {
        // One distinct role too many: the serial reader reports it.
        if (table.role_names().find(part) == kAbsent && table.role_names().size() >= 64)
          return std::nullopt;
        roles.emplace_back(part);
      }
      // A duplicate id: the serial reader reports it.
      if (!table.add(row.id, row.name, row.unit, row.sector, row.group, roles, row.joined,
                     row.left))
        return std::nullopt;
    }
  }
  return table;
}

}  // namespace dutyscore
