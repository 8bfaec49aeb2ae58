// Turning a program's memory accesses into a page trace, as `crucible traces capture` does:
// Valgrind's lackey tool prints every load and store ("L addr,size", "S addr,size",
// "M addr,size"; instruction fetches "I ..." are skipped), an optional last-level cache filter
// keeps only the accesses that miss it (what reaches memory, as hardware sampling sees it), one
// access in `sample_period` of those is kept, and each is reduced to its page.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "page_trace.hpp"

namespace crucible::traces {

// A set-associative cache of 64-byte lines with LRU replacement in each set, write-allocate.
class LlcFilter {
 public:
  // `bytes` of capacity in `ways`-way sets; the set count is rounded down to a power of two.
  LlcFilter(uint64_t bytes, uint32_t ways = 16);
  // True when the access to `address` misses (and now holds the line).
  bool is_miss(uint64_t address);
  uint64_t sets() const { return sets_; }

 private:
  uint64_t sets_;
  uint32_t ways_;
  std::vector<uint64_t> tags_;   // sets_ * ways_; line number + 1, 0 = empty
  std::vector<uint64_t> stamps_; // last use, for LRU
  uint64_t clock_ = 0;
};

struct CaptureOptions {
  uint64_t sample_period = 1;  // keep one access in this many (after the filter)
  uint64_t llc_bytes = 0;      // 0: no cache filter
  uint32_t page_size = 4096;
};

struct CaptureCounts {
  uint64_t lines = 0;     // lackey lines read
  uint64_t accesses = 0;  // loads and stores seen (a modify counts once, as a store)
  uint64_t misses = 0;    // of those, past the cache filter (all of them without one)
  uint64_t kept = 0;      // recorded after sampling
};

// Reads lackey's output a chunk at a time (lines may be split across chunks) and builds the
// trace. Lines that are not memory accesses (valgrind's "==pid==" messages, "I" fetches) are
// skipped; a malformed access line throws TraceError quoting it.
class LackeyCapture {
 public:
  explicit LackeyCapture(const CaptureOptions& options);
  void feed(std::string_view chunk);
  // Ends the input (a last line without its newline is read) and hands the trace over.
  PageTrace finish();
  const CaptureCounts& counts() const { return counts_; }

 private:
  void line(std::string_view text);

  CaptureOptions options_;
  std::unique_ptr<LlcFilter> filter_;
  PageTraceBuilder builder_;
  std::string partial_;
  CaptureCounts counts_;
  uint32_t page_shift_ = 12;
};

}  // namespace crucible::traces
