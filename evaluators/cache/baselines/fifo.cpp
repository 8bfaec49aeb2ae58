// FIFO: evict in insertion order; a hit does not move the object.
#include <deque>
#include <unordered_set>

#include "baselines.hpp"

namespace crucible::evaluators::cache {
namespace {

class FifoCache {
 public:
  explicit FifoCache(uint64_t capacity) : capacity_(capacity) { resident_.reserve(capacity + 1); }

  bool access(const traces::Request& request, uint64_t /*time*/) {
    if (resident_.contains(request.id)) return true;
    if (resident_.size() >= capacity_) {
      resident_.erase(queue_.front());
      queue_.pop_front();
    }
    resident_.insert(request.id);
    queue_.push_back(request.id);
    return false;
  }

 private:
  uint64_t capacity_;
  std::unordered_set<uint64_t> resident_;
  std::deque<uint64_t> queue_;
};

}  // namespace

CacheResult run_fifo(std::span<const traces::Request> requests, const CacheConfig& config) {
  FifoCache cache(config.capacity);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
