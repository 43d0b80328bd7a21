#include "base/huge_pages.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string_view>
#include <system_error>

#if defined(__linux__)
#include <sys/mman.h>
#endif

namespace dutyscore::detail {

namespace {

constexpr std::size_t kHuge = std::size_t{2} << 20;
constexpr std::size_t kSmall = 4096;
constexpr int kHugeOrder = 9;  // 2 MiB in 4 KiB pages: 2^9
// VIRTIO_ID_BALLOON, and VIRTIO_BALLOON_F_REPORTING's bit in its features.
constexpr std::string_view kBalloonDevice = "0x0005";
constexpr std::size_t kReportingFeature = 5;

std::string first_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  std::getline(in, line);
  return line;
}

// Whether a virtio balloon has free page reporting on (sysfs lists the
// negotiated feature bits as a string of '0' and '1', bit 0 first).
bool balloon_reports(const std::filesystem::path& devices) {
  std::error_code ec;
  for (std::filesystem::directory_iterator it(devices, ec), end; !ec && it != end; it.increment(ec)) {
    if (first_line(it->path() / "device") != kBalloonDevice) continue;
    const std::string features = first_line(it->path() / "features");
    if (features.size() > kReportingFeature && features[kReportingFeature] == '1') return true;
  }
  return false;
}

// The smallest order of free block the host is told about; the kernel's
// default is a huge page's (pageblock_order).
int reporting_order(const std::filesystem::path& parameter) {
  const std::string text = first_line(parameter);
  char* end = nullptr;
  const long order = std::strtol(text.c_str(), &end, 10);
  if (text.empty() || end == text.c_str() || order < 0 || order > 63) return kHugeOrder;
  return static_cast<int>(order);
}

// a + b, or the largest size when that does not fit.
std::size_t add_or_max(std::size_t a, std::size_t b) {
  return b > std::numeric_limits<std::size_t>::max() - a ? std::numeric_limits<std::size_t>::max() : a + b;
}

// Free bytes in blocks below `order` (at most kHugeOrder), every zone
// ("Node 0, zone Normal n0 n1 ..." a line, n_k free blocks of 2^k pages).
std::size_t free_below(const std::filesystem::path& buddyinfo, int order) {
  std::ifstream in(buddyinfo);
  std::size_t bytes = 0;
  std::string line;
  while (std::getline(in, line)) {
    const auto zone = line.find("zone");
    if (zone == std::string::npos) continue;
    std::istringstream counts(line.substr(zone + 4));
    std::string name;
    counts >> name;
    for (int k = 0; k < order; ++k) {
      unsigned long long count = 0;
      if (!(counts >> count)) break;
      const std::size_t block = kSmall << k;
      const std::size_t most = std::numeric_limits<std::size_t>::max() / block;
      bytes = add_or_max(bytes, count > most ? std::numeric_limits<std::size_t>::max()
                                             : static_cast<std::size_t>(count) * block);
    }
  }
  return bytes;
}

}  // namespace

FreshPages read_fresh_pages(const std::string& root) {
  const std::filesystem::path at(root);
  FreshPages fresh;
  if (!balloon_reports(at / "sys/bus/virtio/devices")) return fresh;
  const int order = reporting_order(at / "sys/module/page_reporting/parameters/page_reporting_order");
  // Reported in blocks larger than a huge page: order-9 blocks stay
  // backed, and huge pages are taken from them first.
  if (order > kHugeOrder) return fresh;
  fresh.host_takes_free_blocks = true;
  fresh.backed_small_bytes = free_below(at / "proc/buddyinfo", order);
  return fresh;
}

HugePageMode huge_page_mode(const char* setting) {
  if (setting == nullptr) return HugePageMode::kAuto;
  const std::string_view s(setting);
  if (s == "always") return HugePageMode::kAlways;
  if (s == "never") return HugePageMode::kNever;
  return HugePageMode::kAuto;
}

HugePageChoice::HugePageChoice(HugePageMode mode, const FreshPages& fresh)
    : mode_(mode), small_left_(fresh.host_takes_free_blocks ? fresh.backed_small_bytes : 0) {}

bool HugePageChoice::huge(std::size_t bytes) {
  if (mode_ != HugePageMode::kAuto) return mode_ == HugePageMode::kAlways;
  std::size_t left = small_left_.load(std::memory_order_relaxed);
  while (left >= bytes) {
    if (small_left_.compare_exchange_weak(left, left - bytes, std::memory_order_relaxed)) return false;
  }
  return true;
}

HugePageChoice& process_huge_page_choice() {
  static HugePageChoice choice(huge_page_mode(std::getenv("DUTYSCORE_HUGE_PAGES")), read_fresh_pages("/"));
  return choice;
}

void advise_huge_pages(const void* data, std::size_t bytes, HugePageChoice* choice) {
#if defined(__linux__) && defined(MADV_HUGEPAGE)
  if (data == nullptr || bytes < 2 * kHuge) return;
  // From the first whole 2 MiB page to the last (pointer arithmetic, not
  // an integer cast back to a pointer).
  char* const at = static_cast<char*>(const_cast<void*>(data));
  const std::size_t skip = (kHuge - reinterpret_cast<std::uintptr_t>(at) % kHuge) % kHuge;
  const std::size_t length = (bytes - skip) / kHuge * kHuge;
  if (length == 0) return;
  // The process's choice is read here, at its first large region.
  HugePageChoice& chosen = choice != nullptr ? *choice : process_huge_page_choice();
  // Advice only: a kernel without THP, or THP set to "never", says no,
  // and the pages are ordinary ones as before.
  if (chosen.huge(length)) (void)madvise(at + skip, length, MADV_HUGEPAGE);
#else
  (void)data;
  (void)bytes;
  (void)choice;
#endif
}

void populate_pages(const void* data, std::size_t bytes) {
#if defined(__linux__)
  constexpr int kPopulateWrite = 23;  // MADV_POPULATE_WRITE, absent from older headers
  if (data == nullptr || bytes < (std::size_t{1} << 20)) return;
  char* const at = static_cast<char*>(const_cast<void*>(data));
  const std::size_t skip = reinterpret_cast<std::uintptr_t>(at) % kSmall;
  // Memory malloc hands out again has its pages already, and populating
  // them would only walk them (10 ms for 440 MB, a fifth of writing them):
  // the first whole page tells.
  unsigned char resident = 0;
  if (mincore(at - skip + kSmall, kSmall, &resident) == 0 && (resident & 1) != 0) return;
  // The pages the region touches: the first and last may hold other bytes,
  // which populating leaves as they are.
  const std::size_t length = (skip + bytes + kSmall - 1) / kSmall * kSmall;
  (void)madvise(at - skip, length, kPopulateWrite);
#else
  (void)data;
  (void)bytes;
#endif
}

}  // namespace dutyscore::detail
