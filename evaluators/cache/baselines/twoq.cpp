// 2Q: new ids enter FIFO A1in; ids recalled by ghost A1out enter LRU Am (Johnson, Shasha VLDB'94).
#include <array>
#include <list>
#include <unordered_map>

#include "baselines.hpp"

namespace crucible::evaluators::cache {
namespace {

// The paper's full 2Q with its recommended sizes: Kin = 25% and Kout = 50% of the capacity
// (rounded down). A1in and Am are resident; A1out remembers ids only.
class TwoQCache {
 public:
  explicit TwoQCache(uint64_t capacity)
      : capacity_(capacity), in_limit_(capacity / 4), out_limit_(capacity / 2) {
    where_.reserve(capacity + out_limit_ + 1);
  }

  bool access(const traces::Request& request, uint64_t /*time*/) {
    if (capacity_ == 0) return false;
    const uint64_t id = request.id;
    auto found = where_.find(id);
    if (found != where_.end() && found->second.list == kAm) {
      move_to_front(found->second, kAm);
      return true;
    }
    if (found != where_.end() && found->second.list == kA1in) return true;  // FIFO: no change
    ListId destination = kA1in;
    if (found != where_.end()) {
      // In A1out: re-requested after a full pass through A1in. Leave A1out first, so that
      // reclaiming cannot trim this very id off A1out's tail.
      lists_[kA1out].erase(found->second.position);
      where_.erase(found);
      destination = kAm;
    }
    reclaim();
    lists_[destination].push_front(id);
    where_[id] = Entry{destination, lists_[destination].begin()};
    return false;
  }

 private:
  enum ListId : uint8_t { kA1in, kA1out, kAm };
  struct Entry {
    ListId list;
    std::list<uint64_t>::iterator position;
  };

  // Frees one slot when the cache is full: from A1in (its id kept in A1out) while A1in is over
  // Kin, else Am's least recent object, which is forgotten.
  void reclaim() {
    if (lists_[kA1in].size() + lists_[kAm].size() < capacity_) return;
    if (lists_[kA1in].size() > in_limit_) {
      move_to_front(where_[lists_[kA1in].back()], kA1out);
      if (lists_[kA1out].size() > out_limit_) drop_back(kA1out);
    } else {
      drop_back(kAm);
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
  uint64_t in_limit_;   // Kin
  uint64_t out_limit_;  // Kout
  std::array<std::list<uint64_t>, 3> lists_;  // each most recent first
  std::unordered_map<uint64_t, Entry> where_;
};

}  // namespace

CacheResult run_twoq(std::span<const traces::Request> requests, const CacheConfig& config) {
  TwoQCache cache(config.capacity);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
