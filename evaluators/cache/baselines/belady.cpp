// Belady (1966), offline optimal for uniform sizes: evict the resident object whose next request
// is furthest in the future; an object never requested again is infinitely far. In byte mode the
// furthest objects leave until the newcomer fits, which is not optimal once sizes differ (the
// optimum with sizes is NP-hard); it is the rule libCacheSim's Belady applies to sized objects.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "baselines.hpp"
#include "evaluators/cache/dense_list.hpp"

namespace crucible::evaluators::cache {
namespace {

// The residents in a max-heap keyed by (next request index, id), packed in 64 bits; the id makes
// keys unique and picks the highest id among the never-requested-again. A hit does not search
// the heap: it pushes the new key and leaves the old one behind, stale. Stale keys are those that
// differ from key_[id]; they hold past request indexes, so they sink below every live key.
class BeladyCache {
 public:
  BeladyCache(std::span<const traces::Request> requests, const CacheConfig& config)
      : requests_(requests),
        config_(config),
        key_(config.objects, 0),
        charge_(config.is_bytes ? config.objects : 0) {}

  bool access(const traces::Request& request, uint64_t time) {
    require_dense_id(request, config_);
    prefetch_ahead(key_, requests_, time);
    const uint32_t id = request.id;
    // A next request past the end of `requests` (a prefix of a trace) is never, as in the
    // truncated trace: ties among such objects then break by id alone.
    const uint32_t next = request.next < requests_.size() ? request.next : traces::kNoNextRequest;
    const uint64_t key = (static_cast<uint64_t>(next) << 32) | id;
    if (key_[id] != 0) {
      key_[id] = key;
      push(key);
      return true;
    }
    const uint64_t need = charge(request, config_);
    if (need > config_.capacity) return false;
    // The newcomer is not a candidate: like libCacheSim, it is always admitted.
    while (used_ + need > config_.capacity) evict();
    key_[id] = key;
    if (config_.is_bytes) charge_[id] = static_cast<uint32_t>(need);
    used_ += need;
    ++residents_;
    push(key);
    return false;
  }

 private:
  static uint32_t id_of(uint64_t key) { return static_cast<uint32_t>(key); }

  void push(uint64_t key) {
    if (heap_.size() > 2 * residents_ + 1024) compact();
    heap_.push_back(key);
    std::push_heap(heap_.begin(), heap_.end());
  }

  void evict() {
    while (key_[id_of(heap_.front())] != heap_.front()) pop();  // stale keys, should any surface
    const uint32_t victim = id_of(heap_.front());
    pop();
    key_[victim] = 0;
    used_ -= config_.is_bytes ? charge_[victim] : 1;
    --residents_;
  }

  void pop() {
    std::pop_heap(heap_.begin(), heap_.end());
    heap_.pop_back();
  }

  // Drops the stale keys so the heap stays within a constant factor of the residents.
  void compact() {
    std::erase_if(heap_, [&](uint64_t key) { return key_[id_of(key)] != key; });
    std::make_heap(heap_.begin(), heap_.end());
  }

  std::span<const traces::Request> requests_;
  CacheConfig config_;
  std::vector<uint64_t> key_;     // the live key of a resident object, 0 when absent
  std::vector<uint32_t> charge_;  // byte mode only: what each resident takes
  std::vector<uint64_t> heap_;
  uint64_t used_ = 0;
  uint64_t residents_ = 0;
};

}  // namespace

CacheResult run_belady(std::span<const traces::Request> requests, const CacheConfig& config) {
  BeladyCache cache(requests, config);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
