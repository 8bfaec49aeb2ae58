// split_trace and SliceSpec <-> JSON.

#include "slice.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace crucible::traces {
namespace {

std::string number_text(double value) {
  std::string text = nlohmann::json(value).dump();
  return text;
}

// Requests of `trace` whose `in_slice` matches, rebuilt so ids and next indexes are their own.
// Only indexes in [first, last) are looked at (all of them by default).
template <typename Predicate>
Trace rebuild(const Trace& trace, Predicate in_slice, bool keep, std::string name,
              size_t first = 0, size_t last = SIZE_MAX) {
  TraceBuilder builder;
  for (size_t index = first; index < std::min(last, trace.requests.size()); ++index) {
    if (in_slice(index) != keep) continue;
    const Request& request = trace.requests[index];
    builder.add(
        RawRequest{trace.object_ids[request.id], request.size, trace.time_origin + request.time});
  }
  Trace piece = builder.finish();
  piece.name = std::move(name);
  piece.path = trace.path;
  piece.format = trace.format;
  return piece;
}

}  // namespace

uint64_t slice_prefix_length(uint64_t total, const std::string& name, const SliceSpec& spec,
                             std::string_view records) {
  if (spec.kind == SliceSpec::Kind::kFirst) {
    if (spec.first == 0) throw std::invalid_argument("slice.first: must be at least 1, got 0");
    if (spec.first >= total) {
      throw std::invalid_argument("slice.first: " + std::to_string(spec.first) +
                                  " takes all of the " + std::to_string(total) + " " + std::string(records) + " of " +
                                  name + ", leaving none to hold out");
    }
    return spec.first;
  }
  if (!(spec.fraction > 0.0 && spec.fraction < 1.0)) {
    throw std::invalid_argument("slice.fraction: must be in (0, 1), got " +
                                number_text(spec.fraction));
  }
  const auto count = static_cast<uint64_t>(std::floor(spec.fraction * static_cast<double>(total)));
  if (count == 0) {
    throw std::invalid_argument("slice.fraction: " + number_text(spec.fraction) + " of the " +
                                std::to_string(total) + " " + std::string(records) + " of " + name +
                                " is an empty slice");
  }
  return count;
}

std::string slice_name(const std::string& name, const SliceSpec& spec, std::string_view time_unit) {
  switch (spec.kind) {
    case SliceSpec::Kind::kFirst:
      return name + "[0:" + std::to_string(spec.first) + "]";
    case SliceSpec::Kind::kFraction: {
      // Rounded to a millionth of a percent so 0.07 reads "7%" and not "7.000000000000001%".
      const double percent = std::round(spec.fraction * 1e8) / 1e6;
      const bool is_whole = percent == std::floor(percent);
      const std::string text =
          is_whole ? std::to_string(static_cast<uint64_t>(percent)) : number_text(percent);
      return name + "[0:" + text + "%]";
    }
    case SliceSpec::Kind::kWindow:
      break;
  }
  return name + "[t=" + std::to_string(spec.window_start) + std::string(time_unit) + ":" +
         std::to_string(spec.window_end) + std::string(time_unit) + "]";
}

Split split_trace(const Trace& trace, const SliceSpec& spec) {
  if (trace.requests.empty()) {
    throw std::invalid_argument("slice: trace " + trace.name + " has no requests to slice");
  }
  std::vector<bool> in_window;
  uint64_t prefix = 0;
  uint64_t inside = 0;
  if (spec.kind == SliceSpec::Kind::kWindow) {
    if (spec.window_start >= spec.window_end) {
      throw std::invalid_argument("slice.window: start must be below end, got [" +
                                  std::to_string(spec.window_start) + ", " +
                                  std::to_string(spec.window_end) + "]");
    }
    in_window.reserve(trace.requests.size());
    for (const Request& request : trace.requests) {
      const bool is_inside = request.time >= spec.window_start && request.time < spec.window_end;
      in_window.push_back(is_inside);
      inside += is_inside ? 1 : 0;
    }
    if (inside == 0 || inside == trace.requests.size()) {
      throw std::invalid_argument("slice.window: [" + std::to_string(spec.window_start) + ", " +
                                  std::to_string(spec.window_end) + ") seconds holds " +
                                  (inside == 0 ? "no request" : "every request") + " of " +
                                  trace.name + " (its times run " + "from 0 to " +
                                  std::to_string(compute_stats(trace).time_span) + " s)");
    }
  } else {
    prefix = slice_prefix_length(trace.requests.size(), trace.name, spec, "requests");
  }
  auto in_slice = [&](size_t index) {
    return spec.kind == SliceSpec::Kind::kWindow ? static_cast<bool>(in_window[index])
                                                 : index < prefix;
  };
  Split split;
  split.slice = rebuild(trace, in_slice, true, slice_name(trace.name, spec, "s"));
  split.holdout = rebuild(trace, in_slice, false, trace.name + "[holdout]");
  return split;
}

