// Tests' reading of a FileWindow to its end, window by window.
#pragma once

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "base/file_read.h"

namespace dutyscore::testing {

// The text of `w` from where it is to its end, read in windows of
// `window` bytes, each dropped but for its last `keep`; `on_window(text)`
// sees each window first (false stops the reading there).
template <class OnWindow>
std::string read_windows(detail::FileWindow& w, std::size_t window, std::size_t keep,
                         const OnWindow& on_window) {
  std::string out, why;
  for (;;) {
    EXPECT_TRUE(w.fill(keep + window, why)) << why;
    const std::string_view text = w.text();
    if (!on_window(text)) return out;
    if (w.at_end()) {
      out += text;
      return out;
    }
    EXPECT_GE(text.size(), keep + window);
    const std::size_t dropped = text.size() - keep;
    out += text.substr(0, dropped);
    w.drop(dropped);
  }
}

}  // namespace dutyscore::testing
