// The sampled rank mechanism: at each eviction the policy ranks `sample` residents drawn at
// random without replacement (a partial Fisher-Yates shuffle of the resident pool), and the lowest
// goes. Nothing is stored between evictions, so priorities may depend on the time of eviction.
#include <limits>
#include <vector>

#include "rank_mechanism.hpp"
#include "rank_score.hpp"

namespace crucible::evaluators::cache {
namespace {

// SplitMix64: small, fast, and the same sequence on every platform for a seed.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next() {
    uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, bound) for sampling (multiply-shift; bias below 2^-32 for our bounds).
  uint64_t below(uint64_t bound) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(next()) * bound) >> 64);
  }

 private:
  uint64_t state_;
};

class SampledRankCache {
 public:
  SampledRankCache(std::span<const traces::Request> requests, const CacheConfig& config,
                   PriorityFunction priority, uint64_t sample, uint64_t seed)
      : book_(requests, config),
        priority_(priority),
        sample_(sample),
        random_(seed),
        slot_(config.objects, 0) {}

  bool access(const traces::Request& request, uint64_t time) {
    book_.begin(request, time);
    const bool is_hit = book_.is_resident(request.id);
    if (is_hit) {
      book_.touch(request.id);
    } else if (book_.is_admissible(request)) {
      while (!book_.fits(request)) evict();
      book_.admit(request);
      slot_[request.id] = static_cast<uint32_t>(pool_.size());
      pool_.push_back(request.id);
    }
    book_.end(request, is_hit);
    return is_hit;
  }

 private:
  void swap_slots(size_t a, size_t b) {
    std::swap(pool_[a], pool_[b]);
    slot_[pool_[a]] = static_cast<uint32_t>(a);
    slot_[pool_[b]] = static_cast<uint32_t>(b);
  }

  void evict() {
    const size_t n = pool_.size();
    const size_t drawn = sample_ < n ? sample_ : n;
    uint32_t victim = 0;
    double lowest = std::numeric_limits<double>::infinity();
    bool has_victim = false;
    for (size_t i = 0; i < drawn; ++i) {
      if (drawn < n) swap_slots(i, i + random_.below(n - i));
      const uint32_t id = pool_[i];
      const double value = score(book_, priority_, id);
      if (!has_victim || is_before(value, id, lowest, victim)) {
        victim = id;
        lowest = value;
        has_victim = true;
      }
    }
    const uint32_t at = slot_[victim];
    swap_slots(at, n - 1);
    pool_.pop_back();
    book_.evict(victim, lowest);
  }

  // The lazy mechanism's order: lower priority, then less recently accessed, then lower id.
  bool is_before(double value, uint32_t id, double lowest, uint32_t victim) const {
    if (value != lowest) return value < lowest;
    const uint64_t a = book_.object(id).last_access;
    const uint64_t b = book_.object(victim).last_access;
    return a != b ? a < b : id < victim;
  }

  CacheBook book_;
  PriorityFunction priority_;
  uint64_t sample_;
  SplitMix64 random_;
  std::vector<uint32_t> pool_;  // resident ids; the first `sample` are shuffled in place
  std::vector<uint32_t> slot_;  // index of each resident in pool_
};

}  // namespace

CacheResult simulate_sampled(std::span<const traces::Request> requests, const CacheConfig& config,
                             PriorityFunction priority, uint64_t sample, uint64_t seed) {
  if (sample == 0) throw ConfigError("sampled rank mechanism: sample must be at least 1");
  SampledRankCache cache(requests, config, priority, sample, seed);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
