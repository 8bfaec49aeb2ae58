// Windowed fitness, for every trace-driven domain: the searched part of each trace is cut into
// `count` disjoint windows of consecutive records, each scored as a trace of its own (from a cold
// start), and the fitness combines the windows' scores so that a policy tuned to one stretch of
// the workload cannot win by it alone. With one window (the default) nothing changes.
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain.hpp"

namespace crucible::evaluators {

struct WindowSpec {
  enum class Combine {
    kMean,             // the mean of the windows' scores
    kMeanMinusSpread,  // that mean less `spread_weight` times their standard deviation
    kWorst,            // the lowest window's score
  };
  uint64_t count = 1;
  Combine combine = Combine::kMean;
  double spread_weight = 1.0;
};

// The workload's "windows": absent (one window), a count (2..64, combined by the mean) or
// {"count": N, "combine": "mean" | "mean_minus_spread" | "worst", "spread_weight": K}. Throws
// ConfigError naming "workload.windows" and the field at fault.
WindowSpec window_spec_from_json(const nlohmann::json& workload);
nlohmann::json window_spec_to_json(const WindowSpec& spec);

// "mean of 4 windows", "worst of 4 windows", "mean - 1 x spread of 4 windows"; empty for one.
std::string window_description(const WindowSpec& spec);

// The workload's "shares_of": what a size written as a share ("10%") is of. "part" (the default):
// of the searched part's footprint for the searched instances and of the held-out part's for the
// held-out ones; "trace": of the whole trace's, before slicing, so that both parts are run at the
// same capacity, as a machine's memory does not shrink with the phase of its workload. True for
// "trace"; ConfigError naming "workload.shares_of" for any other value.
bool shares_of_whole_trace(const nlohmann::json& workload);

// A workload's searched traces cut into spec.count windows each by `split` (traces::split_windows
// or split_page_windows), in order: trace 0's windows, then trace 1's. window_of and source_of
// get each piece's window and the index of the trace it came from. The traces as they are when
// spec.count is 1. A trace too short to cut is a ConfigError naming "workload.windows".
template <typename Trace, typename Split>
std::vector<Trace> cut_windows(std::vector<Trace> traces, const WindowSpec& spec, Split split,
                               std::vector<uint64_t>& window_of, std::vector<size_t>& source_of) {
  window_of.clear();
  source_of.clear();
  if (spec.count <= 1) {
    for (size_t i = 0; i < traces.size(); ++i) source_of.push_back(i);
    window_of.assign(traces.size(), 0);
    return traces;
  }
  std::vector<Trace> pieces;
  for (size_t i = 0; i < traces.size(); ++i) {
    std::vector<Trace> cut;
    try {
      cut = split(traces[i], spec.count);
    } catch (const std::invalid_argument& error) {
      throw ConfigError("workload.windows: " + std::string(error.what()));
    }
    for (uint64_t w = 0; w < cut.size(); ++w) {
      window_of.push_back(w);
      source_of.push_back(i);
      pieces.push_back(std::move(cut[w]));
    }
  }
  return pieces;
}

// The fitness of per-instance scores, instance i in window window_of[i]: each window's score is
// the mean of its instances', and `spec` combines the windows that hold any instance. With every
// instance in one window this is the plain mean, summed in order. 0 for no instance.
double combine_windows(std::span<const double> scores, std::span<const uint64_t> window_of,
                       const WindowSpec& spec);

}  // namespace crucible::evaluators
