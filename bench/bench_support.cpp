#include "bench_support.h"

#include <array>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "dutyscore/rule_loader.h"

namespace dutyscore::bench {
// Counties and cities: 50 records a member. National scale (10^8 records):
// the real membership, 650,000 members, at ~150 records each.
gen::Options options_for(std::size_t records) {
  constexpr std::size_t kNationalMembers = 650'000;
  gen::Options options;
  options.seed = 2025;
  if (records >= 50'000'000) {
    // The generator yields about 0.968 records per requested record.
    options.members = kNationalMembers;
    options.records_per_member =
        static_cast<std::uint32_t>((records * 1000 / 968 + kNationalMembers - 1) / kNationalMembers);
  } else {
    options.records_per_member = 50;
    options.members = static_cast<std::uint32_t>(std::max<std::size_t>(records / 50, 1));
  }
  return options;
}

namespace {

RuleSet load_or_throw(const std::string& text, const std::string& name) {
  Problems problems;
  auto rules = load_rules(text, name, problems);
  if (!rules) {
    std::string all;
    for (const auto& p : problems.all()) all += format_problem(p) + "\n";
    throw std::runtime_error(all);
  }
  return std::move(*rules);
}

// The (kind, subtype) pairs the generator produces, with a status list for
// meetings.
struct Family {
  const char* kind;
  std::vector<const char*> subtypes;
};

const std::vector<Family>& families() {
  static const std::vector<Family> all = {
      {"meeting", {"plenary", "standing", "consultation", "group_discussion", "other"}},
      {"proposal", {"individual", "joint", "collective"}},
      {"info", {""}},
      {"history", {""}},
      {"activity", {"research", "inspection", "supervision", "seminar", "training",
                    "written_speech", "speech"}},
      {"study", {"session", "notes", "article"}},
      {"service", {"key_project", "pairing_help"}},
      {"charity", {"donation", "volunteer"}},
      {"honor", {""}},
      {"violation", {"discipline"}},
  };
  return all;
}

const char* const kSectors[] = {"中共界", "教育界", "经济界", "医药卫生界",
                                "农业界", "科技界", "文化艺术界", "社会福利界",
                                "民族宗教界", "无党派人士", "工商联界", "特邀界"};
const char* const kGroups[] = {"第一活动组", "第二活动组", "第三活动组", "第四活动组",
                               "第五活动组", "第六活动组", "第七活动组", "第八活动组"};

// `n` names of `names` (of `size`) from the `at`-th on, as a YAML list.
std::string some_of(const char* const* names, std::size_t size, std::size_t at, std::size_t n) {
  std::string out = "[";
  for (std::size_t i = 0; i < n; ++i)
    out += std::string(i ? ", " : "") + names[(at + i) % size];
  return out + "]";
}

// The 20 (kind, subtype) conditions of the 20-rule set, in its order.
std::vector<std::string> base_conditions() {
  std::vector<std::string> base;
  for (const auto& f : families())
    for (const char* subtype : f.subtypes) {
      std::string when = std::string("kind: ") + f.kind;
      if (*subtype) when += std::string(", subtype: ") + subtype;
      base.push_back(when);
    }
  base.resize(20);
  return base;
}

// 20 rules, one per (kind, subtype) pair of the generator's vocabulary:
// constant points, and a share for joint proposals.
std::string base_yaml() {
  const auto base = base_conditions();
  std::ostringstream y;
  y << "id: synthetic-20\nprecision: 2\ncategories:\n";
  const std::size_t categories = 8;
  for (std::size_t c = 0; c < categories; ++c)
    y << "  - {id: c" << c << ", max: " << 20 + c << ", floor: 0}\n";
  y << "rules:\n";
  for (std::size_t b = 0; b < base.size(); ++b) {
    y << "  - {id: r" << b << ", category: c" << b % categories << ", when: {" << base[b]
      << "}, points: " << 1 + b % 7;
    if (base[b].find("joint") != std::string::npos) y << ", share: {first: 1/2}";
    y << "}\n";
  }
  return y.str();
}

// The variants of a (kind, subtype) pair in the larger sets: rules that
// differ in what they test (status, flags, level, position, role, sector,
// group, their negations) and in how they score (points by status or level,
// shares, limit, from, tiers, a rule maximum), as a county method's rules
// do. Variant 0 is the 20-rule set's rule, so the same records match some
// rule whatever the count; most others narrow it, so a record matches a
// few rules, not ten.
std::string variant(const std::string& kind, const std::string& when, std::size_t b,
                    std::size_t v) {
  const std::string w = "when: {" + when;
  const std::string sectors = some_of(kSectors, 12, b + v, 3);
  const std::string two_sectors = some_of(kSectors, 12, b + v, 2);
  const std::string other_sectors = some_of(kSectors, 12, b + v + 2, 10);
  const std::string groups = some_of(kGroups, 8, b * 3 + v, 2);
  const std::string group = some_of(kGroups, 8, b + v, 1);
  const std::string other_groups = some_of(kGroups, 8, b + v + 2, 6);
  const std::string p = std::to_string(1 + (b + v) % 5);
  if (kind == "meeting") {
    switch (v) {
      case 0: return w + ", status: present}, points: " + p;
      case 1: return w + ", status: present, role: standing}, points: 1, max: 4";
      case 2: return w + ", status: [leave, absent, late]}, points: {by: status, leave: -1, absent: -3, late: -0.5}";
      case 3: return w + ", status: present, group: " + group + "}, tiers: [{at_least: 6, points: 3}, {at_least: 3, points: 1}]";
      case 4: return w + ", status: absent, sector: " + sectors + "}, points: -2";
      case 5: return w + ", status: present, group: " + groups + "}, points: 0.5";
      case 6: return w + ", status: {not: absent}, sector: " + two_sectors + "}, limit: 4, points: 0.5";
      case 7: return w + ", status: late, role: standing}, points: -1";
      case 8: return w + ", status: present, sector: {not: " + other_sectors + "}}, from: 3, points: 0.5, max: 2";
      default: return w + ", status: leave, group: " + groups + "}, points: -0.5";
    }
  }
  if (kind == "proposal") {
    const bool item = when.find("individual") == std::string::npos;
    switch (v) {
      case 0: return w + "}, points: " + p + (item ? ", share: {first: 1/2}" : "");
      case 1: return w + ", flags: filed, group: " + some_of(kGroups, 8, b + v, 3) + "}, points: 1, limit: 3";
      case 2: return w + ", flags: key}, points: 2" +
                     std::string(item ? ", share: {by_position: {1: 3, other: 1}}" : "");
      case 3: return w + ", flags: excellent}, points: 3, max: 6";
      case 4: return w + ", flags: to_info, position: 1}, points: 1";
      case 5: return w + ", not_flags: filed, sector: " + sectors + "}, points: -0.5";
      case 6: return w + ", position: {min: 2}, group: " + groups + "}, points: 0.5, max: 2";
      case 7: return w + ", group: " + group + "}, tiers: [{at_least: 4, points: 3}, {at_least: 2, points: 1}]";
      case 8: return w + ", flags: filed, role: standing}, points: 1";
      default: return w + ", flags: filed, sector: " + sectors + "}, points: 1, from: 2";
    }
  }
  if (kind == "info") {
    switch (v) {
      case 0: return w + "}, points: " + p;
      case 1: return w + ", flags: adopted}, points: {by: level, county: 1, city: 2, prefecture: 2, province: 4, national: 6}";
      case 2: return w + ", flags: instructed}, points: {by: level, county: 2, city: 3, prefecture: 3, province: 5, national: 8}";
      case 3: return w + ", not_flags: adopted, group: " + groups + "}, limit: 6, points: 0.5";
      case 4: return w + ", level: [province, national]}, points: 2, max: 8";
      case 5: return w + ", flags: adopted, sector: " + sectors + "}, tiers: [{at_least: 5, points: 4}, {at_least: 2, points: 2}]";
      case 6: return w + ", flags: adopted, group: " + groups + "}, points: 1";
      case 7: return w + ", flags: instructed, role: standing}, points: 1";
      case 8: return w + ", level: {not: [county, city]}, sector: " + sectors + "}, points: 1";
      default: return w + ", flags: adopted, role: standing}, from: 3, points: 1, max: 3";
    }
  }
  // history, activity, study
  switch (v) {
    case 0: return w + "}, points: " + p;
    case 1: return w + ", role: standing}, points: 1, max: 3";
    case 2: return w + ", group: " + group + "}, points: 0.5";
    case 3: return w + ", sector: " + two_sectors + "}, points: 1";
    case 4: return w + ", role: standing}, limit: 3, points: 1";
    case 5: return w + ", sector: " + two_sectors + "}, from: 4, points: 1, max: 3";
    case 6: return w + ", group: " + group + "}, tiers: [{at_least: 8, points: 3}, {at_least: 4, points: 2}, {at_least: 2, points: 1}]";
    case 7: return w + ", role: standing, group: " + groups + "}, points: 1";
    case 8: return w + ", sector: {not: " + other_sectors + "}}, points: 0.5, max: 2";
    default: return w + ", group: {not: " + other_groups + "}}, limit: 2, points: 1";
  }
}

// A synthetic rule set of `count` rules; 20 is base_yaml(), the figures
// of bench/compare/README.md. A larger set has count / 20 variants of
// every pair (variant()), in 12 categories, some without a maximum.
std::string synthetic_yaml(std::size_t count) {
  if (count <= 20) return base_yaml();
  const auto base = base_conditions();
  const std::size_t variants = (count + base.size() - 1) / base.size();
  std::ostringstream y;
  y << "id: synthetic-" << count << "\nprecision: 2\ncategories:\n";
  const std::size_t categories = 12;
  for (std::size_t c = 0; c < categories; ++c) {
    y << "  - {id: c" << c;
    if (c % 4 != 3) y << ", max: " << 20 + c;
    y << ", floor: 0}\n";
  }
  y << "rules:\n";
  std::size_t n = 0;
  for (std::size_t b = 0; b < base.size(); ++b) {
    const std::string kind = base[b].substr(6, base[b].find(',') - 6);
    for (std::size_t v = 0; v < variants && n < count; ++v, ++n)
      y << "  - {id: r" << n << ", category: c" << (b + v / 4) % categories << ", "
        << variant(kind, base[b], b, v % 10) << "}\n";
  }
  return y.str();
}

// 20 rules of base_yaml() and count - 20 more that no generated record
// matches (a flag its kind never carries), scoring in the larger sets'
// ways: what the rule count costs by itself, with the rules a record
// matches held as they are in the 20-rule set.
std::string unmatched_yaml(std::size_t count) {
  std::string y = base_yaml();
  y.replace(y.find("synthetic-20"), 12, "unmatched-" + std::to_string(count));
  const auto base = base_conditions();
  const char* const scorings[] = {"points: 2", "points: 1, max: 3", "limit: 2, points: 1",
                                  "tiers: [{at_least: 3, points: 2}, {at_least: 1, points: 1}]",
                                  "from: 2, points: 1"};
  for (std::size_t n = 20; n < count; ++n) {
    const std::string& when = base[n % base.size()];
    // `adopted` is an information report's flag, `excellent` a proposal's.
    const char* flag = when.find("kind: info") == 0 ? "excellent" : "adopted";
    y += "  - {id: u" + std::to_string(n) + ", category: c" + std::to_string(n % 8) +
         ", when: {" + when + ", flags: " + flag + "}, " + scorings[n % 5] + "}\n";
  }
  return y;
}

}  // namespace

const gen::Generated& committee(std::size_t records) {
  static std::map<std::size_t, std::unique_ptr<gen::Generated>> cache;
  auto& slot = cache[records];
  if (!slot) slot = std::make_unique<gen::Generated>(gen::build_in_memory(options_for(records)));
  return *slot;
}

const CsvText& committee_csv(std::size_t records) {
  static std::map<std::size_t, std::unique_ptr<CsvText>> cache;
  auto& slot = cache[records];
  if (!slot) {
    std::ostringstream m, r;
    gen::write_csv(options_for(records), m, r);
    slot = std::make_unique<CsvText>(CsvText{m.str(), r.str()});
  }
  return *slot;
}

const RuleSet& default_rules() {
  static const RuleSet rules = [] {
    Problems problems;
    auto rs = load_rules_file(std::string(DUTYSCORE_SOURCE_DIR) + "/rules/default.yaml", problems);
    if (!rs) throw std::runtime_error("rules/default.yaml does not load");
    return std::move(*rs);
  }();
  return rules;
}

const RuleSet& district_rules(bool rescaled) {
  static const std::array<RuleSet, 2> rules = [] {
    std::ifstream in(std::string(DUTYSCORE_SOURCE_DIR) + "/rules/district-2024.yaml");
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    auto cut = [&](const std::string& from, const std::string& to, const std::string& with) {
      const auto begin = text.find(from);
      const auto end = text.find(to, begin);
      if (begin == std::string::npos || end == std::string::npos)
        throw std::runtime_error("rules/district-2024.yaml changed: no '" + from + "'");
      text.replace(begin, end - begin, with);
    };
    cut("outside: {column: 民主测评", "\n", "start: 80");
    RuleSet with = load_or_throw(text, "district-bench");
    cut("\nparts:", "\ngrades:", "\n");
    RuleSet without = load_or_throw(text, "district-bench-unscaled");
    return std::array<RuleSet, 2>{std::move(without), std::move(with)};
  }();
  return rules[rescaled ? 1 : 0];
}

const RuleSet& synthetic_rules(std::size_t count) {
  static std::map<std::size_t, std::unique_ptr<RuleSet>> cache;
  auto& slot = cache[count];
  if (!slot)
    slot = std::make_unique<RuleSet>(
        load_or_throw(synthetic_yaml(count), "synthetic-" + std::to_string(count)));
  return *slot;
}

const RuleSet& unmatched_rules(std::size_t count) {
  static std::map<std::size_t, std::unique_ptr<RuleSet>> cache;
  auto& slot = cache[count];
  if (!slot)
    slot = std::make_unique<RuleSet>(
        load_or_throw(unmatched_yaml(count), "unmatched-" + std::to_string(count)));
  return *slot;
}

}  // namespace dutyscore::bench
