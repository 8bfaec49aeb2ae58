// SIEVE (Zhang et al., NSDI 2024): a FIFO queue with a visited bit; the hand walks from the tail
// toward the head, clearing visited bits, and evicts the first unvisited object.
#include <list>
#include <unordered_map>

#include "baselines.hpp"

namespace crucible::evaluators::cache {
namespace {

class SieveCache {
 public:
  explicit SieveCache(uint64_t capacity) : capacity_(capacity) { position_.reserve(capacity + 1); }

  bool access(const traces::Request& request, uint64_t /*time*/) {
    auto found = position_.find(request.id);
    if (found != position_.end()) {
      found->second->is_visited = true;
      return true;
    }
    if (position_.size() >= capacity_) evict();
    queue_.push_front({request.id, false});
    position_.emplace(request.id, queue_.begin());
    return false;
  }

 private:
  struct Entry {
    uint64_t id;
    bool is_visited;
  };
  using Iterator = std::list<Entry>::iterator;

  // One step toward the head; past the head the hand is parked (end()) and restarts at the tail.
  Iterator toward_head(Iterator it) { return it == queue_.begin() ? queue_.end() : std::prev(it); }

  void evict() {
    Iterator it = hand_ == queue_.end() ? std::prev(queue_.end()) : hand_;
    while (it->is_visited) {
      it->is_visited = false;
      it = toward_head(it);
      if (it == queue_.end()) it = std::prev(queue_.end());
    }
    hand_ = toward_head(it);
    position_.erase(it->id);
    queue_.erase(it);
  }

  uint64_t capacity_;
  std::list<Entry> queue_;  // head (newest) first, tail (oldest) last
  std::unordered_map<uint64_t, Iterator> position_;
  Iterator hand_ = queue_.end();
};

}  // namespace

CacheResult run_sieve(std::span<const traces::Request> requests, const CacheConfig& config) {
  SieveCache cache(config.capacity);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
