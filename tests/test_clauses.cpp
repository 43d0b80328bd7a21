// Boundary tests, one clause of docs/rules.md each, on the exact day, the
// exact half and the exact limit where a plausible slip in the engine
// would change the result. Every expected value is worked out by hand in
// the comment beside it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "dutyscore/commendation.h"
#include "dutyscore/evaluate.h"
#include "committee.h"
#include "test_support.h"

namespace dutyscore {
namespace {

constexpr const char* kMembersHeader = "member_id,name,unit,sector,group,roles,joined,left\n";

// A committee written inline: rule YAML, members rows and records rows
// (without their headers), scored over `period`. Every test's audits are
// checked to add up to the totals and subtotals when it ends.
class Committee : public testing::Committee {
 public:
  Committee(const std::string& yaml, const std::string& members, const std::string& records,
            Period period)
      : testing::Committee(yaml, records, period, kMembersHeader + members) {}
  ~Committee() { expect_audits_add_up(); }
};

const Period k2024 = Period::calendar_year(2024);  // a leap year: 366 days
const Period k2025 = Period::calendar_year(2025);  // 365 days

std::string member_row(const std::string& id, const std::string& joined, const std::string& left) {
  return id + ",委员" + id + ",u,教育界,一组,member," + joined + "," + left + "\n";
}

// `count` records of one kind for a member, all on one day.
std::string records_of(const std::string& member, const std::string& day, const char* kind,
                       int count) {
  std::string rows;
  for (int i = 0; i < count; ++i)
    rows += member + "-" + kind + "-" + std::to_string(i) + "," + member + "," + day + "," + kind +
            ",,,,,,,\n";
  return rows;
}

// "1" followed by `precision` zeros: the units of one point.
std::string units_text(long long units, int precision) {
  std::string digits = std::to_string(units < 0 ? -units : units);
  if (precision > 0) {
    if (digits.size() <= static_cast<std::size_t>(precision))
      digits.insert(0, static_cast<std::size_t>(precision) + 1 - digits.size(), '0');
    digits.insert(digits.size() - static_cast<std::size_t>(precision), ".");
  }
  return (units < 0 ? "-" : "") + digits;
}

// ---------------------------------------------------------------- §12 step 2

// A two-participant item with `first: 1/2` gives each half of the points:
// 5 units become 2.5 units, which rounds half away from zero to 3 (half to
// even would give 2, half up toward +infinity -2 for the negative line).
TEST(LineRounding, HalfAwayFromZeroInBothSignsAtEveryPrecision) {
  for (int precision = 0; precision <= kMaxPrecision; ++precision) {
    const std::string five = units_text(5, precision), one = units_text(1, precision);
    Committee c("id: t\nprecision: " + std::to_string(precision) +
                    "\ncategories: [{id: plus}, {id: minus}, {id: small}]\nrules:\n"
                    "  - {id: p, category: plus, when: {kind: proposal}, points: " + five +
                    ", share: {first: 1/2}}\n"
                    "  - {id: m, category: minus, when: {kind: info}, points: -" + five +
                    ", share: {first: 1/2}}\n"
                    "  - {id: s, category: small, when: {kind: history}, points: " + one +
                    ", share: {first: 1/2}}\n",
                member_row("A", "2020-01-01", "") + member_row("B", "2020-01-01", ""),
                "1,A,2024-03-01,proposal,joint,,J1,1,,,\n2,B,2024-03-01,proposal,joint,,J1,2,,,\n"
                "3,A,2024-03-01,info,,,J2,1,,,\n4,B,2024-03-01,info,,,J2,2,,,\n"
                "5,A,2024-03-01,history,,,J3,1,,,\n6,B,2024-03-01,history,,,J3,2,,,\n",
                k2024);
    for (const char* id : {"A", "B"}) {
      EXPECT_EQ(c.subtotal(id, "plus"), 3) << "precision " << precision << " " << id;
      EXPECT_EQ(c.subtotal(id, "minus"), -3) << "precision " << precision << " " << id;
      EXPECT_EQ(c.subtotal(id, "small"), 1) << "precision " << precision << " " << id;  // 0.5 -> 1
    }
  }
}

// The example of §12 step 2: 1.665 -> 1.67 and -1.665 -> -1.67 (half to
// even would give 1.66 and -1.66).
TEST(LineRounding, TheDocsExampleOneSixSixFive) {
  Committee c(R"(
id: t
categories: [{id: plus}, {id: minus}]
rules:
  - {id: p, category: plus, when: {kind: charity}, points: 3.33, per_quantity: true}
  - {id: m, category: minus, when: {kind: charity}, points: -3.33, per_quantity: true}
)",
              member_row("A", "2020-01-01", ""), "1,A,2024-05-01,charity,volunteer,,,,,,0.5\n",
              k2024);
  EXPECT_EQ(c.subtotal("A", "plus"), 167);
  EXPECT_EQ(c.subtotal("A", "minus"), -167);
}

// The co-signers' share (1 - first) / (participants - 1) is rounded once,
// on the line: 10 x (1 - 1/2) / 4 = 1.25 exactly at precision 2, and at
// precision 1 it is 1.25 -> 1.3 (away from zero), not 1.2.
TEST(LineRounding, CoSignersShareIsRoundedOnceAtThePrecision) {
  const std::string item =
      "1,A,2024-03-01,proposal,joint,,J1,1,,,\n2,B,2024-03-01,proposal,joint,,J1,2,,,\n"
      "3,C,2024-03-01,proposal,joint,,J1,3,,,\n4,D,2024-03-01,proposal,joint,,J1,4,,,\n"
      "5,E,2024-03-01,proposal,joint,,J1,5,,,\n";
  std::string members;
  for (const char* id : {"A", "B", "C", "D", "E"}) members += member_row(id, "2020-01-01", "");
  Committee two("id: t\ncategories: [{id: c}]\nrules:\n  - {id: j, category: c, when: {kind: "
                "proposal}, points: 10, share: {first: 1/2}}\n",
                members, item, k2024);
  EXPECT_EQ(two.total("A"), 500);
  EXPECT_EQ(two.total("E"), 125);
  Committee one("id: t\nprecision: 1\ncategories: [{id: c}]\nrules:\n  - {id: j, category: c, "
                "when: {kind: proposal}, points: 10, share: {first: 1/2}}\n",
                members, item, k2024);
  EXPECT_EQ(one.total("E"), 13);
}

// ---------------------------------------------------------------- §12 step 5

// start + rules - penalties, then the maximum, then the floor. With start
// 10, a rule +8 and an unmet minimum -5 under max 12: 13, cut to 12 (the
// maximum taken before the penalty would give 12 - 5 = 7). With start 2, a
// rule -1 and the penalty: -4, raised to the floor 0 (the floor taken
// before the penalty would give -4).
TEST(CategoryOrder, MinimumPenaltiesComeBeforeTheMaximumAndTheFloor) {
  Committee c(R"(
id: t
categories:
  - {id: c, max: 12, floor: 0}
rules:
  - {id: plus, category: c, when: {kind: info}, points: 8}
  - {id: minus, category: c, when: {kind: meeting}, points: -1}
  - {id: start_high, category: c, when: {kind: history}, points: 10}
  - {id: start_low, category: c, when: {kind: honor}, points: 2}
minimums:
  - {id: one_study, when: {kind: study}, penalty: {points: 5, category: c}}
)",
              member_row("HIGH", "2020-01-01", "") + member_row("LOW", "2020-01-01", "") +
                  member_row("MID", "2020-01-01", ""),
              "1,HIGH,2024-02-01,history,,,,,,,\n2,HIGH,2024-02-02,info,,,,,,,\n"
              "3,LOW,2024-02-01,honor,,,,,,,\n4,LOW,2024-02-02,meeting,other,absent,,,,,\n"
              "5,MID,2024-02-01,history,,,,,,,\n6,MID,2024-02-02,meeting,other,absent,,,,,\n",
              k2024);
  EXPECT_EQ(c.total("HIGH"), 1200);  // 10 + 8 - 5 = 13 -> 12
  EXPECT_EQ(c.total("LOW"), 0);      // 2 - 1 - 5 = -4 -> 0
  EXPECT_EQ(c.total("MID"), 400);    // 10 - 1 - 5 = 4: neither bound
  const Audit audit = c.audit("HIGH");
  Points penalty = 0, cut = 0;
  for (const auto& line : audit.lines) {
    if (line.kind == AuditKind::MinimumUnmet) penalty += line.points;
    if (line.kind == AuditKind::CategoryMax) cut += line.points;
  }
  EXPECT_EQ(penalty, -500);
  EXPECT_EQ(cut, -100);
}

