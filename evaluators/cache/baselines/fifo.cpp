// FIFO: evict in insertion order; a hit does not move the object. In byte mode the oldest objects
// leave until the newcomer fits.
#include "baselines.hpp"
#include "evaluators/cache/dense_list.hpp"

namespace crucible::evaluators::cache {
namespace {

class FifoCache {
 public:
  FifoCache(std::span<const traces::Request> requests, const CacheConfig& config)
      : requests_(requests), config_(config), queue_(config.objects) {}

  bool access(const traces::Request& request, uint64_t time) {
    require_dense_id(request, config_);
    queue_.prefetch(requests_, time);
    if (queue_.is_listed(request.id)) return true;
    const uint64_t need = charge(request, config_);
    if (need > config_.capacity) return false;
    while (queue_.weight(0) + need > config_.capacity) queue_.unlink(queue_.back(0));
    queue_.push_front(0, request.id, static_cast<uint32_t>(need));
    return false;
  }

 private:
  std::span<const traces::Request> requests_;
  CacheConfig config_;
  DenseLists<1> queue_;  // newest first
};

}  // namespace

CacheResult run_fifo(std::span<const traces::Request> requests, const CacheConfig& config) {
  FifoCache cache(requests, config);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
