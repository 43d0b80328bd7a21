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

// 20 base rules over the generator's vocabulary; a larger set is the same
// rules written once per sector ("a rule may differ by sector"), the way a
// method grows: every record still matches about as many rules.
std::string synthetic_yaml(std::size_t count) {
  static const char* const kSectors[] = {"中共界", "教育界", "经济界", "医药卫生界",
                                         "农业界", "科技界", "文化艺术界", "社会福利界",
                                         "民族宗教界", "无党派人士", "工商联界", "特邀界"};
  std::vector<std::string> base;
  for (const auto& f : families())
    for (const char* subtype : f.subtypes) {
      std::string when = std::string("kind: ") + f.kind;
      if (*subtype) when += std::string(", subtype: ") + subtype;
      base.push_back(when);
    }
  base.resize(20);
  const std::size_t variants = std::max<std::size_t>(1, count / base.size());
  std::ostringstream y;
  y << "id: synthetic-" << count << "\nprecision: 2\ncategories:\n";
  const std::size_t categories = 8;
  for (std::size_t c = 0; c < categories; ++c)
    y << "  - {id: c" << c << ", max: " << 20 + c << ", floor: 0}\n";
  y << "rules:\n";
  std::size_t n = 0;
  for (std::size_t b = 0; b < base.size(); ++b) {
    for (std::size_t v = 0; v < variants && n < count; ++v, ++n) {
      y << "  - {id: r" << n << ", category: c" << b % categories << ", when: {" << base[b];
      if (variants > 1) {
        // The last variant takes every sector the others do not name.
        y << ", sector: ";
        if (v + 1 < variants) {
          y << kSectors[v % 12];
        } else {
          y << "[";
          for (std::size_t k = v; k < 12; ++k) y << (k > v ? ", " : "") << kSectors[k];
          y << "]";
        }
      }
      y << "}, points: " << 1 + (b + v) % 7;
      if (base[b].find("joint") != std::string::npos) y << ", share: {first: 1/2}";
      y << "}\n";
    }
  }
  return y.str();
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

}  // namespace dutyscore::bench
