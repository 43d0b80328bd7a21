// Keep-going mode: bad rows are left out, kept in a quarantine with their
// reason, and counted, so that rows read = rows scored + rows rejected.
// Without the option nothing changes: any bad row stops the run.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <unistd.h>

#include "dutyscore/csv.h"
#include "dutyscore/input.h"
#include "test_support.h"

namespace dutyscore {
namespace {

const char* const kMembers = "member_id,name,joined,left\nM1,A,2020-01-01,\nM2,B,,\n";
const char* const kHeader = testing::kRecordsHeader;

MemberTable members() {
  Problems problems;
  return *read_members(kMembers, "m.csv", problems);
}

InputOptions keep_going() {
  InputOptions options;
  options.keep_going = true;
  return options;
}

TEST(Quarantine, ByDefaultOneBadRowMeansNothingIsReturned) {
  const std::string text = std::string(kHeader) +
                           "R1,M1,2024-03-01,meeting,plenary,present,,,,,\n"
                           "R2,M9,2024-03-01,meeting,plenary,present,,,,,\n";
  Problems problems;
  Quarantine quarantine;
  EXPECT_FALSE(read_records(text, "r.csv", members(), InputOptions{}, problems, &quarantine));
  EXPECT_EQ(problems.error_count(), 1u);
  EXPECT_TRUE(quarantine.rejected.empty());
}

TEST(Quarantine, KeepGoingScoresTheGoodRowsAndAccountsForEveryRow) {
  const std::string text = std::string(kHeader) +
                           "R1,M1,2024-03-01,meeting,plenary,present,,,,,\n"
                           "R2,M9,2024-03-01,meeting,plenary,present,,,,,\n"  // unknown member
                           "R3,M1,2024-02-30,meeting,plenary,present,,,,,\n"  // bad date
                           "R4,M1,2024-03-01,meeting\n"                        // too few cells
                           "R1,M2,2024-03-02,meeting,plenary,present,,,,,\n"  // duplicate id
                           "R5,M2,2024-03-02,meeting,plenary,present,,,,,\n";
  Problems problems;
  Quarantine quarantine;
  const auto batch = read_records(text, "r.csv", members(), keep_going(), problems, &quarantine);
  ASSERT_TRUE(batch.has_value());
  EXPECT_FALSE(problems.has_errors());
  EXPECT_EQ(batch->size(), 2u);
  EXPECT_EQ(quarantine.rows_read, 6u);
  EXPECT_EQ(quarantine.rows_accepted, 2u);
  ASSERT_EQ(quarantine.rejected.size(), 4u);
  EXPECT_TRUE(quarantine.balanced());
  EXPECT_EQ(quarantine.rejected[0].line, 3u);
  EXPECT_EQ(quarantine.rejected[0].reason, "member_id: member 'M9' is not in the members file");
  EXPECT_EQ(quarantine.rejected[0].row, "R2,M9,2024-03-01,meeting,plenary,present,,,,,");
  EXPECT_EQ(quarantine.rejected[2].row, "R4,M1,2024-03-01,meeting");
  EXPECT_EQ(quarantine.rejected[3].reason, "record_id: record id 'R1' already used on line 2");
  // Every reason was also reported, as a warning with its place.
  EXPECT_EQ(problems.all().size(), 4u);
}

TEST(Quarantine, KeepGoingLeavesOutBadMembersAndDuplicates) {
  Problems problems;
  Quarantine quarantine;
  const auto table = read_members("member_id,joined\nM1,2020-01-01\nM1,2020-01-01\nM2,2020-13-01\nM3,\n",
                                  "m.csv", keep_going(), problems, &quarantine);
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(table->size(), 2u);
  EXPECT_EQ(quarantine.rows_read, 4u);
  EXPECT_EQ(quarantine.rejected.size(), 2u);
  EXPECT_TRUE(quarantine.balanced());
}

TEST(Quarantine, AFileWithoutItsRequiredColumnsStillStopsTheRun) {
  Problems problems;
  Quarantine quarantine;
  EXPECT_FALSE(read_records("record_id,member_id\nR1,M1\n", "r.csv", members(), keep_going(),
                            problems, &quarantine));
  EXPECT_TRUE(problems.has_errors());
}

TEST(Quarantine, CsvNeutralisesFormulasFromTheRejectedRows) {
  Quarantine quarantine;
  quarantine.rejected.push_back(RejectedRow{"r.csv", 7, "bad", "=HYPERLINK(\"x\"),M1"});
  EXPECT_EQ(quarantine_csv(quarantine),
            "file,line,reason,row\nr.csv,7,bad,\"'=HYPERLINK(\"\"x\"\"),M1\"\n");
}

// Rows of some hundreds of bytes, as a national file's rejected rows are.
RejectedRow rejected_row(std::uint32_t line) {
  return RejectedRow{"records.csv", line, "member_id: member 'M" + std::to_string(line) +
                                              "' is not in the members file",
                     "R" + std::to_string(line) + ",M" + std::to_string(line) + "," +
                         std::string(200, 'x')};
}

TEST(Quarantine, SpooledRowsGiveTheCsvOfRowsKeptAndAreTakenBackToAMark) {
  Quarantine kept, spooled;
  std::string why;
  ASSERT_TRUE(spooled.spool(why)) << why;
  kept.add(RejectedRow{"m.csv", 2, "=bad", "M1,\"a,b\""});  // before spooling: kept
  spooled.rejected.push_back(RejectedRow{"m.csv", 2, "=bad", "M1,\"a,b\""});
  for (std::uint32_t line = 2; line < 5; ++line) {
    kept.add(rejected_row(line));
    spooled.add(rejected_row(line));
  }
  EXPECT_TRUE(spooled.rejected.size() == 1 && spooled.rows_rejected() == 4u);
  // Taken back from rows not written yet, then from rows written (more
  // than the MiB the spool holds before it writes).
  Quarantine::Mark mark = spooled.mark();
  for (std::uint32_t line = 5; line < 8; ++line) spooled.add(rejected_row(line));
  spooled.take_back(mark);
  EXPECT_EQ(spooled.rows_rejected(), 4u);
  for (std::uint32_t line = 100; line < 10100; ++line) spooled.add(rejected_row(line));
  spooled.take_back(mark);
  EXPECT_EQ(spooled.rows_rejected(), 4u);
  for (std::uint32_t line = 5; line < 12000; ++line) {
    kept.add(rejected_row(line));
    spooled.add(rejected_row(line));
    if (line == 6000) mark = spooled.mark();
  }
  EXPECT_EQ(spooled.rejected.size(), 1u);
  EXPECT_EQ(spooled.rows_rejected(), kept.rows_rejected());
  EXPECT_EQ(quarantine_csv(spooled), quarantine_csv(kept));
  spooled.take_back(mark);
  kept.rejected.resize(kept.rejected.size() - (12000 - 6001));
  EXPECT_EQ(quarantine_csv(spooled), quarantine_csv(kept));
  EXPECT_EQ(spooled.rows_rejected(), kept.rows_rejected());
  // Moved, it is the same.
  Quarantine moved = std::move(spooled);
  EXPECT_EQ(quarantine_csv(moved), quarantine_csv(kept));
}

TEST(Quarantine, CountedOnlyOrWithoutAFolderForTheSpool) {
  Quarantine counted;
  counted.count_only();
  counted.rows_read = 3;
  counted.add(rejected_row(2));
  counted.add(rejected_row(3));
  EXPECT_EQ(counted.rows_rejected(), 2u);
  EXPECT_TRUE(counted.rejected.empty());
  EXPECT_EQ(quarantine_csv(counted), "file,line,reason,row\n");
  counted.rows_accepted = 1;
  EXPECT_TRUE(counted.balanced());
  Quarantine nowhere;
  std::string why;
  EXPECT_FALSE(nowhere.spool(why, "/nonexistent/folder"));
  EXPECT_NE(why.find("cannot make a temporary file in /nonexistent/folder: "), std::string::npos)
      << why;
  nowhere.add(rejected_row(2));  // kept, as without a spool
  EXPECT_EQ(nowhere.rejected.size(), 1u);
}

TEST(Quarantine, KeepGoingWithASpoolReadsAsWithout) {
  // A duplicate id makes the file be read a second time, in order: the
  // rows the first reading spooled are taken back, not given twice.
  std::string text(kHeader);
  for (int i = 0; i < 4000; ++i)
    text += "R" + std::to_string(i % 1000 == 999 ? 5 : i) + "," + (i % 3 == 0 ? "M9" : "M1") +
            ",2024-03-01,meeting,plenary,present,,,,,\n";
  const std::string dir = (std::filesystem::temp_directory_path() /
                           ("dutyscore-quarantine-spool-" + std::to_string(::getpid())))
                              .string();
  std::filesystem::create_directories(dir);
  const std::string path = dir + "/r.csv";
  std::ofstream(path, std::ios::binary) << text;
  for (const std::size_t part_bytes : {std::size_t{0}, std::size_t{512}}) {
    InputOptions options = keep_going();
    options.threads = 2;
    options.part_bytes = part_bytes;
    Problems kept_problems, spooled_problems;
    Quarantine kept, spooled;
    std::string why;
    ASSERT_TRUE(spooled.spool(why, dir)) << why;
    const auto a = read_records_file(path, members(), options, kept_problems, &kept);
    const auto b = read_records_file(path, members(), options, spooled_problems, &spooled);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->size(), b->size());
    EXPECT_EQ(kept.rejected.size(), 1334u + 2u);  // M9's rows, two more R5s
    EXPECT_TRUE(spooled.rejected.empty());
    EXPECT_EQ(spooled.rows_rejected(), kept.rows_rejected());
    EXPECT_TRUE(spooled.balanced());
    EXPECT_EQ(quarantine_csv(spooled), quarantine_csv(kept));
  }
  // The spool was unlinked at once: nothing is left in the folder.
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir),
                          std::filesystem::directory_iterator{}),
            1);
  std::filesystem::remove_all(dir);
}

