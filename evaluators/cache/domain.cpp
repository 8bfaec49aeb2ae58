#include "domain.hpp"

#include "baselines/baselines.hpp"
#include "evaluators/embedded.hpp"
#include "workload.hpp"

namespace crucible::evaluators::cache {

std::string_view CacheDomain::summary() const {
  return "cache eviction over request traces; rank policies, miss ratio (lower is better)";
}

namespace {

CandidateAllowances rank_allowances() {
  // Rank policies are pure arithmetic on the features: math, min/max, small fixed tables.
  return {{"cmath", "math.h", "cstdint", "stdint.h", "cstddef", "climits", "cfloat", "limits",
           "algorithm", "array", "utility", "type_traits"},
          {"log", "log2", "log10", "log1p", "exp", "exp2", "expm1", "sqrt", "cbrt", "pow", "fabs",
           "abs", "fmin", "fmax", "min", "max", "clamp", "floor", "ceil", "round", "trunc", "fmod",
           "isnan", "isinf", "isfinite", "tanh", "atan", "atan2", "sin", "cos", "hypot", "copysign",
           "swap"},
          {"array", "pair", "numeric_limits"},
          false};
}

}  // namespace

std::vector<PolicyInterface> CacheDomain::interfaces() const {
  PolicyInterface rank;
  rank.name = "rank";
  rank.summary = "a priority per object (higher = keep); the mechanism evicts the lowest";
  rank.headers = {{"cache.h", std::string(embedded_file("interfaces/cache.h"))}};
  rank.entry_symbol = "crucible_cache_priority";
  rank.allowances = rank_allowances();
  rank.seeds = {{"lru", std::string(embedded_file("evaluators/cache/seeds/lru.cpp"))},
                {"lfu", std::string(embedded_file("evaluators/cache/seeds/lfu.cpp"))}};
  return {rank};
}

std::vector<std::string> CacheDomain::baselines() const {
  std::vector<std::string> names;
  for (const auto& baseline : all_baselines()) names.emplace_back(baseline.name);
  return names;
}

std::vector<std::string> CacheDomain::default_baselines() const { return baselines(); }

std::unique_ptr<Workload> CacheDomain::load_workload(const nlohmann::json& spec,
                                                     const std::filesystem::path& base_dir) const {
  return CacheWorkload::load(spec, base_dir, find_interface(*this, ""));
}

}  // namespace crucible::evaluators::cache
