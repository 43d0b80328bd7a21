// libFuzzer harness: the workbook reader and the office readers must report, never crash, on any bytes,
// and account for every row in keep-going mode.
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!dutyscore::fuzz::workbook_one(data, size)) __builtin_trap();
  return 0;
}