WindowRange window_range(uint64_t total, uint64_t count, uint64_t index) {
  if (count == 0 || index >= count) throw std::logic_error("window_range: index out of range");
  // Traces hold fewer than 2^32 records and count is small: the products cannot overflow.
  return {total * index / count, total * (index + 1) / count};
}

std::string window_name(const std::string& name, uint64_t count, uint64_t index) {
  return name + "[w" + std::to_string(index + 1) + "/" + std::to_string(count) + "]";
}

std::vector<Trace> split_windows(const Trace& trace, uint64_t count) {
  if (count == 0 || trace.requests.size() < count) {
    throw std::invalid_argument("windows: trace " + trace.name + " has " +
                                std::to_string(trace.requests.size()) +
                                " requests, too few for " + std::to_string(count) + " windows");
  }
  std::vector<Trace> pieces;
  for (uint64_t w = 0; w < count; ++w) {
    const auto range = window_range(trace.requests.size(), count, w);
    pieces.push_back(rebuild(trace, [](size_t) { return true; }, true,
                             window_name(trace.name, count, w), range.begin, range.end));
  }
  return pieces;
}

SliceSpec slice_spec_from_json(const nlohmann::json& json, std::string_view context) {
  const std::string where(context);
  if (!json.is_object() || json.size() != 1) {
    throw std::invalid_argument(where +
                                ": expected one of {\"first\": N}, {\"fraction\": f} or "
                                "{\"window\": [start, end]}, got " +
                                json.dump());
  }
  const std::string key = json.begin().key();
  const nlohmann::json& value = json.begin().value();
  const std::string field = where + "." + key;
  SliceSpec spec;
  if (key == "first") {
    if (!value.is_number_integer() || value.get<int64_t>() < 1) {
      throw std::invalid_argument(field + ": expected a positive number of requests, got " +
                                  value.dump());
    }
    spec.kind = SliceSpec::Kind::kFirst;
    spec.first = value.get<uint64_t>();
  } else if (key == "fraction") {
    if (!value.is_number() || !(value.get<double>() > 0.0 && value.get<double>() < 1.0)) {
      throw std::invalid_argument(field + ": must be a number in (0, 1), got " + value.dump());
    }
    spec.kind = SliceSpec::Kind::kFraction;
    spec.fraction = value.get<double>();
  } else if (key == "window") {
    auto is_seconds = [](const nlohmann::json& bound) {
      return bound.is_number_integer() && bound.get<int64_t>() >= 0;
    };
    if (!value.is_array() || value.size() != 2 || !is_seconds(value[0]) || !is_seconds(value[1]) ||
        value[0].get<int64_t>() >= value[1].get<int64_t>()) {
      throw std::invalid_argument(field +
                                  ": expected [start, end] in whole seconds with "
                                  "0 <= start < end, got " +
                                  value.dump());
    }
    spec.kind = SliceSpec::Kind::kWindow;
    spec.window_start = value[0].get<uint64_t>();
    spec.window_end = value[1].get<uint64_t>();
  } else {
    throw std::invalid_argument(field + ": unknown key (known: first, fraction, window)");
  }
  return spec;
}

nlohmann::json slice_spec_to_json(const SliceSpec& spec) {
  switch (spec.kind) {
    case SliceSpec::Kind::kFirst:
      return {{"first", spec.first}};
    case SliceSpec::Kind::kFraction:
      return {{"fraction", spec.fraction}};
    case SliceSpec::Kind::kWindow:
      break;
  }
  return {{"window", {spec.window_start, spec.window_end}}};
}

}  // namespace crucible::traces
