// SIEVE (Zhang et al., NSDI 2024): a FIFO queue with a visited bit; the hand walks from the tail
// toward the head, clearing visited bits, and evicts the first unvisited object. The hand stays
// where it stopped for the next eviction; in byte mode one newcomer may take several.
#include "baselines.hpp"
#include "evaluators/cache/dense_list.hpp"

namespace crucible::evaluators::cache {
namespace {

class SieveCache {
 public:
  SieveCache(std::span<const traces::Request> requests, const CacheConfig& config)
      : requests_(requests), config_(config), queue_(config.objects) {}

  bool access(const traces::Request& request, uint64_t time) {
    require_dense_id(request, config_);
    queue_.prefetch(requests_, time);
    if (queue_.is_listed(request.id)) {
      queue_.mark(request.id) = 1;
      return true;
    }
    const uint64_t need = charge(request, config_);
    if (need > config_.capacity) return false;
    while (queue_.weight(0) + need > config_.capacity) evict();
    queue_.push_front(0, request.id, static_cast<uint32_t>(need));
    queue_.mark(request.id) = 0;
    return false;
  }

 private:
  // Past the head the hand is parked (kNoObject) and the next sweep restarts at the tail.
  void evict() {
    uint32_t id = hand_ == kNoObject ? queue_.back(0) : hand_;
    while (queue_.mark(id) != 0) {
      queue_.mark(id) = 0;
      id = queue_.newer(id);
      if (id == kNoObject) id = queue_.back(0);
    }
    hand_ = queue_.newer(id);
    queue_.unlink(id);
  }

  std::span<const traces::Request> requests_;
  CacheConfig config_;
  DenseLists<1> queue_;  // head (newest) at the front, tail (oldest) at the back
  uint32_t hand_ = kNoObject;
};

}  // namespace

CacheResult run_sieve(std::span<const traces::Request> requests, const CacheConfig& config) {
  SieveCache cache(requests, config);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
