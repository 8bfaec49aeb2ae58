// Slicing a trace for search: the slice a search scores candidates on, and the held-out rest.
#pragma once

#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "trace.hpp"

namespace crucible::traces {

struct SliceSpec {
  enum class Kind { kFirst, kFraction, kWindow };
  Kind kind = Kind::kFraction;
  uint64_t first = 0;         // kFirst: the first `first` requests
  double fraction = 0.2;      // kFraction: the first floor(fraction * requests) requests
  uint64_t window_start = 0;  // kWindow: requests with trace time in [start, end) seconds
  uint64_t window_end = 0;
};

struct Split {
  Trace slice;    // named e.g. "P6[0:20%]", "P6[0:100000]", "P6[t=0s:3600s]"
  Trace holdout;  // the requests not in the slice, in order; named "P6[holdout]"
};

// Both pieces are rebuilt with TraceBuilder: dense ids, times and next indexes are their own.
// Throws std::invalid_argument naming the field and value when the slice is empty or takes the
// whole trace (nothing left to hold out), a fraction outside (0, 1), or a window with start >= end.
Split split_trace(const Trace& trace, const SliceSpec& spec);

// {"first": N} | {"fraction": f} | {"window": [start, end]}: exactly one key. Errors name
// `context` + the key, e.g. "workload.traces[0].slice.fraction: must be in (0, 1), got 1.5".
// For slicers of other trace kinds (page traces): how many leading records of `total` the first
// and fraction kinds take, checked to leave both pieces non-empty (std::invalid_argument naming
// the field, `name` and the `records`: "requests", "accesses"); and the slice's name, "P6[0:20%]", with window bounds in `time_unit`.
uint64_t slice_prefix_length(uint64_t total, const std::string& name, const SliceSpec& spec,
                             std::string_view records);
std::string slice_name(const std::string& name, const SliceSpec& spec, std::string_view time_unit);

// Windows of a searched part (windowed fitness, evaluators/windows.hpp): piece `index` of `count`
// holds the records [total x index / count, total x (index + 1) / count), so the pieces are
// consecutive, as even as integer division makes them, and cover every record once.
struct WindowRange {
  uint64_t begin = 0;
  uint64_t end = 0;
};
WindowRange window_range(uint64_t total, uint64_t count, uint64_t index);
// "OLTP[0:50%]" -> "OLTP[0:50%][w2/4]" for index 1 of 4.
std::string window_name(const std::string& name, uint64_t count, uint64_t index);
// The `count` windows of `trace`, each rebuilt as split_trace rebuilds its pieces (dense ids and
// next indexes of its own) and named by window_name. Throws std::invalid_argument naming the
// trace when it has fewer requests than windows.
std::vector<Trace> split_windows(const Trace& trace, uint64_t count);

SliceSpec slice_spec_from_json(const nlohmann::json& json, std::string_view context);
nlohmann::json slice_spec_to_json(const SliceSpec& spec);

}  // namespace crucible::traces
