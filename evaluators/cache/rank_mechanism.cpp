#include "rank_mechanism.hpp"

#include <cmath>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>

#include "evaluators/domain.hpp"

namespace crucible::evaluators::cache {
namespace {

// Eviction order: lowest priority first, then least recently accessed, then lowest id.
using RankKey = std::tuple<double, uint64_t, uint64_t>;

struct Entry {
  CacheObject features;
  double priority;
};

class RankCache {
 public:
  RankCache(uint64_t capacity, PriorityFunction priority)
      : capacity_(capacity), priority_(priority) {
    entries_.reserve(capacity + 1);
    state_.capacity = capacity;
  }

  bool access(const traces::Request& request, uint64_t time) {
    state_.now = time;
    auto found = entries_.find(request.id);
    if (found != entries_.end()) {
      Entry& entry = found->second;
      order_.erase(key_of(request.id, entry));
      entry.features.last_access = time;
      entry.features.access_count += 1;
      entry.priority = score(entry.features, request.id);
      order_.insert(key_of(request.id, entry));
      return true;
    }
    if (entries_.size() >= capacity_) evict();
    Entry entry{{request.size, time, time, 1}, 0};
    state_.occupancy = entries_.size();
    entry.priority = score(entry.features, request.id);
    order_.insert(key_of(request.id, entry));
    entries_.emplace(request.id, entry);
    state_.occupancy = entries_.size();
    return false;
  }

 private:
  static RankKey key_of(uint64_t id, const Entry& entry) {
    return {entry.priority, entry.features.last_access, id};
  }

  double score(const CacheObject& features, uint64_t id) {
    double value = priority_(&features, &state_);
    if (std::isnan(value)) {
      throw InvalidDecision("priority is NaN for object " + std::to_string(id) + " at time " +
                            std::to_string(state_.now));
    }
    return value;
  }

  void evict() {
    auto victim = order_.begin();
    entries_.erase(std::get<2>(*victim));
    order_.erase(victim);
    state_.occupancy = entries_.size();
  }

  uint64_t capacity_;
  PriorityFunction priority_;
  CacheState state_{};
  std::unordered_map<uint64_t, Entry> entries_;
  std::set<RankKey> order_;
};

}  // namespace

CacheResult simulate_rank(std::span<const traces::Request> requests, const CacheConfig& config,
                          PriorityFunction priority) {
  RankCache cache(config.capacity, priority);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
