// CLOCK (Corbató 1968): one reference bit per slot; the hand clears set bits (a second chance) and
// evicts the first object whose bit is clear; the new object takes its slot.
#include <unordered_map>
#include <vector>

#include "baselines.hpp"

namespace crucible::evaluators::cache {
namespace {

class ClockCache {
 public:
  explicit ClockCache(uint64_t capacity) : capacity_(capacity) {
    slots_.reserve(capacity);
    slot_of_.reserve(capacity + 1);
  }

  bool access(const traces::Request& request, uint64_t /*time*/) {
    auto found = slot_of_.find(request.id);
    if (found != slot_of_.end()) {
      slots_[found->second].is_referenced = true;
      return true;
    }
    if (slots_.size() < capacity_) {
      slot_of_.emplace(request.id, slots_.size());
      slots_.push_back({request.id, false});
      return false;
    }
    while (slots_[hand_].is_referenced) {
      slots_[hand_].is_referenced = false;
      advance();
    }
    slot_of_.erase(slots_[hand_].id);
    slots_[hand_] = {request.id, false};
    slot_of_.emplace(request.id, hand_);
    advance();
    return false;
  }

 private:
  struct Slot {
    uint64_t id;
    bool is_referenced;
  };

  void advance() { hand_ = (hand_ + 1) % slots_.size(); }

  uint64_t capacity_;
  std::vector<Slot> slots_;
  std::unordered_map<uint64_t, size_t> slot_of_;
  size_t hand_ = 0;
};

}  // namespace

CacheResult run_clock(std::span<const traces::Request> requests, const CacheConfig& config) {
  ClockCache cache(config.capacity);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
