// libFuzzer harness: the archive reader must refuse, never crash or
// allocate what the file does not hold, on any bytes (see archive_one).
#include "fuzz_targets.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (!dutyscore::fuzz::archive_one(data, size)) __builtin_trap();
  return 0;
}
