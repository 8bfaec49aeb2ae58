// CLOCK (Corbató 1968): one reference bit per object; the hand clears set bits (a second chance)
// and evicts the first object whose bit is clear. Kept as libCacheSim keeps it, a FIFO whose
// referenced tail goes back to the front with its bit cleared: the same order as a ring of slots
// in which the newcomer takes the evicted slot behind the hand, and it also serves byte mode,
// where one newcomer may need several evictions.
#include "baselines.hpp"
#include "evaluators/cache/dense_list.hpp"

namespace crucible::evaluators::cache {
namespace {

class ClockCache {
 public:
  ClockCache(std::span<const traces::Request> requests, const CacheConfig& config)
      : requests_(requests), config_(config), ring_(config.objects) {}

  bool access(const traces::Request& request, uint64_t time) {
    require_dense_id(request, config_);
    ring_.prefetch(requests_, time);
    if (ring_.is_listed(request.id)) {
      ring_.mark(request.id) = 1;
      return true;
    }
    const uint64_t need = charge(request, config_);
    if (need > config_.capacity) return false;
    while (ring_.weight(0) + need > config_.capacity) evict();
    ring_.push_front(0, request.id, static_cast<uint32_t>(need));
    ring_.mark(request.id) = 0;
    return false;
  }

 private:
  // The back of the queue is where the hand points.
  void evict() {
    uint32_t id = ring_.back(0);
    while (ring_.mark(id) != 0) {
      ring_.mark(id) = 0;
      ring_.move_to_front(0, id);
      id = ring_.back(0);
    }
    ring_.unlink(id);
  }

  std::span<const traces::Request> requests_;
  CacheConfig config_;
  DenseLists<1> ring_;  // front: just behind the hand; back: under it
};

}  // namespace

CacheResult run_clock(std::span<const traces::Request> requests, const CacheConfig& config) {
  ClockCache cache(requests, config);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
