// ARC: ghost hits in B1/B2 steer T1's target size p (Megiddo and Modha, FAST 2003, Figure 4).
#include <algorithm>
#include <cstdint>

#include "baselines.hpp"
#include "evaluators/cache/dense_list.hpp"

namespace crucible::evaluators::cache {
namespace {

enum ListId : uint8_t { kT1, kT2, kB1, kB2 };

// Follows the paper's Figure 4: cases I-IV and the REPLACE subroutine. p is real-valued, as the
// adaptation steps |B2|/|B1| and |B1|/|B2| are. Evictions are asked for only while the newcomer
// does not fit, as in libCacheSim's ARC.c; with unit charges that is exactly the paper's schedule
// (once a ghost exists the cache stays full). Byte mode follows libCacheSim too: T1, T2, B1, B2
// and p are all in bytes, the steps are the ratios of the ghosts' byte weights (at least 1, so a
// ghost hit moves p by about one byte, not by the object's size), and case IV tests
// |T1| + |B1| + the newcomer's size against the capacity.
class ArcCache {
 public:
  ArcCache(std::span<const traces::Request> requests, const CacheConfig& config)
      : requests_(requests), config_(config), lists_(config.objects) {}

  bool access(const traces::Request& request, uint64_t time) {
    require_dense_id(request, config_);
    lists_.prefetch(requests_, time);
    const uint32_t id = request.id;
    const uint8_t list = lists_.list_of(id);
    if (list == kT1 || list == kT2) {
      lists_.move_to_front(kT2, id);  // case I: a hit
      return true;
    }
    const uint64_t need = charge(request, config_);
    if (need > config_.capacity) return false;
    if (list == kB1 || list == kB2) {
      adapt(list == kB2);
      lists_.unlink(id);
      while (resident() + need > config_.capacity) replace(list == kB2);
      lists_.push_front(kT2, id, static_cast<uint32_t>(need));
      return false;
    }
    while (resident() + need > config_.capacity) make_room_for_new(need);  // case IV
    lists_.push_front(kT1, id, static_cast<uint32_t>(need));
    return false;
  }

 private:
  uint64_t resident() const { return lists_.weight(kT1) + lists_.weight(kT2); }
  double weight(ListId list) const { return static_cast<double>(lists_.weight(list)); }

  // Case II (a B1 hit: T1 was too small, grow its target) or case III (a B2 hit: shrink it).
  void adapt(bool is_b2_hit) {
    const double capacity = static_cast<double>(config_.capacity);
    if (is_b2_hit) {
      double step = weight(kB2) >= weight(kB1) ? 1.0 : weight(kB1) / weight(kB2);
      target_ = std::max(target_ - step, 0.0);
    } else {
      double step = weight(kB1) >= weight(kB2) ? 1.0 : weight(kB2) / weight(kB1);
      target_ = std::min(target_ + step, capacity);
    }
  }

  // Case IV, one eviction: when L1 = T1 + B1 would overflow, B1's LRU is forgotten and REPLACE
  // runs (or, with B1 empty, T1's LRU leaves outright); otherwise B2's LRU is forgotten once the
  // directory holds twice the capacity, and REPLACE runs.
  void make_room_for_new(uint64_t need) {
    const uint64_t capacity = config_.capacity;
    if (lists_.weight(kT1) + lists_.weight(kB1) + need > capacity) {
      if (!lists_.is_empty(kB1)) {
        lists_.unlink(lists_.back(kB1));
        replace(false);
      } else {
        lists_.unlink(lists_.back(kT1));
      }
      return;
    }
    const uint64_t directory = resident() + lists_.weight(kB1) + lists_.weight(kB2);
    if (directory >= 2 * capacity && !lists_.is_empty(kB2)) lists_.unlink(lists_.back(kB2));
    replace(false);
  }

  // REPLACE: demote T1's LRU page to B1 when T1 exceeds its target (or meets it on a B2 hit),
  // else T2's LRU page to B2; T1 also gives when T2 is empty.
  void replace(bool is_b2_hit) {
    const double t1 = weight(kT1);
    const bool is_t1_over = !lists_.is_empty(kT1) && (t1 > target_ || (is_b2_hit && t1 == target_));
    if (is_t1_over || lists_.is_empty(kT2)) {
      lists_.move_to_front(kB1, lists_.back(kT1));
    } else {
      lists_.move_to_front(kB2, lists_.back(kT2));
    }
  }

  std::span<const traces::Request> requests_;
  CacheConfig config_;
  double target_ = 0.0;  // p: the target weight of T1
  DenseLists<4> lists_;  // each most recent first
};

}  // namespace

CacheResult run_arc(std::span<const traces::Request> requests, const CacheConfig& config) {
  ArcCache cache(requests, config);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
