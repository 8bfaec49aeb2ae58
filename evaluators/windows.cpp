#include "windows.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "config.hpp"
#include "domain.hpp"

namespace crucible::evaluators {
namespace {

constexpr uint64_t kMaxWindows = 64;
constexpr std::string_view kContext = "workload.windows";

struct CombineName {
  WindowSpec::Combine combine;
  std::string_view name;
};
constexpr std::array<CombineName, 3> kCombineNames{{
    {WindowSpec::Combine::kMean, "mean"},
    {WindowSpec::Combine::kMeanMinusSpread, "mean_minus_spread"},
    {WindowSpec::Combine::kWorst, "worst"},
}};

std::string_view combine_name(WindowSpec::Combine combine) {
  for (const auto& entry : kCombineNames) {
    if (entry.combine == combine) return entry.name;
  }
  return "mean";
}

uint64_t checked_count(const nlohmann::json& value, std::string_view field) {
  if (!value.is_number_integer() || value.get<int64_t>() < 1 ||
      value.get<uint64_t>() > kMaxWindows) {
    throw ConfigError(std::string(field) + ": expected a window count from 1 to " +
                      std::to_string(kMaxWindows) + ", got " + value.dump());
  }
  return value.get<uint64_t>();
}

}  // namespace

WindowSpec window_spec_from_json(const nlohmann::json& workload) {
  WindowSpec spec;
  auto it = workload.find("windows");
  if (it == workload.end()) return spec;
  if (it->is_number()) {
    spec.count = checked_count(*it, kContext);
    return spec;
  }
  if (!it->is_object()) {
    throw ConfigError(std::string(kContext) +
                      ": expected a window count or {\"count\": N, \"combine\": \"mean\" | "
                      "\"mean_minus_spread\" | \"worst\", \"spread_weight\": K}, got " +
                      it->dump());
  }
  require_keys(*it, kContext, {"count", "combine", "spread_weight"});
  if (!it->contains("count")) throw ConfigError(std::string(kContext) + ".count: missing");
  spec.count = checked_count((*it)["count"], std::string(kContext) + ".count");
  if (auto name = get_string(*it, "combine", kContext)) {
    auto found = std::find_if(kCombineNames.begin(), kCombineNames.end(),
                              [&](const CombineName& entry) { return entry.name == *name; });
    if (found == kCombineNames.end()) {
      throw ConfigError(std::string(kContext) + ".combine: unknown \"" + *name +
                        "\" (known: mean, mean_minus_spread, worst)");
    }
    spec.combine = found->combine;
  }
  if (auto weight = get_double(*it, "spread_weight", kContext)) {
    if (!(*weight >= 0 && std::isfinite(*weight))) {
      throw ConfigError(std::string(kContext) + ".spread_weight: expected a number >= 0, got " +
                        (*it)["spread_weight"].dump());
    }
    if (spec.combine != WindowSpec::Combine::kMeanMinusSpread) {
      throw ConfigError(std::string(kContext) +
                        ".spread_weight: only \"mean_minus_spread\" uses a spread weight");
    }
    spec.spread_weight = *weight;
  }
  return spec;
}

nlohmann::json window_spec_to_json(const WindowSpec& spec) {
  nlohmann::json json{{"count", spec.count}, {"combine", combine_name(spec.combine)}};
  if (spec.combine == WindowSpec::Combine::kMeanMinusSpread) json["spread_weight"] = spec.spread_weight;
  return json;
}

std::string window_description(const WindowSpec& spec) {
  if (spec.count <= 1) return "";
  const std::string of = " of " + std::to_string(spec.count) + " windows";
  switch (spec.combine) {
    case WindowSpec::Combine::kMean:
      return "mean" + of;
    case WindowSpec::Combine::kWorst:
      return "worst" + of;
    case WindowSpec::Combine::kMeanMinusSpread:
      break;
  }
  return "mean - " + nlohmann::json(spec.spread_weight).dump() + " x spread" + of;
}

double combine_windows(std::span<const double> scores, std::span<const uint64_t> window_of,
                       const WindowSpec& spec) {
  if (scores.size() != window_of.size()) throw std::logic_error("combine_windows: sizes differ");
  if (scores.empty()) return 0;
  const uint64_t windows = *std::max_element(window_of.begin(), window_of.end()) + 1;
  if (windows == 1) {
    double total = 0;
    for (double score : scores) total += score;
    return total / static_cast<double>(scores.size());
  }
  std::vector<double> sums(windows, 0.0);
  std::vector<size_t> counts(windows, 0);
  for (size_t i = 0; i < scores.size(); ++i) {
    sums[window_of[i]] += scores[i];
    ++counts[window_of[i]];
  }
  std::vector<double> means;
  for (uint64_t w = 0; w < windows; ++w) {
    if (counts[w] > 0) means.push_back(sums[w] / static_cast<double>(counts[w]));
  }
  if (spec.combine == WindowSpec::Combine::kWorst) {
    return *std::min_element(means.begin(), means.end());
  }
  double mean = 0;
  for (double value : means) mean += value;
  mean /= static_cast<double>(means.size());
  if (spec.combine == WindowSpec::Combine::kMean) return mean;
  double squares = 0;
  for (double value : means) squares += (value - mean) * (value - mean);
  return mean - spec.spread_weight * std::sqrt(squares / static_cast<double>(means.size()));
}

bool shares_of_whole_trace(const nlohmann::json& workload) {
  const auto value = get_string(workload, "shares_of", "workload");
  if (!value || *value == "part") return false;
  if (*value == "trace") return true;
  throw ConfigError("workload.shares_of: expected \"part\" or \"trace\", got " +
                    nlohmann::json(*value).dump());
}

}  // namespace crucible::evaluators
