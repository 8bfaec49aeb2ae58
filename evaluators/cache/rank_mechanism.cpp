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
      : book_(requests, config), heap_(config.objects), priority_(priority) {}

  bool access(const traces::Request& request, uint64_t time) {
    book_.begin(request, time);
    const bool is_hit = book_.is_resident(request.id);
    if (is_hit) {
      book_.touch(request.id);
      heap_.update(request.id, score(book_, priority_, request.id), time);
    } else if (book_.is_admissible(request)) {
      while (!book_.fits(request)) evict();
      book_.admit(request);
      heap_.push(request.id, score(book_, priority_, request.id), time);
    }
    book_.end(request, is_hit);
    return is_hit;
  }

 private:
  void evict() {
    const IndexedHeap::Node victim = heap_.top();
    heap_.pop();
    book_.evict(victim.id(), victim.priority);
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
