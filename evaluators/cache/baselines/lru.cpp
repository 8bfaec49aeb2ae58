// LRU: evict the object whose latest request is oldest; a hit moves it to the front. In byte mode
// the least recent objects leave until the newcomer fits.
#include "baselines.hpp"
#include "evaluators/cache/dense_list.hpp"

namespace crucible::evaluators::cache {
namespace {

class LruCache {
 public:
  LruCache(std::span<const traces::Request> requests, const CacheConfig& config)
      : requests_(requests), config_(config), recency_(config.objects) {}

  bool access(const traces::Request& request, uint64_t time) {
    require_dense_id(request, config_);
    recency_.prefetch(requests_, time);
    if (recency_.is_listed(request.id)) {
      recency_.move_to_front(0, request.id);
      return true;
    }
    const uint64_t need = charge(request, config_);
    if (need > config_.capacity) return false;
    while (recency_.weight(0) + need > config_.capacity) recency_.unlink(recency_.back(0));
    recency_.push_front(0, request.id, static_cast<uint32_t>(need));
    return false;
  }

 private:
  std::span<const traces::Request> requests_;
  CacheConfig config_;
  DenseLists<1> recency_;  // most recent first
};

}  // namespace

CacheResult run_lru(std::span<const traces::Request> requests, const CacheConfig& config) {
  LruCache cache(requests, config);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
