// GDSF, Greedy-Dual-Size-Frequency (Cherkasova, HP Labs report HPL-98-69R1, 1998): each resident
// has priority H = L + frequency * cost / size with cost 1; evict the minimum H and set the
// inflation L to the victim's H, so objects not requested for long age relative to newcomers.
// frequency counts requests since insertion; size is the charge (1 per object, bytes otherwise).
// Ties go to the object whose latest request is oldest, as in libCacheSim's GDSF.
#include <vector>

#include "baselines.hpp"

namespace crucible::evaluators::cache {
namespace {

constexpr uint32_t kAbsent = UINT32_MAX;
// libCacheSim scales the cost to 1e6 so that frequency / size stays far above rounding; the
// same scale keeps our priorities, and so our ties, bit-identical to its figures.
constexpr double kCost = 1.0e6;

// A binary min-heap of resident ids keyed by (priority, latest request time), with each id's
// heap position kept in a dense array so that a hit can re-key it in place.
class PriorityHeap {
 public:
  explicit PriorityHeap(uint64_t objects)
      : priority_(objects, 0.0), stamp_(objects, 0), position_(objects, kAbsent) {}

  bool contains(uint32_t id) const { return position_[id] != kAbsent; }
  bool empty() const { return heap_.empty(); }
  uint32_t top() const { return heap_.front(); }
  double priority(uint32_t id) const { return priority_[id]; }

  void push(uint32_t id, double priority, uint64_t stamp) {
    priority_[id] = priority;
    stamp_[id] = stamp;
    position_[id] = static_cast<uint32_t>(heap_.size());
    heap_.push_back(id);
    sift_up(heap_.size() - 1);
  }

  // Priorities only grow on a hit (L never decreases), so the id can only move down.
  void raise(uint32_t id, double priority, uint64_t stamp) {
    priority_[id] = priority;
    stamp_[id] = stamp;
    sift_down(position_[id]);
  }

  void pop() {
    position_[heap_.front()] = kAbsent;
    const uint32_t last = heap_.back();
    heap_.pop_back();
    if (heap_.empty()) return;
    place(0, last);
    sift_down(0);
  }

 private:
  bool is_before(uint32_t a, uint32_t b) const {
    if (priority_[a] != priority_[b]) return priority_[a] < priority_[b];
    return stamp_[a] < stamp_[b];
  }

  void place(size_t slot, uint32_t id) {
    heap_[slot] = id;
    position_[id] = static_cast<uint32_t>(slot);
  }

  void sift_up(size_t slot) {
    const uint32_t id = heap_[slot];
    while (slot > 0) {
      const size_t parent = (slot - 1) / 2;
      if (!is_before(id, heap_[parent])) break;
      place(slot, heap_[parent]);
      slot = parent;
    }
    place(slot, id);
  }

  void sift_down(size_t slot) {
    const uint32_t id = heap_[slot];
    for (;;) {
      size_t child = 2 * slot + 1;
      if (child >= heap_.size()) break;
      if (child + 1 < heap_.size() && is_before(heap_[child + 1], heap_[child])) ++child;
      if (!is_before(heap_[child], id)) break;
      place(slot, heap_[child]);
      slot = child;
    }
    place(slot, id);
  }

  std::vector<double> priority_;
  std::vector<uint64_t> stamp_;
  std::vector<uint32_t> position_;  // id -> slot in heap_, or kAbsent
  std::vector<uint32_t> heap_;
};

class GdsfCache {
 public:
  explicit GdsfCache(const CacheConfig& config)
      : config_(config),
        heap_(config.objects),
        frequency_(config.objects, 0),
        charge_(config.objects, 0) {}

  bool access(const traces::Request& request, uint64_t time) {
    const uint32_t id = request.id;
    if (heap_.contains(id)) {
      ++frequency_[id];
      heap_.raise(id,
                  inflation_ + static_cast<double>(frequency_[id]) * kCost /
                                   static_cast<double>(charge_[id]),
                  time);
      return true;
    }
    const uint64_t need = charge(request, config_);
    if (need > config_.capacity) return false;
    while (used_ + need > config_.capacity) evict();
    frequency_[id] = 1;
    charge_[id] = need;
    used_ += need;
    heap_.push(id, inflation_ + kCost / static_cast<double>(need), time);
    return false;
  }

 private:
  void evict() {
    const uint32_t victim = heap_.top();
    inflation_ = heap_.priority(victim);
    used_ -= charge_[victim];
    heap_.pop();
  }

  const CacheConfig& config_;
  PriorityHeap heap_;
  std::vector<uint64_t> frequency_;  // requests since insertion, per resident
  std::vector<uint64_t> charge_;     // room each resident takes
  uint64_t used_ = 0;
  double inflation_ = 0.0;  // L: the priority of the latest victim
};

}  // namespace

CacheResult run_gdsf(std::span<const traces::Request> requests, const CacheConfig& config) {
  check_dense_ids("gdsf", requests, config);
  GdsfCache cache(config);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
