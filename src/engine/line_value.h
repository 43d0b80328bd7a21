// Internal: the points one record earns under one rule, before any cap:
// the rule's points for the record's class (or its position), times the
// record's share of the item, times its quantity, rounded once, half away
// from zero (docs/rules.md §12). The scoring path, its precomputed share
// tables and the audit all call this one function.
#pragma once

#include <cstdint>

#include "dutyscore/decimal.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_set.h"

namespace dutyscore::detail {

struct LineValue {
  Points base = 0;        // the points the share is taken of
  Fraction share{1, 1};   // the record's share of the item
  Points value = 0;       // what the line earns
  // The exact value does not fit in Points (absurd points, share and
  // quantity together); `value` is then meaningless. Only a plan that could
  // not rule it out (Plan::checked) looks.
  bool overflow = false;
};

LineValue line_value(const Rule& rule, Points class_base, std::uint16_t position,
                     std::uint16_t item_size, std::int32_t quantity);

}  // namespace dutyscore::detail
