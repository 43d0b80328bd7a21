// A scoring method as loaded from YAML: categories, rules, minimums, vetoes,
// grades and ranking. Values are still names here; evaluate() binds them to
// a batch's codes.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "dutyscore/decimal.h"
#include "dutyscore/office_info.h"
#include "dutyscore/period.h"
#include "dutyscore/problem.h"
#include "dutyscore/vocabulary.h"

namespace dutyscore {

// The attributes a condition tests, as bits (Condition::blank_stated).
enum ConditionAttribute : std::uint16_t {
  kAttrKind = 1 << 0,
  kAttrSubtype = 1 << 1,
  kAttrStatus = 1 << 2,
  kAttrLevel = 1 << 3,
  kAttrPosition = 1 << 4,
  kAttrRole = 1 << 5,
  kAttrSector = 1 << 6,
  kAttrGroup = 1 << 7,
};

// A test on one record and its member (docs/rules.md §6). Every attribute
// that is tested must hold. Per attribute: a value listed in the plain list
// holds (`kind: [a, b]`); with a `not` list (`kind: {not: a}`), any value
// but those holds. A blank value (an empty cell; no role at all; no
// position) holds a `not` list only, unless `blank` is stated for the
// attribute (`{blank: true}`, `{is: a, blank: true}`, `{not: a, blank:
// false}`); `{blank: true}` alone holds for a blank value only, `{blank:
// false}` alone for any value that is not blank.
struct Condition {
  std::vector<std::string> kinds, subtypes, statuses, levels;
  std::vector<std::string> not_kinds, not_subtypes, not_statuses, not_levels;
  std::vector<std::string> flags_all;   // the record has every one of these
  std::vector<std::string> flags_none;  // the record has none of these
  std::uint16_t position_min = 0;       // 0 = no bound
  std::uint16_t position_max = 0;       // 0 = no bound
  std::vector<std::uint16_t> not_positions;  // none of these positions
  // Member attributes: roles (the member has any of them / none of them),
  // sector, group.
  std::vector<std::string> roles, sectors, groups;
  std::vector<std::string> not_roles, not_sectors, not_groups;
  // ConditionAttribute bits: attributes whose blank value is decided by an
  // explicit `blank:` (blank_stated), and of those, the ones where a blank
  // value holds (blank_holds).
  std::uint16_t blank_stated = 0;
  std::uint16_t blank_holds = 0;
  Location where;

  // Whether a blank value of `attribute` holds, given what is listed for it.
  bool blank_matches(ConditionAttribute attribute, bool listed, bool negated) const {
    if (blank_stated & attribute) return (blank_holds & attribute) != 0;
    return negated && !listed;
  }
  // Whether a value that is not blank, and neither listed nor excluded,
  // holds: only when nothing but `blank: false` is said of the attribute.
  bool other_matches(ConditionAttribute attribute, bool listed, bool negated) const {
    if (listed) return false;
    if (negated) return true;
    return (blank_stated & attribute) && !(blank_holds & attribute);
  }
};

// How the points of a joint or collective item (rows sharing `ref`) are
// divided among its participants.
enum class ShareMode {
  Full,        // every participant gets the full points
  Split,       // position 1 gets `first`; the others share the rest equally
  FirstN,      // positions 1..n get the full points, the others nothing
  ByPosition,  // fixed points by position (position_points / other_points)
};

struct Share {
  ShareMode mode = ShareMode::Full;
  Fraction first{1, 2};                           // Split
  int n = 0;                                      // FirstN
  std::map<std::uint16_t, Points> position_points;  // ByPosition
  Points other_points = 0;                        // ByPosition, unlisted positions
};

// "At least `at_least` matching records (or that much quantity, or that
// rate): `points`".
struct Tier {
  std::int64_t at_least = 0;  // a count, or a quantity in 1/kQuantityScale
  Fraction rate{0, 1};        // tiers by rate: the share reached (0..1)
  Points points = 0;
};

// What tiers measure (docs/rules.md §5 "Tiers", "Rates").
enum class TiersBy {
  Count,     // the member's matching records
  Quantity,  // the sum of their quantities
  Rate,      // matching records that also meet `rate_of`, as a share of all
};

// Which of a member's matching records count (in date order, then record id).
enum class CountMode {
  All,      // every record counts (subject to from_nth and limit)
  Highest,  // only the single record with the highest points counts
};

struct Rule {
  std::string id;
  std::string label;
  std::string category;            // a Category id
  std::vector<Condition> when;     // any of them (empty: never matches)

