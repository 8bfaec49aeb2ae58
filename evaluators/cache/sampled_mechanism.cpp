// The sampled rank mechanism: at each eviction the policy ranks `sample` residents drawn at
// random, each independently (with replacement, as libCacheSim and Redis sample), or every
// resident when there are no more than `sample`; the lowest goes. Nothing is stored between
// evictions, so priorities may depend on the time of eviction. Samples are drawn from the book's
// slots, a small array, rather than the per-object records.
#include <cmath>
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
  uint64_t below(uint64_t bound) { return scale(next(), bound); }
  static uint64_t scale(uint64_t raw, uint64_t bound) {
    return static_cast<uint64_t>((static_cast<unsigned __int128>(raw) * bound) >> 64);
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
        random_(seed) {}

  bool access(const traces::Request& request, uint64_t time) {
    book_.begin(request, time);
    const bool is_hit = book_.is_resident(request.id);
    if (is_hit) {
      book_.touch(request.id);
    } else if (book_.is_admissible(request)) {
      while (!book_.fits(request)) evict();
      book_.admit(request);
    }
    book_.end(request, is_hit);
    return is_hit;
  }

 private:
  // The generator's next value. The next eviction's values are drawn ahead (see predraw), in
  // the same order, so the sequence of samples is the one drawing them on demand gives.
  uint64_t next_random() {
    if (pending_head_ < pending_.size()) return pending_[pending_head_++];
    return random_.next();
  }

  // Draws the values the next eviction will most likely use and prefetches their slots, so those
  // far-away loads overlap the rest of this request and the next one.
  void predraw(uint64_t slots) {
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<ptrdiff_t>(pending_head_));
    pending_head_ = 0;
    while (pending_.size() < sample_) {
      const uint64_t raw = random_.next();
      pending_.push_back(raw);
      const uint64_t slot = SplitMix64::scale(raw, slots);
      book_.prefetch_slot(slot);
      book_.prefetch_slot_id(slot);
    }
  }

  void evict() {
    const uint64_t slots = book_.slot_count();
    const bool is_all = sample_ >= book_.state().occupancy;
    drawn_.clear();
    if (is_all) {
      for (uint64_t slot = 0; slot < slots; ++slot) {
        if (!book_.is_hole(slot)) drawn_.push_back(slot);
      }
    } else {
      const bool has_holes = book_.has_holes();
      for (uint64_t i = 0; i < sample_; ++i) {
        uint64_t slot = SplitMix64::scale(next_random(), slots);
        // Holes are few: they last only until the next admission (none in an object cache).
        while (has_holes && book_.is_hole(slot)) slot = SplitMix64::scale(next_random(), slots);
        book_.prefetch_slot(slot);  // all draws first, so their memory loads overlap
        drawn_.push_back(slot);
      }
    }
    // One of them will be evicted, which writes its record: start fetching all their records
    // now, so the writes do not stall the stores behind them.
    for (uint64_t slot : drawn_) book_.prefetch_eviction(static_cast<uint32_t>(slot));
    // All the calls first, then the checks and the choice: the calls are independent, so they
    // overlap in the processor, and no mispredicted "new lowest?" branch sits between them. The
    // checks run in draw order, so the error is the one asking one at a time would raise.
    values_.resize(drawn_.size());
    faults_.resize(drawn_.size());
    const CacheState* state = &book_.state();
    for (size_t i = 0; i < drawn_.size(); ++i) {
      values_[i] = priority_(&book_.slot(drawn_[i]), state);
      faults_[i] = book_.has_fault();
    }
    for (size_t i = 0; i < drawn_.size(); ++i) {
      if (faults_[i]) book_.throw_fault();
      if (std::isnan(values_[i])) throw_nan_priority(book_, book_.slot(drawn_[i]).id);
    }
    uint32_t victim_slot = 0;
    uint64_t victim = kHole;
    uint64_t victim_access = 0;
    double lowest = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < drawn_.size(); ++i) {
      const uint64_t slot = drawn_[i];
      const CacheObject& object = book_.slot(slot);
      const double value = values_[i];
      if (victim == kHole || is_before(value, object, lowest, victim_access, victim)) {
        victim = object.id;
        victim_access = object.last_access;
        lowest = value;
        victim_slot = static_cast<uint32_t>(slot);
      }
    }
    book_.evict_slot(victim_slot, lowest);
    if (!is_all) predraw(slots);
  }

  static bool is_before(double value, const CacheObject& object, double lowest,
                        uint64_t victim_access, uint64_t victim) {
    if (value != lowest) return value < lowest;
    if (object.last_access != victim_access) return object.last_access < victim_access;
    return object.id < victim;
  }

  CacheBook book_;
  PriorityFunction priority_;
  uint64_t sample_;
  SplitMix64 random_;
  std::vector<uint64_t> drawn_;  // this eviction's slots
  std::vector<double> values_;   // their priorities
  std::vector<uint8_t> faults_;  // whether a helper had faulted by the end of each call
  std::vector<uint64_t> pending_;  // generator values drawn ahead, from pending_head_ on
  size_t pending_head_ = 0;
};

}  // namespace

CacheResult simulate_sampled(std::span<const traces::Request> requests, const CacheConfig& config,
                             PriorityFunction priority, uint64_t sample, uint64_t seed) {
  if (sample == 0) throw ConfigError("sampled rank mechanism: sample must be at least 1");
  SampledRankCache cache(requests, config, priority, sample, seed);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
