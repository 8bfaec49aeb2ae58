// Pieces shared by the two learned baselines, LeCaR and Cacheus (their lists are dense_list.hpp's):
// a keyed min-heap over dense object ids (plain arrays, no per-node allocation), libCacheSim's
// random generator, and a report of the experts' final state that the tests read.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include "evaluators/cache/dense_list.hpp"
#include "evaluators/cache/simulation.hpp"

namespace crucible::evaluators::cache {

inline constexpr uint32_t kNoId = std::numeric_limits<uint32_t>::max();

// The LFU experts' order: a frequency, then a tie-break rank; the smallest key is the victim.
struct FrequencyKey {
  uint64_t frequency = 0;
  uint64_t rank = 0;
  bool operator<(const FrequencyKey& other) const {
    return frequency != other.frequency ? frequency < other.frequency : rank < other.rank;
  }
};

// A binary min-heap of ids by FrequencyKey. Each id's slot is kept, so a key can change and an
// id can leave in O(log n).
class KeyedHeap {
 public:
  explicit KeyedHeap(uint64_t ids) : slot_(ids, kNoId), key_(ids) {}

  [[nodiscard]] bool is_empty() const { return heap_.empty(); }
  [[nodiscard]] uint32_t top() const { return heap_.front(); }

  // Inserts `id` or changes its key.
  void set(uint32_t id, FrequencyKey key) {
    if (slot_[id] == kNoId) {
      slot_[id] = static_cast<uint32_t>(heap_.size());
      heap_.push_back(id);
      key_[id] = key;
      sift_up(slot_[id]);
      return;
    }
    const bool is_smaller = key < key_[id];
    key_[id] = key;
    if (is_smaller) {
      sift_up(slot_[id]);
    } else {
      sift_down(slot_[id]);
    }
  }

  void erase(uint32_t id) {
    const uint32_t slot = slot_[id];
    if (slot == kNoId) return;
    const uint32_t last = heap_.back();
    heap_.pop_back();
    slot_[id] = kNoId;
    if (last == id) return;
    heap_[slot] = last;
    slot_[last] = slot;
    sift_up(slot);
    sift_down(slot_[last]);
  }

 private:
  [[nodiscard]] bool is_before(uint32_t a, uint32_t b) const {
    return key_[heap_[a]] < key_[heap_[b]];
  }

  void swap_slots(uint32_t a, uint32_t b) {
    std::swap(heap_[a], heap_[b]);
    slot_[heap_[a]] = a;
    slot_[heap_[b]] = b;
  }

  void sift_up(uint32_t slot) {
    while (slot > 0) {
      const uint32_t parent = (slot - 1) / 2;
      if (!is_before(slot, parent)) return;
      swap_slots(slot, parent);
      slot = parent;
    }
  }

  void sift_down(uint32_t slot) {
    const auto size = static_cast<uint32_t>(heap_.size());
    while (true) {
      uint32_t smallest = slot;
      const uint32_t left = 2 * slot + 1;
      const uint32_t right = left + 1;
      if (left < size && is_before(left, smallest)) smallest = left;
      if (right < size && is_before(right, smallest)) smallest = right;
      if (smallest == slot) return;
      swap_slots(slot, smallest);
      slot = smallest;
    }
  }

  std::vector<uint32_t> heap_;
  std::vector<uint32_t> slot_;  // id -> its index in heap_, or kNoId
  std::vector<FrequencyKey> key_;
};

// libCacheSim's next_rand (Knuth's MMIX linear congruential generator). libCacheSim's thread-local
// seed starts at 0 in its simulation threads; a fixed seed keeps every run reproducible.
class MmixRandom {
 public:
  explicit MmixRandom(uint64_t seed = 0) : state_(seed) {}
  uint64_t next() {
    state_ = 6364136223846793005ULL * state_ + 1442695040888963407ULL;
    return state_;
  }
  // A draw in {0.00, 0.01, ..., 0.99}, as both libCacheSim policies draw their expert.
  double percent() { return static_cast<double>(next() % 100) / 100.0; }

 private:
  uint64_t state_;
};

// Which expert chose a victim; kBoth when the two chose the same object (no history keeps it).
enum class Expert : uint8_t { kLru, kLfu, kBoth };

// The experts' state after a whole run, for tests and reports.
struct ExpertReport {
  CacheResult result;
  double lru_weight = 0.5;
  double lfu_weight = 0.5;
  uint64_t lru_history_hits = 0;  // misses found in the LRU expert's history
  uint64_t lfu_history_hits = 0;
  uint64_t lru_evictions = 0;  // victims chosen by the LRU expert alone
  uint64_t lfu_evictions = 0;
  double learning_rate = 0.0;   // LeCaR's fixed rate, or Cacheus's adapted rate at the end
  uint64_t recency_target = 0;  // Cacheus: the charge SR-LRU's reuse list R may hold at the end
  bool is_bookkeeping_consistent = true;  // Cacheus: its running counts agree with a recount
};

// The same runs as run_lecar and run_cacheus, reporting the experts' state too.
ExpertReport run_lecar_report(std::span<const traces::Request> requests, const CacheConfig& config);
ExpertReport run_cacheus_report(std::span<const traces::Request> requests,
                                const CacheConfig& config);

}  // namespace crucible::evaluators::cache
