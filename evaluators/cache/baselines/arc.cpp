// ARC: ghost hits in B1/B2 steer T1's target size p (Megiddo and Modha, FAST 2003, Figure 4).
#include <algorithm>
#include <array>
#include <list>
#include <unordered_map>

#include "baselines.hpp"

namespace crucible::evaluators::cache {
namespace {

// Follows the paper's Figure 4: cases I-IV and the REPLACE subroutine. p is real-valued, as the
// adaptation steps |B2|/|B1| and |B1|/|B2| are.
class ArcCache {
 public:
  explicit ArcCache(uint64_t capacity) : capacity_(capacity) { where_.reserve(2 * capacity + 1); }

  bool access(const traces::Request& request, uint64_t /*time*/) {
    if (capacity_ == 0) return false;
    const uint64_t id = request.id;
    auto found = where_.find(id);
    if (found != where_.end() && (found->second.list == kT1 || found->second.list == kT2)) {
      move_to_front(found->second, kT2);  // case I: a hit
      return true;
    }
    if (found != where_.end() && found->second.list == kB1) {
      // Case II: B1 ghost hit, so T1 was too small: grow its target.
      double step = size(kB1) >= size(kB2) ? 1.0 : static_cast<double>(size(kB2)) / size(kB1);
      target_ = std::min(target_ + step, static_cast<double>(capacity_));
      replace(false);
      move_to_front(found->second, kT2);
      return false;
    }
    if (found != where_.end() && found->second.list == kB2) {
      // Case III: B2 ghost hit, so T2 was too small: shrink T1's target.
      double step = size(kB2) >= size(kB1) ? 1.0 : static_cast<double>(size(kB1)) / size(kB2);
      target_ = std::max(target_ - step, 0.0);
      replace(true);
      move_to_front(found->second, kT2);
      return false;
    }
    // Case IV: not in any list.
    if (size(kT1) + size(kB1) == capacity_) {
      if (size(kT1) < capacity_) {
        drop_back(kB1);
        replace(false);
      } else {
        drop_back(kT1);  // B1 is empty: T1 alone fills L1
      }
    } else {
      uint64_t total = size(kT1) + size(kT2) + size(kB1) + size(kB2);
      if (total >= capacity_) {
        if (total == 2 * capacity_) drop_back(kB2);
        replace(false);
      }
    }
    lists_[kT1].push_front(id);
    where_[id] = Entry{kT1, lists_[kT1].begin()};
    return false;
  }

 private:
  enum ListId : uint8_t { kT1, kT2, kB1, kB2 };
  struct Entry {
    ListId list;
    std::list<uint64_t>::iterator position;
  };

  uint64_t size(ListId list) const { return lists_[list].size(); }

  // REPLACE: demote T1's LRU page to B1 when T1 exceeds its target (or meets it on a B2 hit),
  // else T2's LRU page to B2.
  void replace(bool is_b2_hit) {
    const double t1 = static_cast<double>(size(kT1));
    if (size(kT1) > 0 && (t1 > target_ || (is_b2_hit && t1 == target_))) {
      move_to_front(where_[lists_[kT1].back()], kB1);
    } else {
      move_to_front(where_[lists_[kT2].back()], kB2);
    }
  }

  void move_to_front(Entry& entry, ListId to) {
    lists_[to].splice(lists_[to].begin(), lists_[entry.list], entry.position);
    entry.list = to;
  }

  void drop_back(ListId list) {
    where_.erase(lists_[list].back());
    lists_[list].pop_back();
  }

  uint64_t capacity_;
  double target_ = 0.0;                       // p: the target size of T1
  std::array<std::list<uint64_t>, 4> lists_;  // each most recent first
  std::unordered_map<uint64_t, Entry> where_;
};

}  // namespace

CacheResult run_arc(std::span<const traces::Request> requests, const CacheConfig& config) {
  ArcCache cache(config.capacity);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
