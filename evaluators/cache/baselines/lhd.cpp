// LHD, Least Hit Density (Beckmann, Chen and Cidon, NSDI 2018): evict the object with the lowest
// hit density, the hits it is expected to get per unit of space-time, estimated from how often
// objects of its class were hit or evicted at each age. Parameters and mechanics follow
// libCacheSim's LHD (the authors' code): 32 random candidates (8 during the first 50
// reconfigurations) plus the last 8 admissions that looked like victims; 16 classes by the sum
// of an object's last two hit ages; ages coarsened by a power of two re-fit at the 5th and 25th
// reconfiguration (tolerance 1% of 20,000 ages); statistics decayed by 0.9 (EWMA) every 2^20
// accesses; 1% of the cache for "explorers" that are never evicted, early on. Until the first
// reconfiguration the densities are the authors' GDSF-like prior. Draws come from the authors'
// generator from state 0, as in libCacheSim, whose figures ours then equal.
#include <cstdint>
#include <limits>
#include <vector>

#include "baselines.hpp"

namespace crucible::evaluators::cache {
namespace {

using Rank = float;  // the authors' rank_t

constexpr uint32_t kAbsent = UINT32_MAX;
constexpr uint32_t kAssociativity = 32;
constexpr uint32_t kEarlyCandidates = 8;
constexpr uint32_t kWarmReconfigurations = 50;
constexpr uint32_t kAdmissions = 8;
constexpr Rank kExplorerBudgetFraction = 0.01F;
constexpr uint32_t kExploreInverseProbability = 32;
constexpr uint32_t kHitAgeClasses = 16;
// The only application's classes are 16..31 of the authors' table; the prior depends on that.
constexpr uint32_t kFirstClassIndex = 1 * kHitAgeClasses;
constexpr double kAgeCoarseningErrorTolerance = 0.01;
constexpr uint64_t kMaxAge = 20'000;
constexpr uint64_t kAccessesPerReconfiguration = uint64_t{1} << 20;
constexpr Rank kEwmaDecay = 0.9F;

// Knuth's MMIX linear congruential generator, which the authors' simulator and libCacheSim use;
// libCacheSim's per-thread state starts at 0.
class MmixRandom {
 public:
  uint64_t operator()() {
    state_ = 6364136223846793005ULL * state_ + 1442695040888963407ULL;
    return state_;
  }

 private:
  uint64_t state_ = 0;
};

struct Tag {
  uint64_t timestamp = 0;  // access count at its latest request
  uint64_t last_hit_age = 0;
  uint64_t last_last_hit_age = 0;
  uint64_t charge = 0;
  bool is_explorer = false;
};

struct AgeClass {
  std::vector<Rank> hits = std::vector<Rank>(kMaxAge, 0);
  std::vector<Rank> evictions = std::vector<Rank>(kMaxAge, 0);
  std::vector<Rank> hit_densities = std::vector<Rank>(kMaxAge, 0);
};

class LhdCache {
 public:
  explicit LhdCache(const CacheConfig& config)
      : config_(config),
        slot_(config.objects, kAbsent),
        tags_(config.objects),
        classes_(kHitAgeClasses),
        recently_admitted_(kAdmissions, kAbsent),
        explorer_budget_(
            static_cast<int64_t>(static_cast<Rank>(config.capacity) * kExplorerBudgetFraction)) {
    for (uint32_t c = 0; c < kHitAgeClasses; ++c) {
      for (uint64_t age = 0; age < kMaxAge; ++age) {
        classes_[c].hit_densities[age] =
            static_cast<Rank>(1.0 * (kFirstClassIndex + c + 1) / static_cast<double>(age + 1));
      }
    }
  }

  bool access(const traces::Request& request, uint64_t /*time*/) {
    const uint32_t id = request.id;
    if (slot_[id] != kAbsent) {
      update(id, false);
      return true;
    }
    const uint64_t need = charge(request, config_);
    if (need > config_.capacity) return false;
    while (used_ + need > config_.capacity) evict(pick_victim());
    slot_[id] = static_cast<uint32_t>(residents_.size());
    residents_.push_back(id);
    tags_[id] = Tag{0, 0, kMaxAge, need, false};
    used_ += need;
    update(id, true);
    return false;
  }