// The starting points count before the maximum too: start 20 with a
// penalty 5 under max 12 is 15 -> 12, not 12 - 5 = 7.
TEST(CategoryOrder, StartAndPenaltyAreAddedBeforeTheMaximumCuts) {
  Committee c(R"(
id: t
categories:
  - {id: c, start: 20, max: 12, floor: 0}
minimums:
  - {id: one_study, when: {kind: study}, penalty: {points: 5, category: c}}
)",
              member_row("A", "2020-01-01", ""), "", k2024);
  EXPECT_EQ(c.total("A"), 1200);
}

// ---------------------------------------------------------------- §4, §8 pro-rating

// Members who joined or left on the first, second, second-to-last and last
// day of the period. served = the days from max(joined, first) to
// min(left, last), both included.
struct Service {
  const char* id;
  const char* joined;
  const char* left;
  int served;         // days served
  int short_minimum;  // at_least whose pro-rated count drops if a day is lost
  int short_count;    //   that count, at_least x served / days rounded half up
  int long_minimum;   // at_least whose count grows if a day is added
  int long_count;
};

// 2024 (366 days). short: round(92 x 365/366 = 91.75) = 92 but
// round(92 x 364/366 = 91.49) = 91; long: round(184 x 365/366 = 183.497) =
// 183 but round(184 x 366/366) = 184; and so on, row by row.
const Service kService2024[] = {
    {"J1", "2024-01-01", "", 366, 184, 184, 1, 1},
    {"J2", "2024-01-02", "", 365, 92, 92, 184, 183},
    {"J30", "2024-12-30", "", 2, 92, 1, 61, 0},   // 92 x 2/366 = 0.503; 61 x 3/366 = 0.5
    {"J31", "2024-12-31", "", 1, 183, 1, 92, 0},  // 183/366 = 0.5 -> 1; 92 x 2/366 = 0.503
    {"L1", "2020-01-01", "2024-01-01", 1, 183, 1, 92, 0},
    {"L2", "2020-01-01", "2024-01-02", 2, 92, 1, 61, 0},
    {"L30", "2020-01-01", "2024-12-30", 365, 92, 92, 184, 183},
    {"L31", "2020-01-01", "2024-12-31", 366, 184, 184, 1, 1},
};

