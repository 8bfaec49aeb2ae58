// The two ways a candidate drives the tiering simulator: "rank" (interfaces/tiering.h: a score
// per page after each epoch, the mechanism moves pages) and "hooks" (interfaces/tiering_hooks.h:
// the policy keeps its own state and names the moves).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "simulation.hpp"
#include "tiering_hooks.h"

namespace crucible::evaluators::tiering {

using ScoreFunction = double (*)(const TierPage*, const TierState*);
using HooksEntry = void (*)(TierHooks*);

enum class PolicyForm { kRank, kHooks };

// "rank" or "hooks": the PolicyInterface::name of tiering_interfaces().
std::string_view interface_name(PolicyForm form);

// Scores every page after each epoch and lets plan_moves place the top ones: a slow page scoring
// above 0 is promoted into free room, a higher-scoring slow page swaps with a lower fast one, and
// fast pages scoring below 0 are demoted with the budget left until as many pages are free as
// were new in the epoch (state.new_pages). Throws InvalidDecision for a NaN
// score, naming the page and the epoch.
class RankPolicy final : public TierPolicy {
 public:
  explicit RankPolicy(ScoreFunction score) : score_(score) {}
  void on_epoch(std::span<const TierPage> pages, const TierState& state,
                std::vector<uint32_t>& moves) override;

 private:
  ScoreFunction score_;
  std::vector<double> scores_;
};

// Runs the candidate's entry point (crucible_tier_score for rank, crucible_tier_hooks for hooks).
// Called inside the sandbox child; throws InvalidDecision for a decision that breaks the contract.
// With `moves`, each epoch's move list is appended to it (a count, then the page ids): the record
// replay_moves reads.
TierResult simulate_candidate(std::span<const traces::PageAccess> accesses,
                              const TierConfig& config, PolicyForm form, void* entry,
                              std::string* moves = nullptr);

// The parent's side: replays the move lists a candidate's child recorded, epoch by epoch, on the
// simulator and returns what it measured. Throws InvalidDecision, naming `instance` and the
// epoch, for a list longer than the migration limit, an unknown page, a promotion into a full
// tier, or a record that ends early or runs on.
TierResult replay_moves(std::span<const traces::PageAccess> accesses, const TierConfig& config,
                        std::string_view moves, const std::string& instance);
// How many bytes of `moves` the replay of `accesses` consumes: the decisions after the epochs
// that end within them. Throws like replay_moves for an impossible prefix.
size_t moves_used(std::span<const traces::PageAccess> accesses, const TierConfig& config,
                  std::string_view moves, const std::string& instance);

}  // namespace crucible::evaluators::tiering