 private:
  // Roughly log2(kMaxAge / age): short hit ages get high class numbers; age 0 the highest.
  static uint32_t hit_age_class(uint64_t age) {
    if (age == 0) return kHitAgeClasses - 1;
    uint32_t log = 0;
    while (age < kMaxAge && log < kHitAgeClasses - 1) {
      age <<= 1;
      ++log;
    }
    return log;
  }

  AgeClass& class_of(const Tag& tag) {
    return classes_[hit_age_class(tag.last_hit_age + tag.last_last_hit_age)];
  }

  // Coarsened age; an age past the table is the last slot (the authors count it an overflow).
  uint64_t age_of(const Tag& tag) const {
    const uint64_t age = (timestamp_ - tag.timestamp) >> age_coarsening_shift_;
    return age >= kMaxAge ? kMaxAge - 1 : age;
  }

  Rank hit_density(const Tag& tag) {
    const uint64_t age = age_of(tag);
    if (age == kMaxAge - 1) return std::numeric_limits<Rank>::lowest();
    Rank density = class_of(tag).hit_densities[age] / static_cast<Rank>(tag.charge);
    if (tag.is_explorer) density += 1.0F;
    return density;
  }

  uint32_t pick_victim() {
    uint32_t victim = kAbsent;
    Rank victim_rank = std::numeric_limits<Rank>::max();
    const auto consider = [&](uint32_t id) {
      const Rank rank = hit_density(tags_[id]);
      if (rank < victim_rank) {
        victim = id;
        victim_rank = rank;
      }
    };
    const uint32_t candidates =
        reconfigurations_ > kWarmReconfigurations ? kAssociativity : kEarlyCandidates;
    for (uint32_t draw = 0; draw < candidates; ++draw) {
      consider(residents_[random_() % residents_.size()]);
    }
    for (uint32_t id : recently_admitted_) {
      if (id != kAbsent && slot_[id] != kAbsent) consider(id);
    }
    // Every rank, lowest() included, is below max(); only a NaN could leave none chosen.
    if (victim == kAbsent) victim = residents_[0];
    ewma_victim_hit_density_ =
        kEwmaDecay * ewma_victim_hit_density_ + (1 - kEwmaDecay) * victim_rank;
    return victim;
  }

  void update(uint32_t id, bool is_insert) {
    Tag& tag = tags_[id];
    if (!is_insert) {
      const uint64_t age = age_of(tag);
      class_of(tag).hits[age] += 1;
      if (tag.is_explorer) explorer_budget_ += static_cast<int64_t>(tag.charge);
      tag.last_last_hit_age = tag.last_hit_age;
      tag.last_hit_age = age;
    }
    tag.timestamp = timestamp_;
    const bool explore = random_() % kExploreInverseProbability == 0;
    tag.is_explorer = explore && explorer_budget_ > 0 && reconfigurations_ < kWarmReconfigurations;
    if (tag.is_explorer) explorer_budget_ -= static_cast<int64_t>(tag.charge);
    // A newcomer that already looks like a victim is kept among the candidates for a while, so
    // that a large object admitted by mistake does not linger.
    if (is_insert && !explore && hit_density(tag) < ewma_victim_hit_density_) {
      recently_admitted_[admitted_head_++ % kAdmissions] = id;
    }
    ++timestamp_;
    if (--until_reconfiguration_ == 0) {
      reconfigure();
      until_reconfiguration_ = kAccessesPerReconfiguration;
      ++reconfigurations_;
    }
  }

  void evict(uint32_t id) {
    const Tag& tag = tags_[id];
    class_of(tag).evictions[age_of(tag)] += 1;
    if (tag.is_explorer) explorer_budget_ += static_cast<int64_t>(tag.charge);
    used_ -= tag.charge;
    const uint32_t slot = slot_[id];
    residents_[slot] = residents_.back();
    slot_[residents_[slot]] = slot;
    residents_.pop_back();
    slot_[id] = kAbsent;
  }

  void reconfigure() {
    for (auto& age_class : classes_) {
      for (uint64_t age = 0; age < kMaxAge; ++age) {
        age_class.hits[age] *= kEwmaDecay;
        age_class.evictions[age] *= kEwmaDecay;
      }
    }
    adapt_age_coarsening();
    model_hit_density();
  }

