// libFuzzer harness: the input profile loader must report, never crash, on any text.
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!dutyscore::fuzz::profile_one(data, size)) __builtin_trap();
  return 0;
}
