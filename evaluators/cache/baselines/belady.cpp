// Belady (1966), offline optimal for uniform sizes: evict the resident object whose next request
// is furthest in the future; an object never requested again is infinitely far.
#include <limits>
#include <set>
#include <unordered_map>
#include <utility>
#include <vector>

#include "baselines.hpp"

namespace crucible::evaluators::cache {
namespace {

constexpr uint64_t kNever = std::numeric_limits<uint64_t>::max();

// next[t]: the index of the next request for requests[t].id, or kNever. One backward pass.
std::vector<uint64_t> next_access_times(std::span<const traces::Request> requests) {
  std::vector<uint64_t> next(requests.size(), kNever);
  std::unordered_map<uint64_t, uint64_t> seen_at;
  for (uint64_t time = requests.size(); time-- > 0;) {
    auto [it, inserted] = seen_at.try_emplace(requests[time].id, time);
    if (!inserted) {
      next[time] = it->second;
      it->second = time;
    }
  }
  return next;
}

class BeladyCache {
 public:
  BeladyCache(uint64_t capacity, std::vector<uint64_t> next)
      : capacity_(capacity), next_(std::move(next)) {
    next_of_.reserve(capacity + 1);
  }

  bool access(const traces::Request& request, uint64_t time) {
    auto found = next_of_.find(request.id);
    if (found != next_of_.end()) {
      by_next_.erase({found->second, request.id});
      found->second = next_[time];
      by_next_.insert({next_[time], request.id});
      return true;
    }
    // The newcomer is not a candidate: like libCacheSim, it is always admitted.
    if (next_of_.size() >= capacity_) {
      auto furthest = std::prev(by_next_.end());
      next_of_.erase(furthest->second);
      by_next_.erase(furthest);
    }
    next_of_.emplace(request.id, next_[time]);
    by_next_.insert({next_[time], request.id});
    return false;
  }

 private:
  uint64_t capacity_;
  std::vector<uint64_t> next_;
  std::unordered_map<uint64_t, uint64_t> next_of_;  // resident id -> its next request time
  std::set<std::pair<uint64_t, uint64_t>> by_next_;  // (next request time, id), furthest last
};

}  // namespace

CacheResult run_belady(std::span<const traces::Request> requests, const CacheConfig& config) {
  BeladyCache cache(config.capacity, next_access_times(requests));
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
