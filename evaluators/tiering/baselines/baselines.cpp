#include "baselines.hpp"

namespace crucible::evaluators::tiering {

std::span<const Baseline> all_baselines() {
  static constexpr Baseline kBaselines[] = {
      {"first_touch", "pages stay where first touch put them: fast while it has room, never moved",
       make_first_touch},
      {"linux_lru",
       "active/inactive lists aged by accessed bits; reclaim demotes the fast tier's inactive "
       "tail to keep a free watermark; nothing is promoted",
       make_linux_lru},
      {"numa_balancing",
       "hint faults on scanned slow pages promote those faulting within a latency threshold, "
       "under a promotion rate limit that adapts the threshold; reclaim demotes",
       make_numa_balancing},
      {"hemem",
       "sampled reads and writes per page, halved when one reaches the cooling threshold; hot "
       "(reads >= 8 or writes >= 4) slow pages swap with cold fast ones",
       make_hemem},
      {"memtis",
       "a log2 histogram of cooled access counts; the hot threshold is the lowest bin whose pages "
       "above it fit the fast tier",
       make_memtis},
      {"tpp",
       "proactive demotion of inactive fast pages to a free watermark; a hint-faulting slow page is "
       "promoted only when it is already on the active list",
       make_tpp},
      {"arms",
       "short- and long-term moving averages blended by detected change; a swap happens only when "
       "its expected gain outweighs the migration cost",
       make_arms},
      {"oracle",
       "bound: knows the future; the fast tier holds the top pages by accesses over the next "
       "epochs, moves only when they save more than they cost; the best of 8 such schedules",
       make_oracle, true},
  };
  return kBaselines;
}

const Baseline* find_baseline(std::string_view name) {
  for (const auto& baseline : all_baselines()) {
    if (baseline.name == name) return &baseline;
  }
  return nullptr;
}

TierResult run_baseline(const Baseline& baseline, const BaselineContext& context) {
  if (baseline.is_oracle && context.oracle_horizon == 0) {
    TierResult best;
    bool is_first = true;
    for (const uint64_t horizon : kOracleHorizons) {
      for (const double margin : kOracleMargins) {
        BaselineContext member = context;
        member.oracle_horizon = horizon;
        member.oracle_margin = margin;
        TierResult result = run_baseline(baseline, member);
        if (is_first || result.time_ns() < best.time_ns()) best = result;
        is_first = false;
      }
    }
    return best;
  }
  auto policy = baseline.make(context);
  return simulate(context.accesses, context.config, *policy);
}

}  // namespace crucible::evaluators::tiering
