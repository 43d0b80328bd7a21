// Printing a report to PDF through headless Chromium (report --pdf): the
// HTML the reports are written as, printed by the browser as any person
// would, A4, without the browser's header and footer.
#pragma once

#include <optional>
#include <string>

namespace dutyscore::cli {

// The browser to print with: $DUTYSCORE_CHROMIUM when set, else the first
// of chromium, chromium-browser, google-chrome, google-chrome-stable on the
// PATH; nothing when none is installed.
std::optional<std::string> find_chromium();

// What to tell a person who asked for --pdf on a machine without Chromium.
std::string chromium_install_hint();

// Prints `html` (a whole page) to the PDF file `pdf_path` with `browser`.
// False, with `error` saying why, when the browser fails or takes longer
// than two minutes.
bool print_to_pdf(const std::string& browser, const std::string& html, const std::string& pdf_path,
                  std::string& error);

}  // namespace dutyscore::cli
