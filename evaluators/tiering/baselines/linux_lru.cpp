// Linux's own reclaim on a tiered machine (5.15+, demotion on reclaim, Dave Hansen's patches):
// pages sit on an active and an inactive list per tier, aged by accessed bits (lru_lists.hpp);
// when the fast tier's free pages fall below the low watermark, kswapd demotes its inactive tail
// until they reach the high one. Nothing is ever promoted: a page that lands in slow memory stays.
#include "baselines.hpp"
#include "lru_lists.hpp"

namespace crucible::evaluators::tiering {
namespace {

class LinuxLru final : public TierPolicy {
 public:
  void on_epoch(std::span<const TierPage> pages, const TierState& state,
                std::vector<uint32_t>& moves) override {
    lists_.add_new(pages);
    lists_.scan(pages, state.epoch);
    const Watermarks marks = reclaim_watermarks(state.fast_capacity);
    if (state.fast_free < marks.low) {
      lists_.demote(state.fast_free, marks.high, state.migration_limit, moves);
    }
  }

 private:
  LruLists lists_;
};

}  // namespace

std::unique_ptr<TierPolicy> make_linux_lru(const BaselineContext&) {
  return std::make_unique<LinuxLru>();
}

}  // namespace crucible::evaluators::tiering
