// The lazy rank mechanism: priorities computed on insert and on each hit, kept in a heap.
#include "rank_mechanism.hpp"

#include "rank_queue.hpp"
#include "rank_score.hpp"

namespace crucible::evaluators::cache {
namespace {

class LazyRankCache {
 public:
  LazyRankCache(std::span<const traces::Request> requests, const CacheConfig& config,
                PriorityFunction priority, std::string* victims)
      : book_(requests, config), priority_(priority) {
    book_.record_victims(victims);
  }

  bool access(const traces::Request& request, uint64_t time) {
    const bool is_hit = book_.begin(request, time);
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
  RankQueue::Node node_of(uint32_t slot) const {
    const CacheObject& object = book_.slot(slot);
    return {score(book_, priority_, object), static_cast<uint32_t>(object.last_access), slot};
  }

  void evict() {
    const RankQueue::Node victim = heap_.top();
    heap_.pop();
    book_.evict_slot(victim.slot, victim.priority);
    // The next victims are likely the next entries of the run the queue evicts from (else the
    // heap's top); their slots are far away in memory, so they are fetched a few evictions early.
    if (heap_.size() == 0) return;
    const uint32_t upcoming = heap_.upcoming_slot(kSlotAhead);
    book_.prefetch_slot(upcoming != RankQueue::kNoSlot ? upcoming : heap_.top_slot());
  }

  static constexpr size_t kSlotAhead = 2;

  CacheBook book_;
  RankQueue heap_;
  PriorityFunction priority_;
};

}  // namespace

CacheResult simulate_rank(std::span<const traces::Request> requests, const CacheConfig& config,
                          PriorityFunction priority, std::string* victims) {
  LazyRankCache cache(requests, config, priority, victims);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
