#include "input/row_gate.h"

#include <utility>

namespace dutyscore::detail {

void RowGate::reject(std::uint32_t line, std::string row_text) {
  std::string reason;
  for (const auto& p : scratch_.all()) {
    if (p.severity != Severity::Error) continue;
    if (!reason.empty()) reason += "; ";
    if (!p.where.field.empty()) reason += p.where.field + ": ";
    reason += p.message;
  }
  rejected_.push_back(RejectedRow{file_, line, std::move(reason), std::move(row_text)});
}

void RowGate::pass_on() {
  for (const auto& p : scratch_.all()) problems_.warning(p.where, p.message);
  scratch_ = Problems();
}

}  // namespace dutyscore::detail