// 2025 (365 days).
const Service kService2025[] = {
    {"J1", "2025-01-01", "", 365, 183, 183, 1, 1},
    {"J2", "2025-01-02", "", 364, 92, 92, 183, 182},  // 183 x 364/365 = 182.499
    {"J30", "2025-12-30", "", 2, 92, 1, 61, 0},
    {"J31", "2025-12-31", "", 1, 183, 1, 92, 0},
    {"L1", "2020-01-01", "2025-01-01", 1, 183, 1, 92, 0},
    {"L2", "2020-01-01", "2025-01-02", 2, 92, 1, 61, 0},
    {"L30", "2020-01-01", "2025-12-30", 364, 92, 92, 183, 182},
    {"L31", "2020-01-01", "2025-12-31", 365, 183, 183, 1, 1},
};

// Each member has one record fewer than its `short` count (unmet: a lost
// day would make it met) and exactly its `long` count (met: an extra day
// would make it unmet). The pro-rated start of 3.66 (2024) or 3.65 (2025)
// points is served/100 exactly, so any day too many or too few shows.
// (Every minimum applies to every member; only a member's own two are
// checked, and their penalties go to another category.)
void check_prorating(const Service* service, std::size_t n, const Period& period,
                     const char* start, const char* year) {
  std::string yaml = "id: t\ncategories:\n  - {id: c, start: " + std::string(start) +
                     ", prorate_start: true}\n  - {id: p}\nminimums:\n";
  std::string members, records;
  for (std::size_t i = 0; i < n; ++i) {
    const Service& s = service[i];
    yaml += "  - {id: short_" + std::string(s.id) + ", when: {kind: study}, at_least: " +
            std::to_string(s.short_minimum) + ", prorate: true, penalty: {points: 1, category: p}}\n";
    yaml += "  - {id: long_" + std::string(s.id) + ", when: {kind: activity}, at_least: " +
            std::to_string(s.long_minimum) + ", prorate: true, penalty: {points: 1, category: p}}\n";
    members += member_row(s.id, s.joined, s.left);
    // A day the member served: the later of joined and the period's start.
    const std::string day = std::string(s.joined) > std::string(year) + "-01-01" ? s.joined
                                                                                 : std::string(year) + "-01-01";
    records += records_of(s.id, day, "study", s.short_count - 1);
    records += records_of(s.id, day, "activity", s.long_count);
  }
  Committee c(yaml, members, records, period);
  for (std::size_t i = 0; i < n; ++i) {
    const Service& s = service[i];
    EXPECT_TRUE(c.unmet(s.id, std::string("short_") + s.id)) << year << " " << s.id;
    EXPECT_FALSE(c.unmet(s.id, std::string("long_") + s.id)) << year << " " << s.id;
    EXPECT_EQ(c.subtotal(s.id, "c"), s.served) << year << " " << s.id;  // served/100 points
  }
}

