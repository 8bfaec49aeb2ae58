// Page-access traces, for the memory-tiering domain: which page each sampled memory access
// touched, when, and whether it wrote. The in-memory form every simulator reads, a compact file
// format (docs/traces.md, "Page traces") with its reader and writer, and the statistics
// `crucible traces info` prints.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "trace.hpp"  // TraceError

namespace crucible::traces {

// One sampled access, 16 bytes.
//   time:  the access's index in the program's whole access stream, before sampling (so with a
//          sample period of N, consecutive records are about N apart).
//   page:  the page's dense index, 0..PageTrace::page_numbers.size()-1 in order of first access;
//          PageTrace::page_numbers[page] is the page number the file gave (address / page size).
struct PageAccess {
  uint64_t time = 0;
  uint32_t page = 0;
  uint32_t is_write = 0;  // 1 for a store, 0 for a load
};
static_assert(sizeof(PageAccess) == 16, "a page access must stay 16 bytes in memory");

struct PageTrace {
  std::string name;                   // file name without .pages and .zst
  std::filesystem::path path;         // empty for synthetic traces
  uint32_t page_size = 4096;          // bytes
  uint64_t sample_period = 1;         // one access in this many was recorded (1: all of them)
  std::vector<PageAccess> accesses;   // in time order
  std::vector<uint64_t> page_numbers; // dense page -> the page number the file gave
  uint64_t pages() const { return page_numbers.size(); }
};

// Builds a PageTrace from accesses in time order: dense page indexes. Throws TraceError past
// 2^32 - 2 pages, or for a time earlier than the last one.
class PageTraceBuilder {
 public:
  PageTraceBuilder(uint32_t page_size, uint64_t sample_period);
  ~PageTraceBuilder();
  PageTraceBuilder(PageTraceBuilder&&) noexcept;
  PageTraceBuilder& operator=(PageTraceBuilder&&) noexcept;
  void add(uint64_t time, uint64_t page_number, bool is_write);
  size_t size() const { return trace_.accesses.size(); }
  // Hands the trace over; name and path are set by the caller.
  PageTrace finish();

 private:
  PageTrace trace_;
  struct PageMap;
  std::unique_ptr<PageMap> pages_;
};

// True for file names ending in .pages or .pages.zst: the page-trace format.
bool is_page_trace_path(const std::filesystem::path& path);

// Reads a page trace (*.zst names are zstd-compressed). Throws TraceError naming the file and,
// for a bad record, its number: a missing file, a wrong magic or version, a record cut short, a
// count that does not match the header, a time that goes back.
PageTrace read_page_trace(const std::filesystem::path& path);

// Writes it (compressed for *.zst names). Throws TraceError naming the file, and removes a partly
// written one.
void write_page_trace(const PageTrace& trace, const std::filesystem::path& path);

struct PageTraceStats {
  uint64_t accesses = 0;
  uint64_t pages = 0;             // distinct pages touched
  uint64_t footprint_bytes = 0;   // pages * page size
  uint64_t writes = 0;
  uint64_t time_span = 0;         // from the first access's time to the last's
  uint64_t single_access_pages = 0;
  // Accesses per page over distinct pages: percentile p is the count at index floor(n * p / 100)
  // of the n sorted counts.
  uint64_t per_page_median = 0;
  uint64_t per_page_p90 = 0;
  uint64_t per_page_p99 = 0;
  uint64_t per_page_max = 0;
  double hottest_tenth_share = 0;  // share of the accesses that go to the 10% most accessed pages
};
PageTraceStats compute_page_stats(const PageTrace& trace);

}  // namespace crucible::traces
