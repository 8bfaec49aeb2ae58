// The bookkeeping every cache mechanism shares: the CacheObject of interfaces/cache.h for each
// resident (in a slot array the size of the cache), a small record per object that carries the
// ghost information across evictions, the global CacheState with its moving statistics,
// residency and room, and the helpers a policy reaches through CacheState::helpers. Mechanisms
// decide nothing here; they call admit/touch/evict.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cache.h"
#include "order_statistics.hpp"
#include "simulation.hpp"

namespace crucible::evaluators::cache {

inline constexpr uint32_t kNotResident = UINT32_MAX;
inline constexpr int kFeatureCount = 4;  // CRUCIBLE_SIZE .. CRUCIBLE_FREQUENCY
inline constexpr uint64_t kHole = UINT64_MAX;  // CacheObject::id of a free slot

class CacheBook {
 public:
  // Throws ConfigError when a request's id is not below config.objects.
  CacheBook(std::span<const traces::Request> requests, const CacheConfig& config);
  ~CacheBook();
  CacheBook(const CacheBook&) = delete;
  CacheBook& operator=(const CacheBook&) = delete;

  // Starts request `time`: sets the clock. Must precede everything else for that request.
  void begin(const traces::Request& request, uint64_t time);
  // Ends it: the statistics take in the outcome.
  void end(const traces::Request& request, bool is_hit);

  bool is_resident(uint64_t id) const { return records_[id].slot != kNotResident; }
  // Whether the request could ever be admitted, and whether it fits now.
  bool is_admissible(const traces::Request& request) const {
    return charge(request, config_) <= config_.capacity;
  }
  bool fits(const traces::Request& request) const {
    return used_room_ + charge(request, config_) <= config_.capacity;
  }

  // A missed object enters; returns its slot.
  uint32_t admit(const traces::Request& request);
  void touch(uint64_t id);                   // a resident object is hit
  void evict(uint64_t id, double priority);  // a resident object leaves; its slot becomes a hole
  // The same for the resident in `slot`: reads nothing of the object's record (only writes it),
  // so an eviction does not wait for a record far away in memory.
  void evict_slot(uint32_t slot, double priority);

  // A resident's features, and its slot. Residents keep their slot until evicted; a freed slot
  // is a hole until the next admission takes it, so slots stay nearly dense.
  const CacheObject& object(uint64_t id) const { return slots_[records_[id].slot]; }
  uint32_t slot_of(uint64_t id) const { return records_[id].slot; }
  uint64_t slot_count() const { return slots_.size(); }
  bool is_hole(uint64_t slot) const { return slots_[slot].id == kHole; }
  // Whether any slot is a hole (the holes are exactly the free slots); when none, no draw needs
  // the is_hole test, which would load the drawn slot before its prefetch could help.
  bool has_holes() const { return !free_slots_.empty(); }
  const CacheObject& slot(uint64_t slot) const { return slots_[slot]; }
  const CacheState& state() const { return state_; }
  // Hints that `id` (or `slot`) is needed soon: hides the memory latency of an upcoming eviction.
  void prefetch_object(uint64_t id) const { __builtin_prefetch(&records_[id]); }
  // A CacheObject is 72 bytes, so it may straddle two cache lines: fetch both.
  void prefetch_slot(uint64_t slot) const {
    const char* at = reinterpret_cast<const char*>(slots_.data() + slot);
    __builtin_prefetch(at);
    __builtin_prefetch(at + sizeof(CacheObject) - 1);
  }
  // Hints that the resident in `slot` (or object `id`) is likely evicted soon: an eviction writes
  // its record, and a write to a line far away in memory stalls every store after it. Reads the
  // slot's id from a compact array, not from the slot, so that no far-away load waits here.
  void prefetch_eviction(uint32_t slot) const { prefetch_record_for_write(slot_ids_[slot]); }
  void prefetch_slot_id(uint64_t slot) const { __builtin_prefetch(&slot_ids_[slot]); }
  void prefetch_record_for_write(uint64_t id) const {
    const char* at = reinterpret_cast<const char*>(&records_[id]);
    __builtin_prefetch(at, 1);
    __builtin_prefetch(at + sizeof(Record) - 1, 1);
  }
  const CacheConfig& config() const { return config_; }

  // Set when a helper was called wrongly during a policy call; the mechanism turns it into an
  // InvalidDecision (helpers cannot throw through the candidate's frames).
  bool has_fault() const { return !fault_.empty(); }
  [[noreturn]] void throw_fault() const;

  // The helpers (see interfaces/cache.h). Public so the tests can compare them with brute force.
  double percentile(int feature, double q);
  double rank(int feature, double value);
  uint64_t recent_requests(uint64_t id);
  int ghost_contains(uint64_t id, uint64_t evictions);
  void set_fault(std::string message);

 private:
  uint64_t feature_key(int feature, const CacheObject& object) const;
  OrderStatistics& statistics(int feature);
  void add_to_statistics(const CacheObject& object, int32_t delta);
  bool is_feature(int feature, const char* helper);

  // What is kept for every object, resident or not: 24 bytes, so that a trace of millions of
  // objects costs one cache line per request. Times fit 32 bits (traces hold < 2^32 requests).
  struct Record {
    uint32_t slot = kNotResident;        // index in slots_ while resident
    uint32_t last_request = 0;           // time of its latest request
    uint32_t total_requests = 0;
    uint32_t evictions = 0;
    uint32_t last_evicted = UINT32_MAX;  // UINT32_MAX: never
    uint32_t eviction_number = 0;        // 1-based count of its latest eviction; 0: never
  };

  std::span<const traces::Request> requests_;
  CacheConfig config_;
  CacheState state_{};
  std::vector<Record> records_;
  std::vector<CacheObject> slots_;      // the residents' features; holes have id kHole
  std::vector<uint32_t> free_slots_;    // the holes
  std::vector<uint32_t> slot_ids_;      // per slot, the id of its resident (stale for holes)
  uint64_t used_room_ = 0;           // in capacity's unit
  uint64_t pending_gap_ = 0;         // previous_gap of the current request's object

  // Lazily built helper structures: empty until the first call that needs them.
  std::array<OrderStatistics, kFeatureCount> order_{};
  bool any_statistics_ = false;            // whether any of order_ is built
  std::vector<uint64_t> sorted_sizes_;     // distinct sizes of the trace, for CRUCIBLE_SIZE
  std::vector<uint32_t> window_counts_;    // per object, requests in the last CRUCIBLE_WINDOW

  std::array<uint8_t, CRUCIBLE_MISS_WINDOW> miss_ring_{};
  uint64_t ring_misses_ = 0;
  std::string fault_;
  CacheBook* previous_active_;
};

}  // namespace crucible::evaluators::cache
