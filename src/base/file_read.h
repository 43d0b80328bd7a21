// Internal: reading a whole input file with a size limit, saying why when
// it cannot be read (a directory, a device, a permission, a read error).
// Shared by the rule loader and the CSV and archive readers.
#pragma once

#include <cstddef>
#include <string>

namespace dutyscore::detail {

// Reads the file at `path` into `out`: a regular file in one read after
// checking its size, anything else (a pipe, a FIFO, a device) in pieces,
// never past `max_bytes` + 1 bytes, so /dev/zero or an endless pipe stops
// at the limit. False with `why`, a sentence naming the reason ("it is a
// directory", "Permission denied", "it is larger than the limit of ...
// bytes"), when it cannot be read whole. `limit_option` names the option
// that raises the limit, for that message.
bool read_bounded(const std::string& path, std::size_t max_bytes, const char* limit_option,
                  std::string& out, std::string& why);

// "1048576 bytes (1 MiB)": a byte count for messages.
std::string byte_count_text(std::size_t bytes);

}  // namespace dutyscore::detail
