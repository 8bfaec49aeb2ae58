// LFU: evict the object with the fewest requests since its insertion; ties go to the least
// recently used. In byte mode such victims leave until the newcomer fits.
#include <cstdint>
#include <vector>

#include "baselines.hpp"
#include "evaluators/cache/dense_list.hpp"

namespace crucible::evaluators::cache {
namespace {

// O(1) LFU: one bucket per request count present in the cache, buckets chained in increasing
// count, and inside a bucket its objects most recent first. An object enters a bucket at the
// request that gave it that count, so a bucket's back is its least recently used member.
class LfuCache {
 public:
  LfuCache(std::span<const traces::Request> requests, const CacheConfig& config)
      : requests_(requests), config_(config), objects_(config.objects) {}

  bool access(const traces::Request& request, uint64_t time) {
    require_dense_id(request, config_);
    prefetch_ahead(objects_, requests_, time);
    const uint32_t id = request.id;
    if (objects_[id].bucket != kNoObject) {
      promote(id);
      return true;
    }
    const uint64_t need = charge(request, config_);
    if (need > config_.capacity) return false;
    while (used_ + need > config_.capacity) evict();
    uint32_t bucket = lowest_;
    if (bucket == kNoObject || buckets_[bucket].count != 1) bucket = new_bucket(1, kNoObject);
    objects_[id].charge = static_cast<uint32_t>(need);
    used_ += need;
    link_front(bucket, id);
    return false;
  }

 private:
  struct Object {
    uint32_t newer = kNoObject;
    uint32_t older = kNoObject;
    uint32_t charge = 0;
    uint32_t bucket = kNoObject;  // kNoObject: not resident
  };
  struct Bucket {
    uint64_t count = 0;
    uint32_t front = kNoObject;
    uint32_t back = kNoObject;
    uint32_t lower = kNoObject;
    uint32_t higher = kNoObject;
  };

  // One more request: to the front of the bucket for count + 1, made if absent.
  void promote(uint32_t id) {
    const uint32_t from = objects_[id].bucket;
    const uint64_t count = buckets_[from].count + 1;
    uint32_t to = buckets_[from].higher;
    if (to == kNoObject || buckets_[to].count != count) to = new_bucket(count, from);
    unlink(id);
    link_front(to, id);
  }

  void evict() {
    const uint32_t victim = buckets_[lowest_].back;
    used_ -= objects_[victim].charge;
    unlink(victim);
  }

  // A bucket for `count` just above `below` (kNoObject: at the bottom of the chain).
  uint32_t new_bucket(uint64_t count, uint32_t below) {
    uint32_t index;
    if (free_.empty()) {
      index = static_cast<uint32_t>(buckets_.size());
      buckets_.emplace_back();
    } else {
      index = free_.back();
      free_.pop_back();
    }
    const uint32_t above = below == kNoObject ? lowest_ : buckets_[below].higher;
    buckets_[index] = {count, kNoObject, kNoObject, below, above};
    if (below == kNoObject) {
      lowest_ = index;
    } else {
      buckets_[below].higher = index;
    }
    if (above != kNoObject) buckets_[above].lower = index;
    return index;
  }

  void link_front(uint32_t bucket, uint32_t id) {
    Bucket& into = buckets_[bucket];
    Object& object = objects_[id];
    object.bucket = bucket;
    object.newer = kNoObject;
    object.older = into.front;
    if (into.front == kNoObject) {
      into.back = id;
    } else {
      objects_[into.front].newer = id;
    }
    into.front = id;
  }

  // Takes `id` out of its bucket and drops the bucket when that leaves it empty.
  void unlink(uint32_t id) {
    Object& object = objects_[id];
    const uint32_t bucket = object.bucket;
    Bucket& from = buckets_[bucket];
    (object.newer == kNoObject ? from.front : objects_[object.newer].older) = object.older;
    (object.older == kNoObject ? from.back : objects_[object.older].newer) = object.newer;
    object.bucket = kNoObject;
    if (from.front != kNoObject) return;
    (from.lower == kNoObject ? lowest_ : buckets_[from.lower].higher) = from.higher;
    if (from.higher != kNoObject) buckets_[from.higher].lower = from.lower;
    free_.push_back(bucket);
  }

  std::span<const traces::Request> requests_;
  CacheConfig config_;
  std::vector<Object> objects_;
  std::vector<Bucket> buckets_;
  std::vector<uint32_t> free_;   // indexes of dropped buckets, for reuse
  uint32_t lowest_ = kNoObject;  // the bucket with the fewest requests
  uint64_t used_ = 0;
};

}  // namespace

CacheResult run_lfu(std::span<const traces::Request> requests, const CacheConfig& config) {
  LfuCache cache(requests, config);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
