// LRU: evict the object whose latest request is oldest; a hit moves it to the front.
#include <list>
#include <unordered_map>

#include "baselines.hpp"

namespace crucible::evaluators::cache {
namespace {

class LruCache {
 public:
  explicit LruCache(uint64_t capacity) : capacity_(capacity) { position_.reserve(capacity + 1); }

  bool access(const traces::Request& request, uint64_t /*time*/) {
    auto found = position_.find(request.id);
    if (found != position_.end()) {
      recency_.splice(recency_.begin(), recency_, found->second);
      return true;
    }
    if (position_.size() >= capacity_) {
      position_.erase(recency_.back());
      recency_.pop_back();
    }
    recency_.push_front(request.id);
    position_.emplace(request.id, recency_.begin());
    return false;
  }

 private:
  uint64_t capacity_;
  std::list<uint64_t> recency_;  // most recent first
  std::unordered_map<uint64_t, std::list<uint64_t>::iterator> position_;
};

}  // namespace

CacheResult run_lru(std::span<const traces::Request> requests, const CacheConfig& config) {
  LruCache cache(config.capacity);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
