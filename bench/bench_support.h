// Shared fixtures for the benchmarks: generated committees, cached per
// size so that several benchmarks reuse one data set, and rule sets of a
// chosen number of rules.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "dutyscore/rule_set.h"
#include "generator.h"

namespace dutyscore::bench {

// The generator's options for a committee of about `records` records.
gen::Options options_for(std::size_t records);

// A generated committee with about `records` records (about 50 a member).
const gen::Generated& committee(std::size_t records);

// The committee's CSV text (members, records), generated once per size.
struct CsvText {
  std::string members;
  std::string records;
};
const CsvText& committee_csv(std::size_t records);

// rules/default.yaml.
const RuleSet& default_rules();

// A synthetic rule set of `rules` rules: 20 constant rules, one per (kind,
// subtype) pair of the generator's vocabulary, or (for more) rules/20
// different rules per pair, as a large method has (conditions on status,
// flags, level, position, role, sector, group; points by status or level,
// shares, limit, from, tiers, maxima). The same records match some rule
// whatever the count.
const RuleSet& synthetic_rules(std::size_t rules);

// synthetic_rules(20) and `rules` - 20 more rules, of the larger sets'
// scorings, that no generated record matches: the cost of the rule count
// itself, the rules each record matches being the 20-rule set's.
const RuleSet& unmatched_rules(std::size_t rules);

// rules/district-2024.yaml (a rate, negation, otherwise, points per
// quarter, rescaling to the best member and a weighted survey), with the
// survey a fixed start of 80 instead of an outside column the generated
// members lack; without `parts` when `rescaled` is false, to measure what
// rescaling costs.
const RuleSet& district_rules(bool rescaled);

}  // namespace dutyscore::bench
