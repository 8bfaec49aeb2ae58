#include "page_slice.hpp"

#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace crucible::traces {
namespace {

// Only indexes in [first, last) are looked at (all of them by default).
template <typename Predicate>
PageTrace rebuild(const PageTrace& trace, Predicate in_slice, bool keep, std::string name,
                  size_t first = 0, size_t last = SIZE_MAX) {
  PageTraceBuilder builder(trace.page_size, trace.sample_period);
  for (size_t index = first; index < std::min(last, trace.accesses.size()); ++index) {
    if (in_slice(index) != keep) continue;
    const PageAccess& access = trace.accesses[index];
    builder.add(access.time, trace.page_numbers[access.page], access.is_write != 0);
  }
  PageTrace piece = builder.finish();
  piece.name = std::move(name);
  piece.path = trace.path;
  return piece;
}

}  // namespace

PageSplit split_page_trace(const PageTrace& trace, const SliceSpec& spec) {
  if (trace.accesses.empty()) {
    throw std::invalid_argument("slice: page trace " + trace.name + " has no accesses to slice");
  }
  uint64_t prefix = 0;
  if (spec.kind == SliceSpec::Kind::kWindow) {
    if (spec.window_start >= spec.window_end) {
      throw std::invalid_argument("slice.window: start must be below end, got [" +
                                  std::to_string(spec.window_start) + ", " +
                                  std::to_string(spec.window_end) + "]");
    }
    uint64_t inside = 0;
    for (const auto& access : trace.accesses) {
      inside += access.time >= spec.window_start && access.time < spec.window_end ? 1 : 0;
    }
    if (inside == 0 || inside == trace.accesses.size()) {
      throw std::invalid_argument(
          "slice.window: [" + std::to_string(spec.window_start) + ", " +
          std::to_string(spec.window_end) + ") holds " + (inside == 0 ? "no access" : "every access") +
          " of " + trace.name + " (its times run from " + std::to_string(trace.accesses.front().time) +
          " to " + std::to_string(trace.accesses.back().time) + ")");
    }
  } else {
    prefix = slice_prefix_length(trace.accesses.size(), trace.name, spec, "accesses");
  }
  auto in_slice = [&](size_t index) {
    if (spec.kind != SliceSpec::Kind::kWindow) return index < prefix;
    const uint64_t time = trace.accesses[index].time;
    return time >= spec.window_start && time < spec.window_end;
  };
  PageSplit split;
  split.slice = rebuild(trace, in_slice, true, slice_name(trace.name, spec, ""));
  split.holdout = rebuild(trace, in_slice, false, trace.name + "[holdout]");
  return split;
}

std::vector<PageTrace> split_page_windows(const PageTrace& trace, uint64_t count) {
  if (count == 0 || trace.accesses.size() < count) {
    throw std::invalid_argument("windows: page trace " + trace.name + " has " +
                                std::to_string(trace.accesses.size()) +
                                " accesses, too few for " + std::to_string(count) + " windows");
  }
  std::vector<PageTrace> pieces;
  for (uint64_t w = 0; w < count; ++w) {
    const auto range = window_range(trace.accesses.size(), count, w);
    pieces.push_back(rebuild(trace, [](size_t) { return true; }, true,
                             window_name(trace.name, count, w), range.begin, range.end));
  }
  return pieces;
}

}  // namespace crucible::traces
