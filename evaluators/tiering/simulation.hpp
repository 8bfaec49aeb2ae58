// The tiering simulator: a page-access trace replayed over two memory tiers. Pages go to the fast
// tier on first access while it has room; after every epoch the policy names pages to move; the
// result is the modelled time (access latencies plus migration stalls) and the movement counts.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <vector>

#include "tiering.h"
#include "traces/page_trace.hpp"

namespace crucible::evaluators::tiering {

// Latencies and migration costs (docs/domains/tiering.md gives the hardware figures behind the
// presets in memory_model.hpp).
struct MemoryModel {
  double fast_read_ns = 81;
  double fast_write_ns = 81;
  double slow_read_ns = 170;
  double slow_write_ns = 170;
  double migration_ns = 2000;      // program stall per page moved
  uint64_t migration_limit = 256;  // most pages moved after one epoch, both directions together
};

struct TierConfig {
  MemoryModel memory;
  uint64_t fast_capacity = 0;       // pages
  uint64_t pages = 0;               // every PageAccess::page is below it
  uint64_t epoch_length = 100'000;  // trace time units (program accesses) per epoch, >= 1
  uint64_t sample_period = 1;       // each recorded access stands for this many
  uint64_t pingpong_window = 4;     // a move within this many epochs of the page's last one
                                    // (which it reverses) counts as ping-pong
};

struct TierResult {
  uint64_t accesses = 0;
  uint64_t fast_accesses = 0;
  uint64_t reads[2] = {0, 0};   // by tier: CRUCIBLE_FAST, CRUCIBLE_SLOW
  uint64_t writes[2] = {0, 0};
  uint64_t epochs = 0;          // epochs ended (each followed by a policy decision)
  uint64_t promotions = 0;
  uint64_t demotions = 0;
  uint64_t pingpongs = 0;
  double access_ns = 0;         // latencies, times the sample period
  double stall_ns = 0;          // migrations times migration_ns
  double time_ns() const { return access_ns + stall_ns; }
  double fast_hit_ratio() const {
    return accesses == 0 ? 0.0 : static_cast<double>(fast_accesses) / static_cast<double>(accesses);
  }
};

// The modelled time with every access in one tier and no migration (the bounds of any policy
// that cannot beat all-fast).
double all_in_tier_ns(std::span<const traces::PageAccess> accesses, const TierConfig& config,
                      uint64_t tier);

// A placement policy as the simulator drives it. Native baselines implement it directly; the
// rank and hooks mechanisms adapt candidates to it.
class TierPolicy {
 public:
  virtual ~TierPolicy() = default;
  // True: on_access runs for every access (hint-fault and sampling baselines), which is slower.
  virtual bool observes_accesses() const { return false; }
  // `tier` is where the page is at the access (after first-touch placement for a new page).
  virtual void on_access(uint32_t page, uint64_t time, bool is_write, uint64_t tier) {
    (void)page, (void)time, (void)is_write, (void)tier;
  }
  // After each epoch: append the pages to move, in order; each changes tier (see tiering.h).
  // pages[i].id == i; every accessed page is there.
  virtual void on_epoch(std::span<const TierPage> pages, const TierState& state,
                        std::vector<uint32_t>& moves) = 0;
};

// Replays `accesses` (time order, dense pages in order of first access) under `policy`. Throws
// InvalidDecision for a move list that breaks the contract (too many moves, an unknown page, a
// promotion into a full fast tier), std::invalid_argument for accesses that do not fit the config.
TierResult simulate(std::span<const traces::PageAccess> accesses, const TierConfig& config,
                    TierPolicy& policy);

// How the rank mechanism (and the baselines built on scores) turns scores into moves: the best
// slow page is promoted into free room when its score exceeds `promote_margin`, else swapped with
// the worst fast page while it scores more than `swap_margin` above it; then, with the budget
// left, fast pages scoring below `demote_below` are demoted (worst first) until `reserve` pages
// are free, leaving room for new pages. At most state.migration_limit moves; ties go to the lower
// id. Appends to `moves`.
void plan_moves(std::span<const double> scores, std::span<const TierPage> pages,
                const TierState& state, double promote_margin, double swap_margin,
                std::vector<uint32_t>& moves,
                double demote_below = -std::numeric_limits<double>::infinity(),
                uint64_t reserve = 0);

}  // namespace crucible::evaluators::tiering
