// Shared by the rank-mechanism tests: native rank policies, a synthetic trace with varied sizes,
// and reference LRU and FIFO caches that count bytes (evict until the newcomer fits).
#pragma once

#include <cstdint>
#include <list>
#include <unordered_map>

#include "cache.h"
#include "evaluators/cache/simulation.hpp"
#include "traces/synthetic.hpp"

namespace crucible::testing {

extern "C" inline double lru_priority(const CacheObject* obj, const CacheState*) {
  return static_cast<double>(obj->last_access);
}
extern "C" inline double fifo_priority(const CacheObject* obj, const CacheState*) {
  return static_cast<double>(obj->insert_time);
}
extern "C" inline double lfu_priority(const CacheObject* obj, const CacheState*) {
  return static_cast<double>(obj->access_count);
}

// The default synthetic workload, small, with sizes 1..100 bytes that depend only on the object.
inline traces::Trace sized_synthetic(uint64_t requests = 40'000, uint64_t objects = 4'000) {
  traces::SyntheticSpec spec;
  spec.requests = requests;
  spec.objects = objects;
  traces::Trace trace = traces::generate_synthetic(spec);
  for (auto& request : trace.requests) request.size = 1 + (request.id * 2654435761U >> 7) % 100;
  return trace;
}

// LRU (refresh on hit) or FIFO, by the book: a list with the victim at the back.
class ReferenceCache {
 public:
  ReferenceCache(const evaluators::cache::CacheConfig& config, bool is_lru)
      : config_(config), is_lru_(is_lru) {}

  bool access(const traces::Request& request, uint64_t) {
    auto found = where_.find(request.id);
    if (found != where_.end()) {
      if (is_lru_) order_.splice(order_.begin(), order_, found->second);
      return true;
    }
    const uint64_t need = evaluators::cache::charge(request, config_);
    if (need > config_.capacity) return false;
    while (used_ + need > config_.capacity) {
      used_ -= room_[order_.back()];
      where_.erase(order_.back());
      order_.pop_back();
    }
    order_.push_front(request.id);
    where_[request.id] = order_.begin();
    room_[request.id] = need;
    used_ += need;
    return false;
  }

 private:
  evaluators::cache::CacheConfig config_;
  bool is_lru_;
  std::list<uint64_t> order_;
  std::unordered_map<uint64_t, std::list<uint64_t>::iterator> where_;
  std::unordered_map<uint64_t, uint64_t> room_;
  uint64_t used_ = 0;
};

inline evaluators::cache::CacheResult run_reference(const traces::Trace& trace,
                                                    const evaluators::cache::CacheConfig& config,
                                                    bool is_lru) {
  ReferenceCache cache(config, is_lru);
  return evaluators::cache::simulate(trace.requests, config, cache);
}

}  // namespace crucible::testing
