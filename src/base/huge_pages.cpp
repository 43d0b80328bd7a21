#include "base/huge_pages.h"

#include <cstdint>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace dutyscore::detail {

void advise_huge_pages(const void* data, std::size_t bytes) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  constexpr std::size_t kHuge = std::size_t{2} << 20;
  if (data == nullptr || bytes < 2 * kHuge) return;
  // From the first whole 2 MiB page to the last (pointer arithmetic, not
  // an integer cast back to a pointer).
  char* const at = static_cast<char*>(const_cast<void*>(data));
  const std::size_t skip = (kHuge - reinterpret_cast<std::uintptr_t>(at) % kHuge) % kHuge;
  const std::size_t length = (bytes - skip) / kHuge * kHuge;
  // Advice only: a kernel without THP, or THP set to "never", says no,
  // and the pages are ordinary ones as before.
  if (length > 0) (void)madvise(at + skip, length, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
#endif
}

}  // namespace dutyscore::detail
