// Internal: asking for transparent huge pages for large, fresh columns.
#pragma once

#include <algorithm>
#include <cstddef>
#include <iterator>
#include <vector>

namespace dutyscore::detail {

// Asks the system to back the whole 2 MiB pages inside [data, data +
// bytes) with transparent huge pages when they are first touched
// (madvise MADV_HUGEPAGE on Linux; nothing elsewhere, or where the
// system says no). A large column is then faulted in once per 2 MiB
// instead of once per 4 KiB: on a virtual machine a page fault can cost
// 10 µs and more, and a batch of 2×10^7 records is some 10^5 pages.
// Pages already touched stay as they are; a region under 4 MiB is left.
void advise_huge_pages(const void* data, std::size_t bytes);

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
// to n if more), into room on huge pages. Twice the size, not the
// capacity: a column reserved from an estimate and then outgrown would
// otherwise double the estimate.
template <class T, class A>
void resize_on_huge_pages(std::vector<T, A>& column, std::size_t n) {
  if (n > column.capacity()) reserve_on_huge_pages(column, std::max(n, 2 * column.size()));
  column.resize(n);
}

}  // namespace dutyscore::detail
