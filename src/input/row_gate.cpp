#include "input/row_gate.h"

#include <utility>

namespace dutyscore::detail {

void add_rejection_reason(std::string& reason, const Problems& problems) {
  for (const auto& p : problems.all()) {
    if (p.severity != Severity::Error) continue;
    if (!reason.empty()) reason += "; ";
    if (!p.where.field.empty()) reason += p.where.field + ": ";
    reason += p.message;
  }
}

void pass_on_as_warnings(const Problems& problems, Problems& to) {
  for (const auto& p : problems.all()) to.warning(p.where, p.message, p.group);
}

void RowGate::reject(std::uint32_t line, std::string row_text) {
  std::string reason;
  add_rejection_reason(reason, scratch_);
  rejected_.push_back(RejectedRow{file_, line, std::move(reason), std::move(row_text)});
}

void RowGate::pass_on() {
  pass_on_as_warnings(scratch_, problems_);
  scratch_ = Problems();
}

}  // namespace dutyscore::detail
