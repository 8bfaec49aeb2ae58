// ARMS, adaptive and robust memory tiering (Yadalam, Kanellis, Swift, Venkataraman; arXiv
// 2508.04417, 2025). Hotness is a blend of a short-term and a long-term moving average of each
// page's accesses per epoch (TierPage.ewma[0], rate 1/2, and ewma[2], rate 1/32). A global change
// detector compares the fast-tier-sized hot sets the two averages pick: when they share less than
// half their pages the access pattern has shifted and the short-term average takes over the blend;
// otherwise the stable long-term one dominates. A move happens only when it pays: the expected
// gain, (score up - score down) x latency gap x sample period x kResidencyEpochs, must exceed the
// migration stall it costs (one migration into free room, two for a swap).
#include <algorithm>

#include "baselines.hpp"

namespace crucible::evaluators::tiering {
namespace {

constexpr double kStableShortWeight = 0.25;  // short-term share of the blend when stable
constexpr double kChangedShortWeight = 1.0;  // ... once a change is detected
constexpr double kChangeDivergence = 0.5;    // share of the hot sets that must differ
constexpr double kResidencyEpochs = 4;       // epochs a moved page is expected to stay

class Arms final : public TierPolicy {
 public:
  void on_epoch(std::span<const TierPage> pages, const TierState& state,
                std::vector<uint32_t>& moves) override {
    const double weight = divergence(pages, state.fast_capacity) >= kChangeDivergence
                              ? kChangedShortWeight
                              : kStableShortWeight;
    const double gap =
        ((state.slow_read_ns - state.fast_read_ns) + (state.slow_write_ns - state.fast_write_ns)) /
        2;
    const double ns_per_access = gap * static_cast<double>(state.sample_period) * kResidencyEpochs;
    scores_.resize(pages.size());
    for (size_t id = 0; id < pages.size(); ++id) {
      const double hotness = weight * pages[id].ewma[0] + (1 - weight) * pages[id].ewma[2];
      scores_[id] = hotness * ns_per_access;
    }
    plan_moves(scores_, pages, state, state.migration_ns, 2 * state.migration_ns, moves);
  }

 private:
  // The pages with the `count` highest positive ewma[k], ties to the lower id.
  void top(std::span<const TierPage> pages, int k, uint64_t count, std::vector<uint32_t>& out) {
    out.clear();
    for (size_t id = 0; id < pages.size(); ++id) {
      if (pages[id].ewma[k] > 0) out.push_back(static_cast<uint32_t>(id));
    }
    if (out.size() <= count) return;
    const auto nth = out.begin() + static_cast<ptrdiff_t>(count);
    std::nth_element(out.begin(), nth, out.end(), [&pages, k](uint32_t a, uint32_t b) {
      const double ea = pages[a].ewma[k];
      const double eb = pages[b].ewma[k];
      return ea != eb ? ea > eb : a < b;
    });
    out.erase(nth, out.end());
  }

  // 1 - |short-term hot set & long-term hot set| / the larger set; 0 when both are empty.
  double divergence(std::span<const TierPage> pages, uint64_t fast_capacity) {
    top(pages, 0, fast_capacity, short_set_);
    top(pages, 2, fast_capacity, long_set_);
    const size_t larger = std::max(short_set_.size(), long_set_.size());
    if (larger == 0) return 0;
    in_short_.assign(pages.size(), 0);
    for (const uint32_t id : short_set_) in_short_[id] = 1;
    size_t shared = 0;
    for (const uint32_t id : long_set_) shared += in_short_[id];
    return 1 - static_cast<double>(shared) / static_cast<double>(larger);
  }

  std::vector<double> scores_;
  std::vector<uint32_t> short_set_;
  std::vector<uint32_t> long_set_;
  std::vector<uint8_t> in_short_;
};

}  // namespace

std::unique_ptr<TierPolicy> make_arms(const BaselineContext&) { return std::make_unique<Arms>(); }

}  // namespace crucible::evaluators::tiering
