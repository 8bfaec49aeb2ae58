// compute_stats: what `crucible traces info` reports about a trace.

#include <algorithm>
#include <bit>
#include <vector>

#include "trace.hpp"

namespace crucible::traces {
namespace {

// The size at index floor(n * percent / 100) of the n sorted sizes (the upper median for even n).
uint64_t percentile(const std::vector<uint32_t>& sorted, uint64_t percent) {
  return sorted[std::min<size_t>(sorted.size() - 1, sorted.size() * percent / 100)];
}

std::vector<uint64_t> power_of_two_histogram(const std::vector<uint32_t>& sizes) {
  std::vector<uint64_t> histogram;
  for (uint32_t size : sizes) {
    // Class k >= 1 holds [2^(k-1), 2^k), which is the bit width of the size; size 0 is class 0.
    const auto size_class = static_cast<size_t>(std::bit_width(size));
    if (histogram.size() <= size_class) histogram.resize(size_class + 1, 0);
    ++histogram[size_class];
  }
  return histogram;
}

}  // namespace

TraceStats compute_stats(const Trace& trace) {
  TraceStats stats;
  stats.requests = trace.requests.size();
  // Dense ids: an object's first request is the first with its id; a one-hit wonder's first
  // request has no next.
  std::vector<uint32_t> sizes;
  sizes.reserve(trace.objects());
  for (const Request& request : trace.requests) {
    stats.requested_bytes += request.size;
    stats.time_span = std::max<uint64_t>(stats.time_span, request.time);
    if (request.id == sizes.size()) {
      sizes.push_back(request.size);
      stats.footprint_bytes += request.size;
      if (request.next == kNoNextRequest) ++stats.one_hit_wonders;
    }
  }
  stats.unique_objects = sizes.size();
  if (sizes.empty()) return stats;
  stats.size_histogram = power_of_two_histogram(sizes);
  std::sort(sizes.begin(), sizes.end());
  stats.size_min = sizes.front();
  stats.size_p25 = percentile(sizes, 25);
  stats.size_median = percentile(sizes, 50);
  stats.size_p75 = percentile(sizes, 75);
  stats.size_p90 = percentile(sizes, 90);
  stats.size_p99 = percentile(sizes, 99);
  stats.size_max = sizes.back();
  return stats;
}

}  // namespace crucible::traces