TEST(ProRating, JoinedOrLeftOnTheFirstSecondAndLastTwoDaysOfALeapYear) {
  check_prorating(kService2024, std::size(kService2024), k2024, "3.66", "2024");
}

TEST(ProRating, JoinedOrLeftOnTheFirstSecondAndLastTwoDaysOfACommonYear) {
  check_prorating(kService2025, std::size(kService2025), k2025, "3.65", "2025");
}

// per: quarter with prorate: a quarter the member did not serve in full is
// not required. No records, so every required quarter is unmet and costs 1.
TEST(ProRating, QuartersNotServedInFullAreNotRequired) {
  const char* const rows[][4] = {
      // id, joined, left, unmet quarters
      {"JQ2a", "2024-04-01", "", "3"},    // Q2 served from its first day: Q2, Q3, Q4
      {"JQ2b", "2024-04-02", "", "2"},    // Q2 misses its first day: Q3, Q4
      {"JQ1z", "2024-03-31", "", "3"},    // Q1 misses all but its last day
      {"LQ2z", "2020-01-01", "2024-06-30", "2"},  // Q1, Q2 in full
      {"LQ2y", "2020-01-01", "2024-06-29", "1"},  // Q2 misses its last day
      {"LQ3a", "2020-01-01", "2024-07-01", "2"},  // Q3 has one day only
      {"LY", "2020-01-01", "2024-12-30", "3"},    // Q4 misses the last day of the year
  };
  std::string members;
  for (const auto& r : rows) members += member_row(r[0], r[1], r[2]);
  Committee c(R"(
id: t
categories: [{id: c, start: 10}]
minimums:
  - {id: quarterly, when: {kind: activity}, per: quarter, prorate: true, penalty: {points: 1, category: c}}
)",
              members, "", k2024);
  for (const auto& r : rows) EXPECT_EQ(c.total(r[0]), 1000 - 100 * std::stoi(r[3])) << r[0];
}

// per: month and per: half with prorate, around 29 February and 30 June.
TEST(ProRating, MonthsAndHalvesAroundTheLeapDay) {
  const char* const rows[][5] = {
      // id, joined, left, unmet months, unmet halves
      {"JF29", "2024-02-29", "", "10", "1"},  // February not in full: March..December
      {"JM01", "2024-03-01", "", "10", "1"},
      {"JF01", "2024-02-01", "", "11", "1"},
      {"LF29", "2020-01-01", "2024-02-29", "2", "0"},  // January and February in full
      {"LF28", "2020-01-01", "2024-02-28", "1", "0"},  // February misses its leap day
      {"JH2", "2024-07-01", "", "6", "1"},
      {"JH2b", "2024-07-02", "", "5", "0"},
      {"LH1", "2020-01-01", "2024-06-30", "6", "1"},
  };
  std::string members;
  for (const auto& r : rows) members += member_row(r[0], r[1], r[2]);
  Committee c(R"(
id: t
categories: [{id: m, start: 20}, {id: h, start: 20}]
minimums:
  - {id: monthly, when: {kind: info}, per: month, prorate: true, penalty: {points: 1, category: m}}
  - {id: halves, when: {kind: info}, per: half, prorate: true, penalty: {points: 1, category: h}}
)",
              members, "", k2024);
  for (const auto& r : rows) {
    EXPECT_EQ(c.subtotal(r[0], "m"), 2000 - 100 * std::stoi(r[3])) << r[0];
    EXPECT_EQ(c.subtotal(r[0], "h"), 2000 - 100 * std::stoi(r[4])) << r[0];
  }
}

