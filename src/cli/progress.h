// A progress bar for long runs, drawn on standard error only when it is a
// terminal (silent when piped, so logs and captured output stay clean).
#pragma once

#include <cstddef>
#include <functional>
#include <string>

namespace dutyscore::cli {

class ProgressBar {
 public:
  // `enabled` false draws nothing; `sink` receives the bytes to write.
  ProgressBar(bool enabled, std::function<void(const std::string&)> sink);

  // "\r[##########..........]  50%  1500/3000 members"; redrawn only when
  // the shown percentage changes, so a fast run costs nothing.
  void update(std::size_t done, std::size_t total);

  // Clears the bar's line (when anything was drawn).
  void finish();

  // The bar as an EvaluateOptions::progress callback (empty when disabled,
  // so the evaluation skips the calls).
  std::function<void(std::size_t, std::size_t)> callback();

 private:
  bool enabled_;
  std::function<void(const std::string&)> sink_;
  int shown_percent_ = -1;
  std::size_t drawn_width_ = 0;
};

// Whether standard error is a terminal.
bool stderr_is_terminal();

// The bar on standard error, enabled when it is a terminal and not `quiet`.
ProgressBar stderr_progress_bar(bool quiet);

}  // namespace dutyscore::cli
