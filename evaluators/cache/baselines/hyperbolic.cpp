// Hyperbolic caching (Blankstein, Sen and Freedman, USENIX ATC 2017): an object's priority is
// its request count since insertion divided by its time in the cache; evict the lowest priority
// among 64 residents drawn at random with replacement (64 is libCacheSim's default n-sample).
// Time is logical (requests since insertion) and size does not enter the priority, as in
// libCacheSim's Hyperbolic. The draws come from a fixed-seed generator: runs repeat.
#include <random>
#include <vector>

#include "baselines.hpp"

namespace crucible::evaluators::cache {
namespace {

constexpr uint32_t kAbsent = UINT32_MAX;
constexpr int kSamples = 64;
constexpr uint64_t kSeed = 20170712;  // any fixed value: determinism, not tuning

class HyperbolicCache {
 public:
  explicit HyperbolicCache(const CacheConfig& config)
      : config_(config),
        slot_(config.objects, kAbsent),
        count_(config.objects, 0),
        entered_(config.objects, 0),
        charge_(config.objects, 0),
        random_(kSeed) {}

  bool access(const traces::Request& request, uint64_t time) {
    const uint32_t id = request.id;
    if (slot_[id] != kAbsent) {
      ++count_[id];
      return true;
    }
    const uint64_t need = charge(request, config_);
    if (need > config_.capacity) return false;
    while (used_ + need > config_.capacity) remove(pick_victim(time));
    slot_[id] = static_cast<uint32_t>(residents_.size());
    residents_.push_back(id);
    count_[id] = 1;
    entered_[id] = time;
    charge_[id] = need;
    used_ += need;
    return false;
  }

 private:
  // Lowest count / age of the sample; the first drawn wins a tie. Cross-multiplying keeps the
  // comparison exact: counts and ages are below 2^32, so the products fit 64 bits.
  uint32_t pick_victim(uint64_t now) {
    uint32_t best = kAbsent;
    uint64_t best_count = 0;
    uint64_t best_age = 1;
    for (int draw = 0; draw < kSamples; ++draw) {
      const uint32_t id = residents_[random_() % residents_.size()];
      const uint64_t age = now - entered_[id];  // >= 1: residents entered at an earlier request
      if (best == kAbsent || count_[id] * best_age < best_count * age) {
        best = id;
        best_count = count_[id];
        best_age = age;
      }
    }
    return best;
  }

  void remove(uint32_t id) {
    const uint32_t slot = slot_[id];
    residents_[slot] = residents_.back();
    slot_[residents_[slot]] = slot;
    residents_.pop_back();
    slot_[id] = kAbsent;
    used_ -= charge_[id];
  }

  const CacheConfig& config_;
  std::vector<uint32_t> residents_;  // the ids sampled from, in no particular order
  std::vector<uint32_t> slot_;       // id -> index in residents_, or kAbsent
  std::vector<uint64_t> count_;      // requests since insertion
  std::vector<uint64_t> entered_;    // request index of the insertion
  std::vector<uint64_t> charge_;
  uint64_t used_ = 0;
  std::mt19937_64 random_;  // fully specified by the standard, so draws match across platforms
};

}  // namespace

CacheResult run_hyperbolic(std::span<const traces::Request> requests, const CacheConfig& config) {
  check_dense_ids("hyperbolic", requests, config);
  HyperbolicCache cache(config);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
