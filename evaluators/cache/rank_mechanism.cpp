// The lazy rank mechanism: priorities computed on insert and on each hit, kept in a heap.
#include "rank_mechanism.hpp"

#include "indexed_heap.hpp"
#include "rank_score.hpp"

namespace crucible::evaluators::cache {
namespace {

class LazyRankCache {
 public:
  LazyRankCache(std::span<const traces::Request> requests, const CacheConfig& config,
                PriorityFunction priority)
      : book_(requests, config), priority_(priority) {}

  bool access(const traces::Request& request, uint64_t time) {
    // The likely next victim's record, written when it is evicted (see evict).
    if (heap_.size() > 0) book_.prefetch_eviction(heap_.top_slot());
    book_.begin(request, time);
    const bool is_hit = book_.is_resident(request.id);
    if (is_hit) {
      book_.touch(request.id);
      heap_.update(node_of(book_.slot_of(request.id)));
    } else if (book_.is_admissible(request)) {
      while (!book_.fits(request)) evict();
      heap_.push(node_of(book_.admit(request)));
    }
    book_.end(request, is_hit);
    return is_hit;
  }

 private:
  IndexedHeap::Node node_of(uint32_t slot) const {
    const CacheObject& object = book_.slot(slot);
    return {score(book_, priority_, object), static_cast<uint32_t>(object.last_access), slot};
  }

  void evict() {
    const IndexedHeap::Node victim = heap_.top();
    heap_.pop();
    book_.evict_slot(victim.slot, victim.priority);
    // The next victim is likely the new top; its slot and its record are far away in memory.
    // The record's address needs the slot's id: fetched now, read at the next request.
    if (heap_.size() > 0) {
      book_.prefetch_slot(heap_.top_slot());
      book_.prefetch_slot_id(heap_.top_slot());
    }
  }

  CacheBook book_;
  IndexedHeap heap_;
  PriorityFunction priority_;
};

}  // namespace

CacheResult simulate_rank(std::span<const traces::Request> requests, const CacheConfig& config,
                          PriorityFunction priority) {
  LazyRankCache cache(requests, config, priority);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