// with per: period the count is at_least x served / period days, rounded
// half up (§8): 183 x 183/366 = 91.5 -> 92, so 91 records fall short.
TEST(ProRating, WholePeriodCountRoundsHalfUp) {
  Committee c(R"(
id: t
categories: [{id: c, start: 1}]
minimums:
  - {id: many, when: {kind: study}, at_least: 183, prorate: true, penalty: {points: 1, category: c}}
)",
              member_row("HALF", "2024-07-02", "") + member_row("ENOUGH", "2024-07-02", ""),
              records_of("HALF", "2024-08-01", "study", 91) +
                  records_of("ENOUGH", "2024-08-01", "study", 92),
              k2024);
  EXPECT_EQ(c.total("HALF"), 0);
  EXPECT_EQ(c.total("ENOUGH"), 100);
}

// ---------------------------------------------------------------- §8 sub-periods

// A record counts in the calendar month, quarter and half of its date:
// 31 January in January, 29 February in February, 1 March in March,
// 31 March in the first quarter, 1 April in the second, 30 June in the
// first half, 1 July in the second.
TEST(SubPeriods, RecordsOnMonthBoundariesCountInTheirOwnMonth) {
  Committee c(R"(
id: t
categories: [{id: m, start: 20}, {id: q, start: 20}, {id: h, start: 20}]
minimums:
  - {id: monthly, when: {kind: info}, per: month, penalty: {points: 1, category: m}}
  - {id: quarterly, when: {kind: info}, per: quarter, penalty: {points: 1, category: q}}
  - {id: halves, when: {kind: history}, per: half, penalty: {points: 1, category: h}}
)",
              member_row("A", "2020-01-01", "") + member_row("B", "2020-01-01", ""),
              "1,A,2024-01-31,info,,,,,,,\n2,A,2024-02-29,info,,,,,,,\n3,A,2024-03-01,info,,,,,,,\n"
              "4,B,2024-03-31,info,,,,,,,\n5,B,2024-04-01,info,,,,,,,\n6,B,2024-09-30,info,,,,,,,\n"
              "7,B,2024-10-01,info,,,,,,,\n"
              "8,A,2024-06-30,history,,,,,,,\n9,B,2024-07-01,history,,,,,,,\n",
              k2024);
  EXPECT_EQ(c.subtotal("A", "m"), 1100);  // January, February, March met: 9 months unmet
  EXPECT_EQ(c.subtotal("A", "q"), 1700);  // Q1 met: 3 unmet
  EXPECT_EQ(c.subtotal("B", "m"), 1200);  // March, April, September, October met
  EXPECT_EQ(c.subtotal("B", "q"), 2000);  // every quarter met
  EXPECT_EQ(c.subtotal("A", "h"), 1900);  // 30 June: the first half only
  EXPECT_EQ(c.subtotal("B", "h"), 1900);  // 1 July: the second half only
}

// A period that is not a calendar year is cut into calendar units clipped
// to it: 2024-03-15..2025-03-14 has 13 months, 5 quarters and 3 halves.
// Joining on 16 March leaves the first (clipped) month not served in full.
TEST(SubPeriods, APeriodAcrossTwoYearsIsCutIntoClippedCalendarUnits) {
  Committee c(R"(
id: t
categories: [{id: m, start: 20}, {id: q, start: 20}, {id: h, start: 20}]
minimums:
  - {id: monthly, when: {kind: info}, per: month, prorate: true, penalty: {points: 1, category: m}}
  - {id: quarterly, when: {kind: info}, per: quarter, penalty: {points: 1, category: q}}
  - {id: halves, when: {kind: info}, per: half, penalty: {points: 1, category: h}}
)",
              member_row("A", "2020-01-01", "") + member_row("LATE", "2024-03-16", ""),
              "1,A,2024-03-15,info,,,,,,,\n2,A,2025-03-14,info,,,,,,,\n",
              Period{*parse_day("2024-03-15"), *parse_day("2025-03-14")});
  EXPECT_EQ(c.subtotal("A", "m"), 900);      // 13 months, the first and the last met
  EXPECT_EQ(c.subtotal("A", "q"), 1700);     // 5 quarters, two met
  EXPECT_EQ(c.subtotal("A", "h"), 1900);     // 3 halves, two met
  EXPECT_EQ(c.subtotal("LATE", "m"), 800);   // 12 months required, none met
  EXPECT_EQ(c.subtotal("LATE", "q"), 1500);  // no prorate: all 5 quarters
}

