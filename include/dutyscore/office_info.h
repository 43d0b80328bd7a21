// The issuing office as notices print it: who issues them, whom a member
// asks, by when a member may object, and the seal line. Set in the rule
// file (`office`, docs/rules.md §17) or in a small YAML file of its own
// (load_office_file in rule_loader.h), so that one rule set serves several
// offices.
#pragma once

#include <optional>
#include <string>

#include "dutyscore/period.h"
#include "dutyscore/problem.h"

namespace dutyscore {

struct OfficeInfo {
  std::string name;               // "政协安远县委员会办公室"; printed at the top
  std::string contact;            // "委员工作室　联系人：李明　电话：0797-3721234"
  std::optional<Day> appeal_by;   // last day to object to the result
  std::string appeal_to;          // where to object; "" = the office itself
  std::string seal;               // the seal line; "" = the office's name
  std::optional<Day> issued;      // the date printed under the seal; none = left blank
  Location where;

  bool empty() const {
    return name.empty() && contact.empty() && !appeal_by && appeal_to.empty() && seal.empty() &&
           !issued;
  }
};

// `over`'s fields where it sets them, `base`'s elsewhere: a command line's
// office file over the rule set's office block.
OfficeInfo merge_office(const OfficeInfo& base, const OfficeInfo& over);

}  // namespace dutyscore