  // Hit density at age a: hits after a over the space-time objects alive at a still spend,
  // accumulated from the oldest age down in one pass.
  void model_hit_density() {
    for (auto& c : classes_) {
      Rank events = c.hits[kMaxAge - 1] + c.evictions[kMaxAge - 1];
      Rank hits = c.hits[kMaxAge - 1];
      Rank lifetime = events;
      for (uint64_t age = kMaxAge - 1; age-- > 0;) {
        hits += c.hits[age];
        events += c.hits[age] + c.evictions[age];
        lifetime += events;
        c.hit_densities[age] = static_cast<double>(events) > 1e-5 ? hits / lifetime : 0.0F;
      }
    }
  }

  void adapt_age_coarsening();
  void rescale_histograms(int32_t delta);

  const CacheConfig& config_;
  std::vector<uint32_t> residents_;  // the ids sampled from, in no particular order
  std::vector<uint32_t> slot_;       // id -> index in residents_, or kAbsent
  std::vector<Tag> tags_;
  std::vector<AgeClass> classes_;
  std::vector<uint32_t> recently_admitted_;
  uint64_t admitted_head_ = 0;
  uint64_t used_ = 0;
  uint64_t timestamp_ = 0;  // accesses (hits and insertions) so far
  uint64_t until_reconfiguration_ = kAccessesPerReconfiguration;
  uint32_t reconfigurations_ = 0;
  uint64_t age_coarsening_shift_ = 10;  // the authors' start; re-fit at reconfigurations 5, 25
  Rank ewma_objects_ = 0;
  Rank ewma_objects_mass_ = 0;
  Rank ewma_victim_hit_density_ = 0;
  int64_t explorer_budget_;
  MmixRandom random_;
};

// Picks the coarsening that spreads the resident count over the age table within the error
// tolerance; applied only twice, since what matters is the order of magnitude.
void LhdCache::adapt_age_coarsening() {
  ewma_objects_ = ewma_objects_ * kEwmaDecay + static_cast<Rank>(residents_.size());
  ewma_objects_mass_ = ewma_objects_mass_ * kEwmaDecay + 1;
  const Rank objects = ewma_objects_ / ewma_objects_mass_;
  const Rank optimal = static_cast<Rank>(1.0 * objects / (kAgeCoarseningErrorTolerance * kMaxAge));
  if (reconfigurations_ != 5 && reconfigurations_ != 25) return;
  uint32_t optimal_log2 = 1;
  while (static_cast<Rank>(uint64_t{1} << optimal_log2) < optimal) ++optimal_log2;
  const int32_t delta =
      static_cast<int32_t>(optimal_log2) - static_cast<int32_t>(age_coarsening_shift_);
  age_coarsening_shift_ = optimal_log2;
  // More weight on the estimate, so that it does not call for another shift soon.
  ewma_objects_ *= 8;
  ewma_objects_mass_ *= 8;
  rescale_histograms(delta);
}

// A coarser age unit (delta > 0) merges 2^delta slots into one; a finer one (delta < 0) spreads
// each slot over 2^-delta, folding what no longer fits into the last slot.
void LhdCache::rescale_histograms(int32_t delta) {
  for (auto& c : classes_) {
    for (std::vector<Rank>* histogram : {&c.hits, &c.evictions}) {
      auto& h = *histogram;
      if (delta > 0) {
        for (uint64_t age = 0; age < (kMaxAge >> delta); ++age) {
          Rank sum = 0;
          for (uint64_t i = 0; i < (uint64_t{1} << delta); ++i) sum += h[(age << delta) + i];
          h[age] = sum;
        }
        for (uint64_t age = kMaxAge >> delta; age < kMaxAge - 1; ++age) h[age] = 0;
      } else if (delta < 0) {
        const int32_t shift = -delta;
        for (uint64_t age = kMaxAge >> shift; age < kMaxAge - 1; ++age) h[kMaxAge - 1] += h[age];
        for (uint64_t age = kMaxAge - 1; age-- > 0;) {
          h[age] = h[age >> shift] / static_cast<Rank>(uint64_t{1} << shift);
        }
      }
    }
  }
}

}  // namespace

CacheResult run_lhd(std::span<const traces::Request> requests, const CacheConfig& config) {
  check_dense_ids("lhd", requests, config);
  LhdCache cache(config);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
