// The oracle bound: it reads the trace ahead. After each epoch it scores every page by the time it
// would save in the fast tier over the next `oracle_horizon` epochs (its upcoming loads and
// stores times the latency gaps; with one epoch and equal read and write gaps, the ranking by
// next-epoch accesses), and moves pages as the rank mechanism does, except that a promotion must
// save more than `oracle_margin` migrations and a swap more than twice that. Then it makes room
// for the pages that will be touched for the first time within the horizon (they take free room
// in order of first access, at no cost), demoting the fast pages that will save the least, as
// many as pay for their move. run_baseline reports the best of a small family of these
// (baselines.hpp), since no one horizon and margin suits every trace.
#include <algorithm>

#include "baselines.hpp"

namespace crucible::evaluators::tiering {
namespace {

class Oracle final : public TierPolicy {
 public:
  explicit Oracle(const BaselineContext& context)
      : accesses_(context.accesses),
        epoch_length_(context.config.epoch_length),
        horizon_(std::max<uint64_t>(context.oracle_horizon, 1)),
        margin_(context.oracle_margin),
        start_(accesses_.empty() ? 0 : accesses_.front().time) {
    const auto& memory = context.config.memory;
    const auto period = static_cast<double>(context.config.sample_period);
    read_gain_ = (memory.slow_read_ns - memory.fast_read_ns) * period;
    write_gain_ = (memory.slow_write_ns - memory.fast_write_ns) * period;
  }

  void on_epoch(std::span<const TierPage> pages, const TierState& state,
                std::vector<uint32_t>& moves) override {
    const uint64_t from = start_ + (state.epoch + 1) * epoch_length_;
    const uint64_t to = from + horizon_ * epoch_length_;
    while (next_ < accesses_.size() && accesses_[next_].time < from) ++next_;
    gains_.assign(pages.size(), 0.0);
    arriving_.clear();  // gains of pages first touched within the horizon, in that order
    for (size_t i = next_; i < accesses_.size() && accesses_[i].time < to; ++i) {
      const auto& access = accesses_[i];
      const double gain = (access.is_write & 1U) != 0 ? write_gain_ : read_gain_;
      if (access.page < gains_.size()) {
        gains_[access.page] += gain;
      } else {
        const size_t index = access.page - gains_.size();
        if (index >= arriving_.size()) arriving_.resize(index + 1, 0.0);
        arriving_[index] += gain;
      }
    }
    const double cost = margin_ * state.migration_ns;
    plan_moves(gains_, pages, state, cost, 2 * cost, moves);
    make_room(pages, state, moves);
  }

 private:
  // Demotes the d fast pages of least gain for the d arriving pages after those the free room
  // takes anyway, with d chosen to save the most net of one migration each (0 when none pays).
  void make_room(std::span<const TierPage> pages, const TierState& state,
                 std::vector<uint32_t>& moves) {
    if (arriving_.empty() || moves.size() >= state.migration_limit) return;
    int64_t free = static_cast<int64_t>(state.fast_free);
    moved_.assign(pages.size(), 0);
    for (const uint32_t id : moves) {
      moved_[id] = 1;
      free += pages[id].tier == CRUCIBLE_FAST ? 1 : -1;
    }
    const auto first = static_cast<size_t>(std::max<int64_t>(free, 0));
    if (first >= arriving_.size()) return;
    victims_.clear();
    for (size_t i = 0; i < pages.size(); ++i) {
      if (pages[i].tier == CRUCIBLE_FAST && moved_[i] == 0) victims_.emplace_back(gains_[i], i);
    }
    const size_t most = std::min({arriving_.size() - first, victims_.size(),
                                  static_cast<size_t>(state.migration_limit - moves.size())});
    std::partial_sort(victims_.begin(), victims_.begin() + static_cast<ptrdiff_t>(most),
                      victims_.end());
    double total = 0;
    double best = 0;
    size_t count = 0;
    for (size_t d = 0; d < most; ++d) {
      total += arriving_[first + d] - victims_[d].first - margin_ * state.migration_ns;
      if (total > best) {
        best = total;
        count = d + 1;
      }
    }
    for (size_t d = 0; d < count; ++d) moves.push_back(static_cast<uint32_t>(victims_[d].second));
  }

  std::span<const traces::PageAccess> accesses_;
  uint64_t epoch_length_;
  uint64_t horizon_;
  double margin_;
  uint64_t start_;
  double read_gain_ = 0;
  double write_gain_ = 0;
  size_t next_ = 0;  // first access at or after the next epoch's start
  std::vector<double> gains_;
  std::vector<double> arriving_;
  std::vector<char> moved_;
  std::vector<std::pair<double, size_t>> victims_;
};

}  // namespace

std::unique_ptr<TierPolicy> make_oracle(const BaselineContext& context) {
  return std::make_unique<Oracle>(context);
}

}  // namespace crucible::evaluators::tiering
