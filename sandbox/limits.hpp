// Resource limits for a freshly forked child, set before it touches untrusted input.
#pragma once

#include <chrono>
#include <cstdint>

namespace crucible::sandbox {

// Address space (what the process has now plus `extra_memory_bytes`), CPU seconds (the wall limit
// rounded up, plus one), no file larger than `max_file_bytes` (0: no file writes at all), no core
// dumps, few descriptors, no new processes.
void apply_child_limits(std::chrono::milliseconds wall, uint64_t extra_memory_bytes,
                        uint64_t max_file_bytes = 0);

}  // namespace crucible::sandbox
