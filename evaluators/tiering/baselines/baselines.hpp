// Native human-designed tiering policies, one per file, each with its defining rule, and the
// oracle bound. Each is a TierPolicy made fresh for one replay.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "evaluators/tiering/simulation.hpp"

namespace crucible::evaluators::tiering {

// What a baseline is made from: the replay's accesses (only the oracle reads them ahead) and
// its configuration.
struct BaselineContext {
  std::span<const traces::PageAccess> accesses;
  const TierConfig& config;
  // The oracle's lookahead in epochs and its cost margin in migrations (oracle.cpp). A horizon
  // of 0 makes run_baseline report the best of the oracle family below.
  uint64_t oracle_horizon = 0;
  double oracle_margin = 1;
};

// The oracle bound is the fastest of these clairvoyant schedules: lookaheads of 1, 2, 4 and 8
// epochs, each with margins of 1 and 2 migrations.
inline constexpr uint64_t kOracleHorizons[] = {1, 2, 4, 8};
inline constexpr double kOracleMargins[] = {1, 2};

using BaselineFactory = std::unique_ptr<TierPolicy> (*)(const BaselineContext&);

struct Baseline {
  std::string_view name;
  std::string_view rule;  // the defining rule, one line
  BaselineFactory make;
  bool is_oracle = false;  // reads the future: a bound, not a policy
};

std::span<const Baseline> all_baselines();
const Baseline* find_baseline(std::string_view name);  // nullptr when unknown

// Runs the baseline over context.accesses; for the oracle with horizon 0, every member of the
// family, returning the fastest.
TierResult run_baseline(const Baseline& baseline, const BaselineContext& context);

std::unique_ptr<TierPolicy> make_first_touch(const BaselineContext& context);
std::unique_ptr<TierPolicy> make_linux_lru(const BaselineContext& context);
std::unique_ptr<TierPolicy> make_numa_balancing(const BaselineContext& context);
std::unique_ptr<TierPolicy> make_hemem(const BaselineContext& context);
std::unique_ptr<TierPolicy> make_memtis(const BaselineContext& context);
std::unique_ptr<TierPolicy> make_tpp(const BaselineContext& context);
std::unique_ptr<TierPolicy> make_arms(const BaselineContext& context);
std::unique_ptr<TierPolicy> make_oracle(const BaselineContext& context);

}  // namespace crucible::evaluators::tiering
