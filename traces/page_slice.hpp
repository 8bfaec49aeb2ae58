// Slicing a page trace for search: the slice candidates are scored on and the held-out rest, as
// slice.hpp does for request traces (the same SliceSpec: first N accesses, a leading fraction, or
// a window of trace times, here in the trace's own time units).
#pragma once

#include "page_trace.hpp"
#include "slice.hpp"

#include <vector>

namespace crucible::traces {

struct PageSplit {
  PageTrace slice;    // named e.g. "xz[0:50%]", "xz[0:10000]", "xz[t=0:500000]"
  PageTrace holdout;  // the accesses not in the slice, in order; named "xz[holdout]"
};

// Both pieces are rebuilt with PageTraceBuilder: each has its own dense page indexes (in order of
// first access within the piece) and keeps the page numbers, times, page size and sample period.
// Throws std::invalid_argument naming the field when either piece would be empty.
PageSplit split_page_trace(const PageTrace& trace, const SliceSpec& spec);

// The `count` windows of `trace` (window_range in slice.hpp), each rebuilt as split_page_trace
// rebuilds its pieces and named by window_name. Throws std::invalid_argument naming the trace
// when it has fewer accesses than windows.
std::vector<PageTrace> split_page_windows(const PageTrace& trace, uint64_t count);

}  // namespace crucible::traces