  // Points per matching record, or, when points_by is set, looked up from
  // the record's value of that attribute ("level", "status", "subtype",
  // "kind") in points_table; a value missing from the table earns nothing.
  Points points = 0;
  std::string points_by;
  std::map<std::string, Points> points_table;

  bool per_quantity = false;       // points x the record's quantity
  Share share;

  CountMode count = CountMode::All;
  int from_nth = 1;                // the first from_nth-1 records earn nothing
  int limit = 0;                   // at most this many records count; 0 = any
  std::optional<Points> max;       // cap on the rule's total for a member

  // When set, the rule gives the points of the highest tier reached by the
  // member's count (or quantity sum, or rate) of matching records, instead
  // of points per record. Sorted highest threshold first by the loader.
  std::vector<Tier> tiers;
  bool tiers_by_quantity = false;  // tiers_by: quantity
  bool tiers_by_rate = false;      // tiers_by: rate
  // Tiers by rate: the records of `when` that count in the numerator
  // (any of these conditions), and the points of a member with no record
  // of `when` at all (no rate to take).
  std::vector<Condition> rate_of;
  Points no_records = 0;

  // "The remaining cases": the rule matches only records that none of
  // these rules' `when` matches (ids of rules; empty = no exception).
  std::vector<std::string> otherwise;

  // Points per period ("每季度参加调研的得2分"): with per_period, the rule
  // gives `points` once for each sub-period (`per`) in which the member has
  // at least `period_at_least` matching records, instead of points per
  // record.
  bool per_period = false;
  Granularity per = Granularity::Whole;
  std::int64_t period_at_least = 1;