TEST(JointItems, RowsOfOneItemMustAgreeOnSubtypeFlagsAndPositions) {
  const std::string text = std::string(kHeader) +
                           "R1,M1,2024-03-01,proposal,joint,,P1,1,,filed;adopted,\n"
                           "R2,M2,2024-03-01,proposal,joint,,P1,2,,adopted;filed,\n"  // same flags
                           "R3,M1,2024-03-01,proposal,joint,,P2,1,,,\n"
                           "R4,M2,2024-03-01,proposal,joint,,P2,1,,,\n"                // position 1 twice
                           "R5,M1,2024-03-01,activity,research,,P1,1,,,\n";           // another kind
  Problems problems;
  EXPECT_FALSE(read_records(text, "r.csv", members(), problems));
  ASSERT_EQ(problems.all().size(), 1u);
  EXPECT_EQ(problems.all()[0].where.line, 5);
  EXPECT_EQ(problems.all()[0].where.field, "position");
}

TEST(ServiceDates, RecordsOutsideServiceAreWarningsNotErrors) {
  const std::string text = std::string(kHeader) + "R1,M1,2019-12-31,meeting,plenary,present,,,,,\n" +
                           "R2,M1,2020-01-01,meeting,plenary,present,,,,,\n";
  Problems problems;
  EXPECT_TRUE(read_records(text, "r.csv", members(), problems).has_value());
  ASSERT_EQ(problems.all().size(), 1u);
  EXPECT_EQ(problems.all()[0].severity, Severity::Warning);
  EXPECT_EQ(problems.all()[0].where.line, 2);
}

TEST(SafeCsv, CellsThatASpreadsheetWouldRunAreNeutralised) {
  const auto cell = [](std::string_view text) {
    std::string out;
    append_safe_csv_cell(out, text);
    return out;
  };
  EXPECT_EQ(cell("=1+2"), "'=1+2");
  EXPECT_EQ(cell("+86 138"), "'+86 138");
  EXPECT_EQ(cell("-3"), "'-3");
  EXPECT_EQ(cell("@SUM(A1)"), "'@SUM(A1)");
  EXPECT_EQ(cell("\tx"), "'\tx");
  EXPECT_EQ(cell("\rx"), "\"'\rx\"");
  EXPECT_EQ(cell("=a,b"), "\"'=a,b\"");
  EXPECT_EQ(cell("a=b"), "a=b");
  EXPECT_EQ(cell("王一"), "王一");
  EXPECT_EQ(cell(""), "");
}

}  // namespace
}  // namespace dutyscore
