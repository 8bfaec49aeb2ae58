// TPP, Transparent Page Placement (Maruf et al., ASPLOS 2023). Reclaim is decoupled from
// allocation: kswapd demotes the fast tier's inactive tail whenever its free pages are below the
// demotion watermark (the high watermark plus 2% of the tier, TPP's demote_scale_factor default),
// so new pages and promotions find room. Promotion rides on NUMA hint faults: every slow page is
// armed after each epoch, and its first access after that faults; a faulting page already on the
// active list becomes a candidate, any other is only marked accessed (which may activate it).
// Candidates are promoted, in fault order, into free room only: TPP never evicts to promote.
#include <algorithm>

#include "baselines.hpp"
#include "lru_lists.hpp"

namespace crucible::evaluators::tiering {
namespace {

uint64_t demotion_watermark(uint64_t fast_capacity) {
  return reclaim_watermarks(fast_capacity).high + fast_capacity * 2 / 100;
}

class Tpp final : public TierPolicy {
 public:
  bool observes_accesses() const override { return true; }

  void on_access(uint32_t page, uint64_t, bool, uint64_t tier) override {
    if (tier != CRUCIBLE_SLOW || page >= armed_.size() || armed_[page] == 0) return;
    armed_[page] = 0;  // one hint fault per scan
    if (lists_.is_active(page)) {
      candidates_.push_back(page);
    } else {
      lists_.reference(page, epoch_);
    }
  }

  void on_epoch(std::span<const TierPage> pages, const TierState& state,
                std::vector<uint32_t>& moves) override {
    lists_.add_new(pages);
    lists_.scan(pages, state.epoch);
    const uint64_t limit = state.migration_limit;
    uint64_t free = state.fast_free;
    const uint64_t mark = demotion_watermark(state.fast_capacity);
    if (free < mark) {
      // Keep up to half the budget for the promotions this reclaim makes room for.
      const uint64_t reserve = std::min<uint64_t>(candidates_.size(), limit / 2);
      free = lists_.demote(free, mark, limit - reserve, moves);
    }
    lists_.promote(candidates_, free, limit, moves);
    candidates_.clear();
    lists_.arm_slow(armed_);
    epoch_ = state.epoch + 1;
  }

 private:
  LruLists lists_;
  std::vector<uint8_t> armed_;        // 1: the next access to this slow page is a hint fault
  std::vector<uint32_t> candidates_;  // active pages that faulted this epoch, in fault order
  uint64_t epoch_ = 0;                // the epoch now running
};

}  // namespace

std::unique_ptr<TierPolicy> make_tpp(const BaselineContext&) { return std::make_unique<Tpp>(); }

}  // namespace crucible::evaluators::tiering
