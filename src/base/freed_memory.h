// Internal: giving freed heap memory back to the system.
#pragma once

namespace dutyscore::detail {

// Returns the pages of freed heap blocks to the system (glibc's
// malloc_trim; nothing on other C libraries). malloc keeps the blocks
// below its mmap threshold resident for reuse; a reader that has just
// freed its parts' many such blocks calls this, so that what follows it
// (combining columns, scoring) does not run with them still counted.
void give_back_freed_memory();

}  // namespace dutyscore::detail
