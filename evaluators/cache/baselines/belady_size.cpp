// BeladySize, offline and size-aware, as libCacheSim's BeladySize (its default build, not the
// EXACT_Belady variant): an object that is never requested again is not admitted, and a hit on
// its last request drops it; to make room, evict the resident with the largest
// charge x (next request - now) among 128 residents drawn at random, or among all residents when
// there are at most 128 (then the rule is exact). At object capacity the score is the distance
// alone: Belady's furthest-next-request with bypass of dead objects. Request::next gives the
// future. Draws come from a fixed-seed generator, so runs repeat.
#include <random>
#include <vector>

#include "baselines.hpp"
#include "resident_set.hpp"

namespace crucible::evaluators::cache {
namespace {

constexpr uint32_t kAbsent = ResidentSet::kAbsent;
constexpr uint64_t kSamples = 128;  // libCacheSim's default n-sample=128
constexpr uint64_t kSeed = 19660101;

class BeladySizeCache {
 public:
  // `horizon`: the number of requests simulated; a next request at or past it is never (the
  // requests may be a prefix of a trace).
  BeladySizeCache(const CacheConfig& config, uint64_t horizon)
      : config_(config),
        horizon_(horizon),
        residents_(config.objects),
        next_(config.objects, 0),
        random_(kSeed) {}

  bool access(const traces::Request& request, uint64_t time) {
    const uint32_t id = request.id;
    const bool is_last = request.next == traces::kNoNextRequest || request.next >= horizon_;
    if (residents_.contains(id)) {
      if (is_last) {
        residents_.remove(id);
      } else {
        next_[id] = request.next;
      }
      return true;
    }
    const uint64_t need = charge(request, config_);
    if (is_last || need > config_.capacity) return false;
    while (residents_.used() + need > config_.capacity) residents_.remove(pick_victim(time));
    residents_.insert(id, need);
    next_[id] = request.next;
    return false;
  }

 private:
  // Every resident has a later request (dead ones are never kept), so next - now >= 1; charges
  // and distances are below 2^32, so the score fits 64 bits. The first drawn wins a tie.
  uint64_t score(uint32_t id, uint64_t now) const {
    return residents_.charge_of(id) * (next_[id] - now);
  }

  uint32_t pick_victim(uint64_t now) {
    const bool is_exact = residents_.size() <= kSamples;
    const uint64_t draws = is_exact ? residents_.size() : kSamples;
    uint32_t best = kAbsent;
    uint64_t best_score = 0;
    for (uint64_t draw = 0; draw < draws; ++draw) {
      const uint32_t id = is_exact ? residents_.at(draw) : residents_.at(random_() % residents_.size());
      const uint64_t candidate = score(id, now);
      if (best == kAbsent || candidate > best_score) {
        best = id;
        best_score = candidate;
      }
    }
    return best;
  }

  const CacheConfig& config_;
  uint64_t horizon_;
  ResidentSet residents_;
  std::vector<uint64_t> next_;  // index of the resident's next request
  std::mt19937_64 random_;
};

}  // namespace

CacheResult run_belady_size(std::span<const traces::Request> requests, const CacheConfig& config) {
  check_dense_ids("beladysize", requests, config);
  BeladySizeCache cache(config, requests.size());
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
