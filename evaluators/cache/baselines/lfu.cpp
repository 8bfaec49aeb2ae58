// LFU: evict the object with the fewest requests since its insertion; ties go to the least
// recently used.
#include <set>
#include <tuple>
#include <unordered_map>

#include "baselines.hpp"

namespace crucible::evaluators::cache {
namespace {

class LfuCache {
 public:
  explicit LfuCache(uint64_t capacity) : capacity_(capacity) { key_of_.reserve(capacity + 1); }

  bool access(const traces::Request& request, uint64_t time) {
    auto found = key_of_.find(request.id);
    if (found != key_of_.end()) {
      order_.erase(found->second);
      found->second = {std::get<0>(found->second) + 1, time, request.id};
      order_.insert(found->second);
      return true;
    }
    if (key_of_.size() >= capacity_) {
      key_of_.erase(std::get<2>(*order_.begin()));
      order_.erase(order_.begin());
    }
    Key key{1, time, request.id};
    key_of_.emplace(request.id, key);
    order_.insert(key);
    return false;
  }

 private:
  using Key = std::tuple<uint64_t, uint64_t, uint64_t>;  // (count, last request time, id)

  uint64_t capacity_;
  std::set<Key> order_;  // the victim first
  std::unordered_map<uint64_t, Key> key_of_;
};

}  // namespace

CacheResult run_lfu(std::span<const traces::Request> requests, const CacheConfig& config) {
  LfuCache cache(config.capacity);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
