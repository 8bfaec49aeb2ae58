// Linux NUMA balancing in memory tiering mode (numa_balancing=2; Huang Ying's mm/ patches, 5.18
// to 6.1). The scanner arms every slow page at the start of each epoch; a page's first access
// after that is a hint fault, and its latency (fault time minus arming time) says how hot it is.
// A fault under the hot threshold makes the page a promotion candidate; at most `rate_limit_`
// candidates per epoch are promoted (numa_balancing_promote_rate_limit_MBps), in fault order. The
// threshold adapts each epoch as numa_promotion_adjust_threshold does: more than 110% of the rate
// limit in candidates lowers it one step, fewer than 90% raises it, within [step, 2 x reference].
// Room comes from reclaim as in linux_lru; a promotion that finds too little free room wakes
// kswapd to reclaim for it first (the kernel's promotion watermark).
#include <algorithm>

#include "baselines.hpp"
#include "lru_lists.hpp"

namespace crucible::evaluators::tiering {
namespace {

constexpr uint64_t kThresholdSteps = 16;  // NUMA_MIGRATION_ADJUST_STEPS

class NumaBalancing final : public TierPolicy {
 public:
  explicit NumaBalancing(const BaselineContext& context)
      : epoch_length_(context.config.epoch_length),
        rate_limit_(std::max<uint64_t>(1, context.config.memory.migration_limit / 2)),
        // The kernel's default threshold (1 s) against its scan period (1 s and up): here half an
        // epoch, so that a page first touched early in the epoch after its scan counts as hot.
        reference_threshold_(std::max<uint64_t>(1, context.config.epoch_length / 2)),
        step_(std::max<uint64_t>(1, reference_threshold_ * 2 / kThresholdSteps)),
        threshold_(reference_threshold_) {}

  bool observes_accesses() const override { return true; }

  void on_access(uint32_t page, uint64_t time, bool, uint64_t tier) override {
    if (!has_start_) {
      has_start_ = true;
      start_ = time;
    }
    if (tier != CRUCIBLE_SLOW || page >= armed_.size() || armed_[page] == 0) return;
    armed_[page] = 0;  // one hint fault per scan
    if (time - scan_time_ >= threshold_) return;
    ++candidates_;  // counted even when the rate limit stops it, as PGPROMOTE_CANDIDATE is
    if (queue_.size() < rate_limit_) queue_.push_back(page);
  }

  void on_epoch(std::span<const TierPage> pages, const TierState& state,
                std::vector<uint32_t>& moves) override {
    lists_.add_new(pages);
    lists_.scan(pages, state.epoch);
    adjust_threshold();
    const uint64_t limit = state.migration_limit;
    const Watermarks marks = reclaim_watermarks(state.fast_capacity);
    const uint64_t pending = queue_.size();
    uint64_t free = state.fast_free;
    if (free < marks.low || free < pending) {
      const uint64_t reserve = std::min<uint64_t>(pending, limit / 2);
      free = lists_.demote(free, std::max(marks.high, pending), limit - reserve, moves);
    }
    lists_.promote(queue_, free, limit, moves);
    queue_.clear();
    scan_time_ = start_ + (state.epoch + 1) * epoch_length_;
    lists_.arm_slow(armed_);
  }

 private:
  void adjust_threshold() {
    if (candidates_ * 10 > rate_limit_ * 11) {
      threshold_ = std::max(threshold_, 2 * step_) - step_;  // never below one step
    } else if (candidates_ * 10 < rate_limit_ * 9) {
      threshold_ = std::min(threshold_ + step_, 2 * reference_threshold_);
    }
    candidates_ = 0;
  }

  uint64_t epoch_length_;
  uint64_t rate_limit_;           // promotions per epoch
  uint64_t reference_threshold_;  // trace time units
  uint64_t step_;
  uint64_t threshold_;
  bool has_start_ = false;
  uint64_t start_ = 0;      // the first access's time: epoch e starts at start_ + e * epoch_length_
  uint64_t scan_time_ = 0;  // when the running epoch's scan armed the slow pages
  uint64_t candidates_ = 0;  // faults under the threshold this epoch
  LruLists lists_;
  std::vector<uint8_t> armed_;
  std::vector<uint32_t> queue_;  // candidates within the rate limit, in fault order
};

}  // namespace

std::unique_ptr<TierPolicy> make_numa_balancing(const BaselineContext& context) {
  return std::make_unique<NumaBalancing>(context);
}

}  // namespace crucible::evaluators::tiering
