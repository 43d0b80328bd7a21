// Internal: asking for transparent huge pages for large, fresh columns.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <iterator>
#include <string>
#include <vector>

namespace dutyscore::detail {

// What this machine's fresh memory costs, as far as the page size goes.
struct FreshPages {
  // The host takes back free memory in blocks of a huge page and more
  // (virtio-balloon free page reporting at order 9 or below): a fresh
  // huge page is then nearly always one it must back anew.
  bool host_takes_free_blocks = false;
  // Free memory in blocks smaller than that, which the host still backs
  // and small pages are taken from first (from /proc/buddyinfo).
  std::size_t backed_small_bytes = 0;
};

// Reads FreshPages under a root holding sys/ and proc/ ("/" on the
// machine itself; a folder of made-up files in tests). Whatever cannot be
// read counts as an ordinary machine.
FreshPages read_fresh_pages(const std::string& root);

// Whether fresh regions go onto huge pages. kAuto decides by FreshPages:
// huge pages, except on a host that takes back free blocks, where 4 KiB
// pages come in at ~3 GB/s while still backed and a fresh 2 MiB page at
// ~0.4 GB/s; there regions go onto small pages while the backed small
// blocks last, and onto huge pages after, when small ones come in at the
// host's pace too. DUTYSCORE_HUGE_PAGES=always|never|auto chooses for the
// process.
enum class HugePageMode { kAuto, kAlways, kNever };
HugePageMode huge_page_mode(const char* setting);  // nullptr or unknown: kAuto

class HugePageChoice {
 public:
  HugePageChoice(HugePageMode mode, const FreshPages& fresh);
  // Whether a fresh region of `bytes` should be asked onto huge pages;
  // a region that goes onto small pages is taken from what is left of
  // the backed small blocks. Safe from any thread.
  bool huge(std::size_t bytes);

 private:
  HugePageMode mode_;
  std::atomic<std::size_t> small_left_;
};

// The process's choice, read once, at the first large region.
HugePageChoice& process_huge_page_choice();

// Asks the system to back the whole 2 MiB pages inside [data, data +
// bytes) with transparent huge pages when they are first touched
// (madvise MADV_HUGEPAGE on Linux; nothing elsewhere, or where the
// system says no), when `choice` says so (null: the process's choice). A
// large column is then faulted in once per 2 MiB instead of once per 4
// KiB: on a virtual machine a page fault can cost 10 µs and more, and a
// batch of 2×10^7 records is some 10^5 pages. Pages already touched stay
// as they are; a region under 4 MiB is left.
void advise_huge_pages(const void* data, std::size_t bytes, HugePageChoice* choice = nullptr);

// Makes the pages under [data, data + bytes) present and writable in one
// call (madvise MADV_POPULATE_WRITE, Linux 5.14; nothing elsewhere, or
// where the system says no), for a region about to be written whole: one
// call, not a trap every 4 KiB. Touching 440 MB of fresh small pages cost
// 161 ms beside the writes on this project's hosts, populating it 113 ms.
// Regions under 1 MiB, and memory already there, are left as they are.
void populate_pages(const void* data, std::size_t bytes);

// Room for n elements, asked to be on huge pages before anything is
// written to it: the elements held so far move to fresh storage after
// the advice. Nothing happens when the room is there already.
template <class T, class A>
void reserve_on_huge_pages(std::vector<T, A>& column, std::size_t n) {
  if (n <= column.capacity()) return;
  std::vector<T, A> larger(column.get_allocator());
  larger.reserve(n);
  advise_huge_pages(larger.data(), larger.capacity() * sizeof(T));
  larger.insert(larger.end(), std::make_move_iterator(column.begin()),
                std::make_move_iterator(column.end()));
  column.swap(larger);
}

// assign(n, value) into room on huge pages.
template <class T, class A>
void assign_on_huge_pages(std::vector<T, A>& column, std::size_t n,
                          const typename std::vector<T, A>::value_type& value) {
  reserve_on_huge_pages(column, n);
  column.assign(n, value);
}

// resize(n) that grows as the vector itself would (to twice its size, or
// to n if more), into room on huge pages, the new elements' pages
// populated first. Twice the size, not the capacity: a column reserved
// from an estimate and then outgrown would otherwise double the estimate.
template <class T, class A>
void resize_on_huge_pages(std::vector<T, A>& column, std::size_t n) {
  if (n > column.capacity()) reserve_on_huge_pages(column, std::max(n, 2 * column.size()));
  if (n > column.size())
    populate_pages(column.data() + column.size(), (n - column.size()) * sizeof(T));
  column.resize(n);
}

}  // namespace dutyscore::detail
