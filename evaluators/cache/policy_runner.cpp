#include "policy_runner.hpp"

#include <string>

#include "evaluators/config.hpp"
#include "evaluators/domain.hpp"
#include "hooks_mechanism.hpp"

namespace crucible::evaluators::cache {
namespace {

// The string at `key`, which must be one of `first` or `second`; nullopt when absent.
std::optional<std::string> get_choice(const nlohmann::json& spec, std::string_view key,
                                      std::string_view context, std::string_view first,
                                      std::string_view second) {
  auto value = get_string(spec, key, context);
  if (value && *value != first && *value != second) {
    throw ConfigError(field_path(context, key) + ": unknown value \"" + *value +
                      "\" (allowed: \"" + std::string(first) + "\", \"" + std::string(second) +
                      "\")");
  }
  return value;
}

}  // namespace

std::string_view interface_name(PolicyForm form) {
  return form == PolicyForm::kRank ? "rank" : "hooks";
}

PolicySpec policy_spec_from_json(const nlohmann::json& spec, std::string_view context) {
  require_keys(spec, context, {"interface", "mechanism", "sample", "seed"});
  PolicySpec result;
  if (auto form = get_choice(spec, "interface", context, "rank", "hooks")) {
    result.interface = *form == "rank" ? PolicyForm::kRank : PolicyForm::kHooks;
  }
  if (auto mechanism = get_choice(spec, "mechanism", context, "lazy", "sampled")) {
    if (result.interface == PolicyForm::kHooks) {
      throw ConfigError(field_path(context, "mechanism") +
                        ": only rank policies have a mechanism (\"interface\" is \"hooks\")");
    }
    result.mechanism = *mechanism == "lazy" ? RankMechanismKind::kLazy : RankMechanismKind::kSampled;
  }
  for (std::string_view key : {"sample", "seed"}) {
    if (spec.contains(key) && result.mechanism != RankMechanismKind::kSampled) {
      throw ConfigError(field_path(context, key) + ": only for \"mechanism\": \"sampled\"");
    }
  }
  if (auto sample = get_uint(spec, "sample", context, 1)) result.sample = *sample;
  if (auto seed = get_uint(spec, "seed", context)) result.seed = *seed;
  return result;
}

CacheResult simulate_candidate(std::span<const traces::Request> requests, const CacheConfig& config,
                               const PolicySpec& spec, void* entry) {
  if (spec.interface == PolicyForm::kHooks) {
    return simulate_hooks(requests, config, reinterpret_cast<HooksEntry>(entry));
  }
  auto priority = reinterpret_cast<PriorityFunction>(entry);
  if (spec.mechanism == RankMechanismKind::kSampled) {
    return simulate_sampled(requests, config, priority, spec.sample, spec.seed);
  }
  return simulate_rank(requests, config, priority);
}

}  // namespace crucible::evaluators::cache
