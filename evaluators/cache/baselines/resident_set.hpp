// The residents of a sampled-eviction cache as one dense array to draw from: O(1) insert and
// swap-remove, a per-id position, and the charge the residents hold. Removal moves the last
// resident into the hole, so the order (and with it which id a draw lands on) depends only on
// the sequence of inserts and removals.
#pragma once

#include <cstdint>
#include <vector>

namespace crucible::evaluators::cache {

class ResidentSet {
 public:
  static constexpr uint32_t kAbsent = UINT32_MAX;

  explicit ResidentSet(uint64_t objects) : slot_(objects, kAbsent), charge_(objects, 0) {}

  bool contains(uint32_t id) const { return slot_[id] != kAbsent; }
  uint64_t size() const { return residents_.size(); }
  uint32_t at(uint64_t index) const { return residents_[index]; }
  uint64_t used() const { return used_; }

  void insert(uint32_t id, uint64_t charge) {
    slot_[id] = static_cast<uint32_t>(residents_.size());
    residents_.push_back(id);
    charge_[id] = charge;
    used_ += charge;
  }

  void remove(uint32_t id) {
    const uint32_t slot = slot_[id];
    residents_[slot] = residents_.back();
    slot_[residents_[slot]] = slot;
    residents_.pop_back();
    slot_[id] = kAbsent;
    used_ -= charge_[id];
  }

  uint64_t charge_of(uint32_t id) const { return charge_[id]; }

 private:
  std::vector<uint32_t> residents_;  // the ids drawn from, in no particular order
  std::vector<uint32_t> slot_;       // id -> index in residents_, or kAbsent
  std::vector<uint64_t> charge_;     // id -> room it takes while resident
  uint64_t used_ = 0;
};

}  // namespace crucible::evaluators::cache
