#include "page_slice.hpp"

#include <stdexcept>
#include <string>

namespace crucible::traces {
namespace {

template <typename Predicate>
PageTrace rebuild(const PageTrace& trace, Predicate in_slice, bool keep, std::string name) {
  PageTraceBuilder builder(trace.page_size, trace.sample_period);
  for (size_t index = 0; index < trace.accesses.size(); ++index) {
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

}  // namespace crucible::traces
