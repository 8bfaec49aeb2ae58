// How an experiment runs its candidates: which interface they are written to (rank or hooks)
// and, for rank policies, which mechanism asks them (lazy or sampled), from the workload's
// "policy" object:  {"interface": "rank", "mechanism": "sampled", "sample": 64, "seed": 1}.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "rank_mechanism.hpp"
#include "simulation.hpp"

namespace crucible::evaluators::cache {

enum class PolicyForm { kRank, kHooks };
enum class RankMechanismKind { kLazy, kSampled };

struct PolicySpec {
  PolicyForm interface = PolicyForm::kRank;
  RankMechanismKind mechanism = RankMechanismKind::kLazy;  // rank only
  uint64_t sample = kDefaultSample;                        // sampled only: residents per eviction
  uint64_t seed = 0;                                       // sampled only
};

// "rank" or "hooks": the PolicyInterface::name of cache_interfaces() the spec's candidates use.
std::string_view interface_name(PolicyForm form);

// Every key is optional (defaults above). Throws ConfigError naming `context`.field and the
// allowed values for an unknown key or value, a mechanism given for hooks, or a sample or seed
// given without "mechanism": "sampled".
PolicySpec policy_spec_from_json(const nlohmann::json& spec, std::string_view context);

// Runs the candidate's entry point (crucible_cache_priority for rank, crucible_cache_hooks for
// hooks) under the spec's mechanism. Called inside the sandbox child; throws InvalidDecision for
// a decision that breaks the interface's contract. With `victims`, every evicted id is appended
// to it, in order: the record replay_victims reads.
CacheResult simulate_candidate(std::span<const traces::Request> requests, const CacheConfig& config,
                               const PolicySpec& spec, void* entry,
                               std::string* victims = nullptr);

// The parent's side: replays the victims a candidate's child recorded over `requests` on a plain
// residency set and returns what that cache saw. Every miss is admitted when it can ever fit;
// while it does not fit, the record's next id leaves. Throws InvalidDecision, naming `instance`
// and the request, for an id that is not resident, a record that ends while the cache is full,
// or one with victims left over at the end.
CacheResult replay_victims(std::span<const traces::Request> requests, const CacheConfig& config,
                           std::string_view victims, const std::string& instance);
// How many bytes of `victims` the replay of `requests` consumes: the decisions made before the
// requests that follow them. Throws like replay_victims for an impossible prefix.
size_t victims_used(std::span<const traces::Request> requests, const CacheConfig& config,
                    std::string_view victims, const std::string& instance);

}  // namespace crucible::evaluators::cache
