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
#include "sandbox/candidate_stack.hpp"

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
                   PriorityFunction priority, uint64_t sample, uint64_t seed,
                   std::string* victims)
      : book_(requests, config),
        priority_(priority),
        sample_(sample),
        random_(seed) {
    book_.record_victims(victims);
  }

  bool access(const traces::Request& request, uint64_t time) {
    const bool is_hit = book_.begin(request, time);
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
    if (pending_head_ < pending_count_) return pending_[pending_head_++];
    return random_.next();
  }

  // Draws the values the next eviction will most likely use and prefetches their slots, so those
  // far-away loads overlap the rest of this request and the next one.
  void predraw(uint64_t slots) {
    if (pending_head_ < pending_count_) return;
    if (pending_.size() < sample_) pending_.resize(sample_);
    for (uint64_t i = 0; i < sample_; ++i) {
      const uint64_t raw = random_.next();
      pending_[i] = raw;
      book_.prefetch_slot(SplitMix64::scale(raw, slots));
    }
    pending_head_ = 0;
    pending_count_ = sample_;
  }

  // Room for n draws; grows only (n is at most the sample, or the residents when fewer).
  void reserve_draws(size_t n) {
    if (drawn_.size() >= n) return;
    drawn_.resize(n);
    values_.resize(n);
    faults_.resize(n);
  }

  void evict() {
    const uint64_t slots = book_.slot_count();
    const bool is_all = sample_ >= book_.state().occupancy;
    size_t n = 0;
    if (is_all) {
      reserve_draws(book_.state().occupancy);
      for (uint64_t slot = 0; slot < slots; ++slot) {
        if (!book_.is_hole(slot)) drawn_[n++] = static_cast<uint32_t>(slot);
      }
    } else {
      reserve_draws(sample_);
      const bool has_holes = book_.has_holes();
      for (; n < sample_; ++n) {
        uint64_t slot = SplitMix64::scale(next_random(), slots);
        // Holes are few: they last only until the next admission (none in an object cache).
        while (has_holes && book_.is_hole(slot)) slot = SplitMix64::scale(next_random(), slots);
        drawn_[n] = static_cast<uint32_t>(slot);
      }
    }
    // All the calls first, then the checks and the choice: the calls are independent, so they
    // overlap in the processor, and no mispredicted "new lowest?" branch sits between them.
    const uint32_t* drawn = drawn_.data();
    double* values = values_.data();
    uint8_t* faults = faults_.data();
    const CacheState* state = &book_.state();
    for (size_t i = 0; i < n; ++i) {
      values[i] = sandbox::candidate_call(priority_, &book_.slot(drawn[i]), state);
      faults[i] = book_.has_fault();
    }
    // The checks run in draw order, so the error is the one asking one at a time would raise.
    bool is_bad = faults[n - 1] != 0;  // a fault stays set once raised
    for (size_t i = 0; i < n; ++i) is_bad |= std::isnan(values[i]);
    if (is_bad) [[unlikely]] {
      for (size_t i = 0; i < n; ++i) {
        if (faults[i]) book_.throw_fault();
        if (std::isnan(values[i])) throw_nan_priority(book_, book_.slot(drawn[i]).id);
      }
    }
    // The lowest (priority, last access), as the lazy queue orders them (-0.0 and +0.0 tie; no
    // NaN is left): no two residents share a last access, so "then lowest id" is never reached.
    size_t best = 0;
    double best_value = values[0];
    uint64_t best_access = book_.slot(drawn[0]).last_access;
    for (size_t i = 1; i < n; ++i) {
      const double value = values[i];
      const uint64_t access = book_.slot(drawn[i]).last_access;
      const bool is_lower = value < best_value || (value == best_value && access < best_access);
      best = is_lower ? i : best;
      best_value = is_lower ? value : best_value;
      best_access = is_lower ? access : best_access;
    }
    book_.evict_slot(drawn[best], values[best]);
    if (!is_all) predraw(slots);
  }

  CacheBook book_;
  PriorityFunction priority_;
  uint64_t sample_;
  SplitMix64 random_;
  std::vector<uint32_t> drawn_;  // this eviction's slots
  std::vector<double> values_;   // their priorities
  std::vector<uint8_t> faults_;  // whether a helper had faulted by the end of each call
  std::vector<uint64_t> pending_;  // generator values drawn ahead: [pending_head_, pending_count_)
  size_t pending_head_ = 0;
  size_t pending_count_ = 0;
};

}  // namespace

CacheResult simulate_sampled(std::span<const traces::Request> requests, const CacheConfig& config,
                             PriorityFunction priority, uint64_t sample, uint64_t seed,
                             std::string* victims) {
  if (sample == 0) throw ConfigError("sampled rank mechanism: sample must be at least 1");
  SampledRankCache cache(requests, config, priority, sample, seed, victims);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
