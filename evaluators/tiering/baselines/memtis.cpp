// Memtis (Lee et al., SOSP 2023). Each page has a count of its sampled accesses, cooled (halved,
// for every page) once per cooling period of samples; the pages form a histogram over bins
// floor(log2(count + 1)), 16 of them as in Memtis. The hot threshold is the lowest bin b >= 1
// such that the pages in bins >= b fit in the fast tier (the top bin when even it does not), so
// the hot set approximates the fast tier's size. After each epoch the hot slow pages, hottest
// first, are promoted into free room or in place of cold fast pages (below the threshold),
// demoted coldest first. Memtis cools every 2M samples (htmm_cooling_period); we scale the period
// to the tier: kCoolingSamplesPerPage samples per fast page.
#include <algorithm>
#include <bit>

#include "baselines.hpp"
#include "hot_cold.hpp"

namespace crucible::evaluators::tiering {
namespace {

constexpr size_t kBins = 16;
constexpr uint64_t kCoolingSamplesPerPage = 8;

size_t bin_of(uint64_t count) {
  return std::min<size_t>(kBins - 1, static_cast<size_t>(std::bit_width(count + 1)) - 1);
}

class Memtis final : public TierPolicy {
 public:
  void on_epoch(std::span<const TierPage> pages, const TierState& state,
                std::vector<uint32_t>& moves) override {
    counts_.resize(pages.size(), 0);
    for (size_t id = 0; id < pages.size(); ++id) {
      counts_[id] += pages[id].recent[0];
      samples_ += pages[id].recent[0];
    }
    cool(std::max<uint64_t>(1, kCoolingSamplesPerPage * state.fast_capacity));
    const size_t threshold = hot_threshold(state.fast_capacity);
    hot_slow_.clear();
    cold_fast_.clear();
    for (size_t id = 0; id < pages.size(); ++id) {
      const bool is_hot = bin_of(counts_[id]) >= threshold;
      if (pages[id].tier == CRUCIBLE_SLOW && is_hot) hot_slow_.push_back(static_cast<uint32_t>(id));
      if (pages[id].tier == CRUCIBLE_FAST && !is_hot) {
        cold_fast_.push_back(static_cast<uint32_t>(id));
      }
    }
    const size_t limit = state.migration_limit;
    keep_first(hot_slow_, limit, [this](uint32_t a, uint32_t b) {
      return counts_[a] != counts_[b] ? counts_[a] > counts_[b] : a < b;
    });
    keep_first(cold_fast_, limit, [this](uint32_t a, uint32_t b) {
      return counts_[a] != counts_[b] ? counts_[a] < counts_[b] : a < b;
    });
    promote_hot(hot_slow_, cold_fast_, state.fast_free, limit, moves);
  }

 private:
  // One halving of every count per full period of samples since the last cooling.
  void cool(uint64_t period) {
    const uint64_t coolings = samples_ / period;
    samples_ %= period;
    if (coolings == 0) return;
    for (uint64_t& count : counts_) count = coolings >= 64 ? 0 : count >> coolings;
  }

  size_t hot_threshold(uint64_t fast_capacity) {
    uint64_t bins[kBins] = {};
    for (const uint64_t count : counts_) ++bins[bin_of(count)];
    size_t threshold = kBins - 1;
    uint64_t fitting = 0;  // pages in bins >= b
    for (size_t b = kBins - 1; b >= 1; --b) {
      fitting += bins[b];
      if (fitting > fast_capacity) break;
      threshold = b;
    }
    return threshold;
  }

  std::vector<uint64_t> counts_;
  uint64_t samples_ = 0;  // since the last cooling
  std::vector<uint32_t> hot_slow_;
  std::vector<uint32_t> cold_fast_;
};

}  // namespace

std::unique_ptr<TierPolicy> make_memtis(const BaselineContext&) {
  return std::make_unique<Memtis>();
}

}  // namespace crucible::evaluators::tiering