  Location where;
};

// A score from outside the duty records (民主测评, 组织评价): a column of
// the members file or of a separate CSV keyed by member_id, read by
// attach_outside_scores() (outside_scores.h).
struct OutsideScore {
  std::string column;               // the header of the column holding it
  Points min = 0;                   // lowest valid value
  std::optional<Points> max;        // highest valid value; none = no bound
  // The value of a member who has none; without it a serving member with
  // no value is an error.
  std::optional<Points> fallback;
  Location where;
};

struct Category {
  std::string id;
  std::string label;
  Points start = 0;                // starting points ("starts full")
  bool prorate_start = false;      // start x served days / period days
  std::optional<Points> max;
  std::optional<Points> floor;
  // The category starts with the member's outside score instead of
  // `start` (rules may still add to it).
  std::optional<OutsideScore> outside;
  Location where;
};

// A group of categories rescaled or weighted together (docs/rules.md §18):
// "以最高分为基准折算为70分" (to_best), "按满分100分折算为30分" and
// "民主测评占30%" (a fixed factor). After every member is scored, the
// part's total of each member is multiplied by the factor and rounded half
// up once; each category of the part takes its step of the rounded running
// total (in the order listed), so the part adds up to the rounded total.
struct Part {
  std::string id;
  std::string label;
  std::vector<std::string> categories;  // Category ids, each in one part at most
  // to_best: factor = best_points / the highest part total among the
  // serving members without a veto (none positive: the part is left as
  // it is). Otherwise the fixed `factor`.
  bool to_best = false;
  Points best_points = 0;
  Fraction factor{1, 1};
  Location where;
};

// "The higher of these rules counts, not both": among the listed rules only
// the one with the highest total for a member is kept (ties: first listed).
struct Exclusive {
  std::string id;
  std::string label;
  std::vector<std::string> rules;
  Location where;
};

// A minimum duty ("at least one plenary a year", "one research a quarter").
struct Minimum {
  std::string id;
  std::string label;
  std::vector<Condition> when;
  // Records required, or with by_quantity the sum of their quantities in
  // units of 1/kQuantityScale ("每季度至少联系10名群众").
  std::int64_t at_least = 1;
  bool by_quantity = false;
  Granularity per = Granularity::Whole;
  // For a member who served part of the period: sub-periods the member did
  // not serve in full are not required, and with per: whole the count is
  // at_least x served days / period days, rounded to a whole number (of
  // records, or of quantity units) as RuleSet::prorate_rounding says.
  bool prorate = false;
  // Consequence when unmet: lose `penalty` points in `category` (per unmet
  // sub-period), and/or take grade `grade` whatever the score.
  Points penalty = 0;
  std::string category;
  std::string grade;
  Location where;
};

// A breach that vetoes the year: grade forced, commendation barred.
struct Veto {
  std::string id;
  std::string label;
  std::vector<Condition> when;
  std::string grade;               // forced grade (may be empty: flag only)
  bool zero_total = false;         // also sets the total to 0
  Location where;
};

// Members tied exactly at a quota or list boundary (equal total and equal
// tie-break categories): all left out (`exclude`, never more than the
// quota) or all let in (`include`).
enum class BoundaryTies { Exclude, Include };

// "At most 15% of members" (share = 15/100) or "at most 30" (count).
struct Quota {
  bool is_count = false;
  Fraction share{0, 1};         // of the graded members, rounded down
  std::int64_t count = 0;
  BoundaryTies ties = BoundaryTies::Exclude;
  Location where;
};

// Grade bands, highest first; a band without `min` takes every total below
// the previous band.
struct GradeBand {
  std::string label;
  std::optional<Points> min;
  // The grade of members who did not serve (`not_serving: {grade: 不参评}`):
  // never reached by a total; the loader puts it after the bands.
  bool not_serving = false;
  // `quota`: at most this many of the graded members hold the band (a share
  // or a count), applied after ranking; the rest drop to the next band
  // (src/engine/quota.cpp, docs/rules.md §10).
  std::optional<Quota> quota;
  Location where;
};

enum class TieMode {
  Competition,  // 1, 2, 2, 4 ("ties share a rank")
  Dense,        // 1, 2, 2, 3
  Ordinal,      // unique ranks; ties broken by tie_break, then member id
};

enum class VetoedRank {
  Normal,    // ranked by total like everyone
  Last,      // after every member without a veto
  Unranked,  // no rank
};

struct Ranking {
  TieMode ties = TieMode::Competition;
  std::vector<std::string> tie_break;  // category ids, compared descending
  VetoedRank vetoed = VetoedRank::Normal;
};

// Members who did not serve on any day of the period (docs/rules.md §11).
enum class NotServing {
  Unranked,  // no grade, no rank (the default)
  Ranked,    // graded and ranked like everyone
  Grade,     // the `not_serving` grade band, no rank
};

// --- Across years and terms (`across_years`, docs/rules.md §14) ---

// One test of an across-years rule, on one member.
struct AcrossTest {
  enum class Kind {
    TotalBelow,  // the year's total is below `amount`
    Grade,       // the year's grade is one of `grades`
    Count,       // the number of matching records is < fewer_than or >= at_least
  };
  Kind kind = Kind::TotalBelow;
  Points amount = 0;                  // TotalBelow
  std::vector<std::string> grades;    // Grade
  std::vector<Condition> count;       // Count: records matching any of these
  std::int64_t fewer_than = 0;        // Count: 0 = not used
  std::int64_t at_least = 0;          // Count: 0 = not used
  // Per-year tests: must hold in this many consecutive evaluated years.
  int years_in_a_row = 1;
  Location where;
};

// "Below 60 two years in a row: warning talk". Flags a member when its
// tests hold (all of them, or any with when_any).
struct AcrossYearsRule {
  std::string id;
  std::string label;
  bool over_term = false;  // Count tests count over every year of the run
  bool any = false;        // when_any: one test suffices
  std::vector<AcrossTest> tests;
  Location where;
};

// --- Groups (`groups`, docs/rules.md §15) ---

// "One information report a month": counted over the records of a group's
// members (rows of one joint item, sharing a ref, count once).
struct GroupQuota {
  std::string id;
  std::string label;
  std::vector<Condition> when;
  std::int64_t at_least = 1;
  Granularity per = Granularity::Whole;
  bool per_member = false;  // at_least x the group's serving members
  Points points = 0;        // earned per sub-period met
  Points penalty = 0;       // lost per sub-period unmet (positive amount)
  Location where;
};

struct GroupScoring {
  bool enabled = false;
  bool by_sector = false;              // by: sector (else by: group)
  bool members_total = false;          // members_total: average -> + average total
  Points minimums_points = 0;          // x share of members meeting every minimum
  std::vector<GroupQuota> quotas;
  Location where;
};

// --- Commendation lists (`commendations`, docs/rules.md §16) ---

// "双十佳": the first `top` eligible members in ranking order.
struct Commendation {
  std::string id;
  std::string label;
  std::int64_t top = 0;
  bool no_veto = false;                  // eligible: no veto applied
  bool minimums_met = false;             // eligible: every minimum duty met
  std::optional<Fraction> served_at_least;  // eligible: served days / period days
  std::vector<std::string> grades;       // eligible: holds one of these grades
  BoundaryTies ties = BoundaryTies::Exclude;
  Location where;
};

// --- Names people read (`names`, docs/rules.md §17) ---

// The name notices, summaries and workbooks print for a vocabulary code:
// it replaces the standard Chinese name (vocabulary.h), or names a code
// the committee records of its own.
struct VocabularyName {
  VocabularyField field = VocabularyField::Kind;
  std::string kind;  // Subtype: the kind the subtype belongs to; "" = any kind
  std::string code;
  std::string name;
  Location where;
};

struct RuleSet {
  std::string id;
  std::string name;
  int precision = 2;
  std::optional<Period> period;    // default period; a caller may override
  // How pro-rated minimum counts and starting points are rounded.
  Rounding prorate_rounding = Rounding::HalfUp;
  // A blank position on a joint item is read as this position (0: stays
  // blank): "the proposer" of an individual proposal is 1.
  std::uint16_t blank_position = 0;
  // Years of a committee's term (政协每届任期五年): across-years rules over
  // the term (`over: term`) warn when run over fewer years (guardrails.h).
  int term_years = 5;
  std::vector<Category> categories;
  std::vector<Rule> rules;
  std::vector<Exclusive> exclusives;
  std::vector<Minimum> minimums;
  std::vector<Veto> vetoes;
  std::vector<GradeBand> grades;
  Ranking ranking;
  NotServing not_serving = NotServing::Unranked;
  std::vector<Part> parts;                    // rescaling and weights
  std::vector<AcrossYearsRule> across_years;  // §14
  GroupScoring groups;                        // §15
  std::vector<Commendation> commendations;    // §16
  std::vector<VocabularyName> names;          // §17
  OfficeInfo office;                          // §17
  std::string source_file;
  std::string source_text;         // the YAML as read, for archives

  // Index of a category / rule by id, or -1.
  int category_index(const std::string& category_id) const;
  int rule_index(const std::string& rule_id) const;
  int grade_index(const std::string& label) const;

  // Labels for people, so that callers need not index into the vectors.
  // category_label: the category's label (its id when the file gives none);
  // REQUIRES 0 <= category < categories.size(), else std::out_of_range.
  const std::string& category_label(int category) const;
  // grade_label: the band's label; "" for -1 (not graded, as in
  // Scores::grade). REQUIRES -1 <= grade < grades.size(), else
  // std::out_of_range.
  const std::string& grade_label(int grade) const;
  // name_of: the name people read for a vocabulary code: the rule set's
  // own (`names`), else the standard Chinese name, else the code itself.
  // `kind` tells which kind's subtype is meant.
  std::string name_of(VocabularyField field, std::string_view code,
                      std::string_view kind = {}) const;
};

}  // namespace dutyscore
