// S3-FIFO (Yang et al., SOSP 2023): a small FIFO (10%) filters one-hit wonders into a ghost of ids;
// objects requested again move to the main FIFO, which reinserts while a 2-bit counter is non-zero.
#include <algorithm>
#include <cstdint>

#include "baselines.hpp"
#include "evaluators/cache/dense_list.hpp"

namespace crucible::evaluators::cache {
namespace {

// libCacheSim's defaults: "small-size-ratio=0.10,ghost-size-ratio=0.90,move-to-main-threshold=2".
constexpr double kSmallRatio = 0.1;
constexpr double kGhostRatio = 0.9;
constexpr uint8_t kMoveToMainThreshold = 2;
constexpr uint8_t kMaxFrequency = 3;

// The three queues share one list array: an object is in small, in main, in the ghost, or absent.
enum Queue : uint8_t { kSmall, kMain, kGhost };

// Byte mode follows libCacheSim's S3FIFO.c: the small, main and ghost targets are all counted in
// the same unit as the capacity (bytes), the ghost weighs each id by its object's size, and an
// object larger than the small queue's target is not admitted (its can_insert). The small target
// is at least 1 in both modes, so a cache below 10 units still admits unit-size objects.
class S3FifoCache {
 public:
  S3FifoCache(std::span<const traces::Request> requests, const CacheConfig& config)
      : requests_(requests),
        config_(config),
        small_capacity_(
            std::max<uint64_t>(1, static_cast<uint64_t>(config.capacity * kSmallRatio))),
        main_capacity_(config.capacity - std::min(config.capacity, small_capacity_)),
        ghost_capacity_(static_cast<uint64_t>(config.capacity * kGhostRatio)),
        queues_(config.objects) {}

  bool access(const traces::Request& request, uint64_t time) {
    require_dense_id(request, config_);
    queues_.prefetch(requests_, time);
    const uint32_t id = request.id;
    const uint8_t queue = queues_.list_of(id);
    if (queue == kSmall || queue == kMain) {
      queues_.mark(id) = std::min<uint8_t>(queues_.mark(id) + 1, kMaxFrequency);
      return true;
    }
    const uint64_t need = charge(request, config_);
    if (need > config_.capacity || need > small_capacity_) return false;
    while (resident_weight() + need > config_.capacity) evict();
    // The ghost is consulted after evicting, so an id that the evictions just pushed off the
    // ghost's tail enters small (as the reference implementation here always has; libCacheSim
    // looks first and sends it to main).
    Queue destination = kSmall;
    if (queues_.list_of(id) == kGhost) {
      queues_.unlink(id);
      destination = kMain;
    }
    queues_.push_front(destination, id, static_cast<uint32_t>(need));
    queues_.mark(id) = 0;
    return false;
  }

 private:
  uint64_t resident_weight() const { return queues_.weight(kSmall) + queues_.weight(kMain); }

  void evict() {
    if (queues_.weight(kMain) > main_capacity_ || queues_.is_empty(kSmall)) {
      evict_main();
    } else {
      evict_small();
    }
  }

  // Objects requested at least kMoveToMainThreshold times while in small move to main (counter
  // reset); the first one that was not leaves the cache and its id enters the ghost.
  void evict_small() {
    while (!queues_.is_empty(kSmall)) {
      const uint32_t id = queues_.back(kSmall);
      if (queues_.mark(id) >= kMoveToMainThreshold) {
        queues_.mark(id) = 0;
        queues_.move_to_front(kMain, id);
      } else {
        const uint32_t size = queues_.charge_of(id);
        queues_.unlink(id);
        remember(id, size);
        return;
      }
    }
  }

  // CLOCK with a 2-bit counter: an object with a non-zero count is reinserted with one less.
  void evict_main() {
    while (!queues_.is_empty(kMain)) {
      const uint32_t id = queues_.back(kMain);
      if (queues_.mark(id) > 0) {
        --queues_.mark(id);
        queues_.move_to_front(kMain, id);
      } else {
        queues_.unlink(id);
        return;
      }
    }
  }

  // The ghost is a FIFO of ids weighed by their objects' charges; the oldest leave to make room.
  void remember(uint32_t id, uint32_t size) {
    if (size > ghost_capacity_) return;
    while (queues_.weight(kGhost) + size > ghost_capacity_) queues_.unlink(queues_.back(kGhost));
    queues_.push_front(kGhost, id, size);
  }

  std::span<const traces::Request> requests_;
  CacheConfig config_;
  uint64_t small_capacity_;
  uint64_t main_capacity_;
  uint64_t ghost_capacity_;
  DenseLists<3> queues_;  // mark: the frequency counter of a resident object
};

}  // namespace

CacheResult run_s3fifo(std::span<const traces::Request> requests, const CacheConfig& config) {
  S3FifoCache cache(requests, config);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
