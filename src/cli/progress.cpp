#include "progress.h"

#include <unistd.h>

#include <cstdio>
#include <utility>

namespace dutyscore::cli {

ProgressBar::ProgressBar(bool enabled, std::function<void(const std::string&)> sink)
    : enabled_(enabled), sink_(std::move(sink)) {}

void ProgressBar::update(std::size_t done, std::size_t total) {
  if (!enabled_ || total == 0) return;
  if (done > total) done = total;
  const int percent = static_cast<int>(done * 100 / total);
  if (percent == shown_percent_) return;
  shown_percent_ = percent;
  constexpr std::size_t kCells = 30;
  const std::size_t filled = done * kCells / total;
  std::string line = "\r[" + std::string(filled, '#') + std::string(kCells - filled, '.') + "] ";
  const std::string pct = std::to_string(percent);
  line += std::string(3 - std::min<std::size_t>(3, pct.size()), ' ') + pct + "%  " +
          std::to_string(done) + "/" + std::to_string(total) + " members";
  drawn_width_ = line.size() - 1;
  sink_(line);
}

void ProgressBar::finish() {
  if (!enabled_ || drawn_width_ == 0) return;
  sink_("\r" + std::string(drawn_width_, ' ') + "\r");
  drawn_width_ = 0;
  shown_percent_ = -1;
}

std::function<void(std::size_t, std::size_t)> ProgressBar::callback() {
  if (!enabled_) return {};
  return [this](std::size_t done, std::size_t total) { update(done, total); };
}

bool stderr_is_terminal() { return isatty(fileno(stderr)) != 0; }

ProgressBar stderr_progress_bar(bool quiet) {
  return ProgressBar(!quiet && stderr_is_terminal(), [](const std::string& text) {
    std::fputs(text.c_str(), stderr);
    std::fflush(stderr);
  });
}

}  // namespace dutyscore::cli
