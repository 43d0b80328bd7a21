// The members' service screen (src/input/service_screen.h): it may only
// ever say "inside" of a record that is, and the records reader still warns
// of exactly the rows dated outside a member's service, whichever members
// it screens, a joint item's other members (rows out of turn) included.
#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dutyscore/input.h"
#include "dutyscore/members.h"
#include "dutyscore/period.h"
#include "input/service_screen.h"

namespace dutyscore {
namespace {

Day day(const char* text) { return *parse_day(text); }

std::string member_id(int m) {
  std::string digits = std::to_string(m);
  return "M" + std::string(5 - digits.size(), '0') + digits;
}

// Member m's service: some without a joined day, most joined before 2025,
// one in ten late in 2025 and one in ten leaving in March 2025.
struct Service {
  std::optional<Day> joined, left;
};
Service service_of(int m) {
  Service s;
  if (m % 10 != 5) s.joined = day(m % 10 == 3 ? "2025-07-01" : "2023-01-05");
  if (m % 10 == 3 && m % 20 == 13) s.joined = day("2024-11-30");
  if (m % 10 == 7) s.left = day("2025-03-31");
  return s;
}

MemberTable table(int members) {
  MemberTable t;
  for (int m = 0; m < members; ++m) {
    const Service s = service_of(m);
    EXPECT_TRUE(t.add(member_id(m), "名", "单位", "科技界", "一组", {"member"}, s.joined, s.left));
  }
  return t;
}

bool inside(const Service& s, Day d) {
  return (!s.joined || d >= *s.joined) && (!s.left || d <= *s.left);
}

TEST(ServiceScreen, SaysInsideOnlyOfRecordsInsideAndOfMostMembers) {
  const int members = 20000;
  const MemberTable t = table(members);
  const detail::ServiceScreen screen(t);
  // Seven in eight of those without a left day had joined by 2023-01-05
  // (the late joiners are one in nine of them): that day.
  EXPECT_EQ(screen.from(), day("2023-01-05"));
  std::size_t screened = 0;
  for (int m = 0; m < members; ++m) {
    const Service s = service_of(m);
    for (Day d = day("2022-12-01"); d <= day("2026-01-31"); d += 7) {
      if (screen.surely_inside(static_cast<MemberIndex>(m), d)) {
        ASSERT_TRUE(inside(s, d)) << member_id(m) << " on day " << d;
      }
    }
    screened += screen.surely_inside(static_cast<MemberIndex>(m), day("2025-06-01"));
  }
  // Everyone but the late joiners and the leavers.
  EXPECT_EQ(screened, static_cast<std::size_t>(members) / 10 * 8);
  // Before the day, or for a member the table does not have: never.
  EXPECT_FALSE(screen.surely_inside(0, day("2023-01-04")));
  EXPECT_FALSE(screen.surely_inside(members, day("2025-06-01")));
  EXPECT_FALSE(screen.surely_inside(std::numeric_limits<MemberIndex>::max(),
                                    std::numeric_limits<Day>::max()));
}

TEST(ServiceScreen, TablesWhereNoneOrAllAreScreened) {
  MemberTable left, open;
  for (int m = 0; m < 300; ++m) {
    ASSERT_TRUE(left.add(member_id(m), "名", "", "", "", {}, day("2023-01-05"), day("2027-01-01")));
    ASSERT_TRUE(open.add(member_id(m), "名", "", "", "", {}, std::nullopt, std::nullopt));
  }
  // Everyone has a left day: no one is screened, at any day.
  const detail::ServiceScreen none(left);
  for (const Day d : {std::numeric_limits<Day>::min(), day("2025-06-01"),
                      std::numeric_limits<Day>::max()})
    for (MemberIndex m = 0; m < 300; ++m) ASSERT_FALSE(none.surely_inside(m, d));
  // No one has a date: everyone, at any day.
  const detail::ServiceScreen all(open);
  for (const Day d : {std::numeric_limits<Day>::min(), day("2025-06-01")})
    for (MemberIndex m = 0; m < 300; ++m) ASSERT_TRUE(all.surely_inside(m, d));
  // An empty table.
  const detail::ServiceScreen empty{MemberTable{}};
  EXPECT_FALSE(empty.surely_inside(0, std::numeric_limits<Day>::max()));
}

TEST(ServiceScreen, FromIsTheDayBySevenInEightHadJoined) {
  // 800 members (all of them sampled), joined a day apart, every third
  // with a left day (not counted): of the others, the one at 7/8.
  MemberTable t;
  std::vector<Day> open;
  for (int m = 0; m < 800; ++m) {
    const Day joined = day("2023-01-01") + (m * 37) % 800;
    const std::optional<Day> left =
        m % 3 == 0 ? std::optional<Day>(day("2026-01-01")) : std::nullopt;
    ASSERT_TRUE(t.add(member_id(m), "名", "", "", "", {}, joined, left));
    if (!left) open.push_back(joined);
  }
  std::sort(open.begin(), open.end());
  const detail::ServiceScreen screen(t);
  EXPECT_EQ(screen.from(), open[(open.size() - 1) * 7 / 8]);
  for (int m = 0; m < 800; ++m) {
    const Day joined = day("2023-01-01") + (m * 37) % 800;
    EXPECT_EQ(screen.surely_inside(static_cast<MemberIndex>(m), screen.from()),
              m % 3 != 0 && joined <= screen.from())
        << m;
  }
}

TEST(ServiceScreen, TheReaderWarnsOfExactlyTheRowsOutsideService) {
  // Each member's three records, then one of another member (a joint
  // item's other participant, in no order): that member's one such row.
  // Half the late joiners joined before the records (they are not
  // screened, but inside).
  const int members = 2000;
  const MemberTable t = table(members);
  const char* const own_days[] = {"2025-02-15", "2025-06-15", "2025-11-15"};
  std::string text = "record_id,member_id,date,kind,subtype,status,ref,position,level,flags,quantity\n";
  std::set<int> outside_lines;
  int line = 1, record = 0;
  const auto add_row = [&](int m, const std::string& date) {
    ++line;
    text += "R" + std::to_string(100000 + ++record) + "," + member_id(m) + "," + date +
            ",meeting,plenary,present,,,,,\n";
    if (!inside(service_of(m), *parse_day(date))) outside_lines.insert(line);
  };
  for (int m = 0; m < members; ++m) {
    for (const char* d : own_days) add_row(m, d);
    // Before the screen's day: outside for those who joined, not for those
    // without a joined day.
    if (m % 25 == 0) add_row(m, "2022-12-20");
    const int month = 1 + m % 12;
    add_row((m * 7 + 3) % members,
            "2025-" + std::string(month < 10 ? "0" : "") + std::to_string(month) + "-20");
  }
  // No member has more than Problems::kKeptPerGroup such rows: all are kept.
  ASSERT_GT(outside_lines.size(), 800u);
  for (const unsigned threads : {1u, 2u}) {
    for (const std::size_t part_bytes : {std::size_t{0}, std::size_t{4096}}) {
      SCOPED_TRACE("threads " + std::to_string(threads) + ", part bytes " +
                   std::to_string(part_bytes));
      InputOptions options;
      options.threads = threads;
      options.part_bytes = part_bytes;
      Problems problems;
      const auto batch = read_records(text, "records.csv", t, options, problems);
      ASSERT_TRUE(batch.has_value());
      EXPECT_EQ(batch->size(), static_cast<std::size_t>(record));
      std::set<int> warned;
      for (const Problem& p : problems.all()) {
        ASSERT_EQ(p.severity, Severity::Warning) << p.message;
        ASSERT_EQ(p.group.rfind("outside-service:", 0), 0u) << p.group;
        warned.insert(p.where.line);
      }
      EXPECT_EQ(problems.not_kept(), 0u);
      EXPECT_EQ(warned, outside_lines);
    }
  }
}

}  // namespace
}  // namespace dutyscore
