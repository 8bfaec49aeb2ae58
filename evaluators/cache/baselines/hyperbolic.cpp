// Hyperbolic caching (Blankstein, Sen and Freedman, USENIX ATC 2017): an object's priority is
// its request count since insertion divided by its time in the cache; evict the lowest priority
// among 64 residents drawn at random with replacement (64 is libCacheSim's default n-sample).
// Time is logical (requests since insertion) and size does not enter the priority, as in
// libCacheSim's Hyperbolic. The draws come from a fixed-seed generator: runs repeat.
#include <random>
#include <vector>

#include "baselines.hpp"
#include "resident_set.hpp"

namespace crucible::evaluators::cache {
namespace {

constexpr uint32_t kAbsent = ResidentSet::kAbsent;
constexpr int kSamples = 64;
constexpr uint64_t kSeed = 20170712;  // any fixed value: determinism, not tuning

class HyperbolicCache {
 public:
  explicit HyperbolicCache(const CacheConfig& config)
      : config_(config),
        residents_(config.objects),
        count_(config.objects, 0),
        entered_(config.objects, 0),
        random_(kSeed) {}

  bool access(const traces::Request& request, uint64_t time) {
    const uint32_t id = request.id;
    if (residents_.contains(id)) {
      ++count_[id];
      return true;
    }
    const uint64_t need = charge(request, config_);
    if (need > config_.capacity) return false;
    while (residents_.used() + need > config_.capacity) residents_.remove(pick_victim(time));
    residents_.insert(id, need);
    count_[id] = 1;
    entered_[id] = time;
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
      const uint32_t id = residents_.at(random_() % residents_.size());
      const uint64_t age = now - entered_[id];  // >= 1: residents entered at an earlier request
      if (best == kAbsent || count_[id] * best_age < best_count * age) {
        best = id;
        best_count = count_[id];
        best_age = age;
      }
    }
    return best;
  }

  const CacheConfig& config_;
  ResidentSet residents_;
  std::vector<uint64_t> count_;    // requests since insertion
  std::vector<uint64_t> entered_;  // request index of the insertion
  std::mt19937_64 random_;  // fully specified by the standard, so draws match across platforms
};

}  // namespace

CacheResult run_hyperbolic(std::span<const traces::Request> requests, const CacheConfig& config) {
  check_dense_ids("hyperbolic", requests, config);
  HyperbolicCache cache(config);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
