#include "policy_runner.hpp"

#include <cmath>
#include <string>
#include <vector>

#include "evaluators/config.hpp"
#include "evaluators/decision_records.hpp"
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
                               const PolicySpec& spec, void* entry, std::string* victims) {
  if (spec.interface == PolicyForm::kHooks) {
    return simulate_hooks(requests, config, reinterpret_cast<HooksEntry>(entry), victims);
  }
  auto priority = reinterpret_cast<PriorityFunction>(entry);
  if (spec.mechanism == RankMechanismKind::kSampled) {
    return simulate_sampled(requests, config, priority, spec.sample, spec.seed, victims);
  }
  return simulate_rank(requests, config, priority, victims);
}

namespace {

// A cache that only keeps residency and room, evicting what the record names, and how its
// victims were used (CacheResult's victim statistics).
class ReplayCache {
 public:
  ReplayCache(const CacheConfig& config, std::string_view victims, const std::string& instance)
      : config_(config),
        resident_(config.objects, kAbsent),
        last_access_(config.objects, 0),
        record_(victims, "instance " + instance) {}

  bool access(const traces::Request& request, uint64_t time) {
    if (request.id >= config_.objects) {
      throw ConfigError("request " + std::to_string(time) + " names object " +
                        std::to_string(request.id) + ", not below the trace's " +
                        std::to_string(config_.objects));
    }
    if (resident_[request.id] != kAbsent) {
      resident_[request.id] = kHit;
      last_access_[request.id] = static_cast<uint32_t>(time);
      return true;
    }
    const uint64_t room = charge(request, config_);
    if (room > config_.capacity) return false;
    while (used_ + room > config_.capacity) {
      const uint32_t victim = record_.next("a victim for request", time);
      if (victim >= config_.objects || resident_[victim] == kAbsent) {
        throw InvalidDecision("the decision record of " + record_.what() + " evicts object " +
                              std::to_string(victim) + " at request " + std::to_string(time) +
                              ", which is not in the cache");
      }
      ++stats_.evictions;
      if (resident_[victim] == kUnused) ++stats_.unused_evictions;
      // Ages wrap at 2^32 requests, far beyond any victim's in a trace that fits in memory.
      const uint32_t age = static_cast<uint32_t>(time) - last_access_[victim];
      stats_.victim_age_log2_sum +=
          std::log2(1.0 + static_cast<double>(age) / static_cast<double>(residents_));
      resident_[victim] = kAbsent;
      --residents_;
      used_ -= config_.is_bytes ? charges_[victim] : 1;
    }
    resident_[request.id] = kUnused;
    last_access_[request.id] = static_cast<uint32_t>(time);
    ++residents_;
    if (config_.is_bytes) charges_[request.id] = room;
    used_ += room;
    return false;
  }

  RecordReader& record() { return record_; }

  // The victim statistics gathered so far, into `result`.
  void add_stats(CacheResult& result) const {
    result.has_victim_stats = true;
    result.evictions = stats_.evictions;
    result.unused_evictions = stats_.unused_evictions;
    result.victim_age_log2_sum = stats_.victim_age_log2_sum;
  }

 private:
  static constexpr uint8_t kAbsent = 0, kUnused = 1, kHit = 2;  // resident_: not hit yet, hit

  const CacheConfig& config_;
  std::vector<uint8_t> resident_;
  std::vector<uint32_t> last_access_;  // request index of each resident's latest access
  uint64_t residents_ = 0;
  CacheResult stats_;  // only the victim statistics
  // A byte capacity charges each resident the size of the request that brought it in.
  std::vector<uint64_t> charges_ = std::vector<uint64_t>(config_.is_bytes ? config_.objects : 0);
  uint64_t used_ = 0;
  RecordReader record_;
};

}  // namespace

CacheResult replay_victims(std::span<const traces::Request> requests, const CacheConfig& config,
                           std::string_view victims, const std::string& instance) {
  ReplayCache cache(config, victims, instance);
  CacheResult result = simulate(requests, config, cache);
  cache.record().expect_end();
  cache.add_stats(result);
  return result;
}

size_t victims_used(std::span<const traces::Request> requests, const CacheConfig& config,
                    std::string_view victims, const std::string& instance) {
  ReplayCache cache(config, victims, instance);
  (void)simulate(requests, config, cache);
  return cache.record().offset();
}

}  // namespace crucible::evaluators::cache