// ---------------------------------------------------------------- §10, §16 limits

// Twenty graded members: 15% of 20 is 3 exactly. The 3rd and 4th are tied:
// with exclude both drop (2 keep 优秀), with include both stay (4 keep it).
TEST(QuotaLimit, ShareLandingExactlyOnAWholeNumberWithATieAtTheLimit) {
  std::string members, records;
  const int points[] = {100, 99, 98, 98, 97, 96, 95, 94, 93, 92, 91, 90, 90, 90, 90, 90, 90, 90, 90, 90};
  for (int i = 0; i < 20; ++i) {
    const std::string id = "M" + std::to_string(10 + i);
    members += member_row(id, "2020-01-01", "");
    records += std::to_string(i) + "," + id + ",2024-05-01,info,,,,,,," + std::to_string(points[i]) + "\n";
  }
  const std::string base = R"(
id: t
categories: [{id: c}]
rules:
  - {id: r, category: c, when: {kind: info}, points: 1, per_quantity: true}
)";
  Committee exclude(base + "grades:\n  - {label: 优秀, min: 90, quota: 15%}\n  - {label: 良好}\n",
                    members, records, k2024);
  Committee include(base + "grades:\n  - {label: 优秀, min: 90, quota: 15%, quota_ties: include}\n"
                           "  - {label: 良好}\n",
                    members, records, k2024);
  EXPECT_EQ(exclude.grade("M10"), "优秀");
  EXPECT_EQ(exclude.grade("M11"), "优秀");
  EXPECT_EQ(exclude.grade("M12"), "良好");
  EXPECT_EQ(exclude.grade("M13"), "良好");
  EXPECT_EQ(include.grade("M12"), "优秀");
  EXPECT_EQ(include.grade("M13"), "优秀");
  EXPECT_EQ(include.grade("M14"), "良好");
}

// A tie wholly inside the limit is no boundary: top 3 with the 2nd and 3rd
// tied and the 4th lower lists three. At the limit, the tie_break category
// tells equal totals apart, so no one is tied there.
TEST(CommendationLimit, TiesInsideTheLimitAndTieBreaksAtIt) {
  Committee c(R"(
id: t
categories: [{id: a}, {id: b}]
rules:
  - {id: ra, category: a, when: {kind: info}, points: 1, per_quantity: true}
  - {id: rb, category: b, when: {kind: history}, points: 1, per_quantity: true}
ranking: {tie_break: [b]}
commendations:
  - {id: inside, top: 3}
  - {id: broken, top: 4}
)",
              member_row("A", "2020-01-01", "") + member_row("B", "2020-01-01", "") +
                  member_row("C", "2020-01-01", "") + member_row("D", "2020-01-01", "") +
                  member_row("E", "2020-01-01", ""),
              "1,A,2024-05-01,info,,,,,,,10\n2,B,2024-05-01,info,,,,,,,9\n"
              "3,C,2024-05-01,info,,,,,,,9\n4,D,2024-05-01,info,,,,,,,7\n"
              "5,E,2024-05-01,info,,,,,,,6\n6,E,2024-05-01,history,,,,,,,1\n",
              k2024);
  EXPECT_EQ(c.list(0), (std::vector<std::string>{"A", "B", "C"}));
  // D 7 (b 0) and E 7 (b 1): E ranks first and is 4th; D is 5th.
  EXPECT_EQ(c.list(1), (std::vector<std::string>{"A", "B", "C", "E"}));
}

}  // namespace
}  // namespace dutyscore
