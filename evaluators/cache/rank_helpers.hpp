// The bookkeeping every cache mechanism shares: the CacheObject of interfaces/cache.h for each
// resident (in a slot array the size of the cache), a small record per object that carries the
// ghost information across evictions, the global CacheState with its moving statistics,
// residency and room, and the helpers a policy reaches through CacheState::helpers. Mechanisms
// decide nothing here; they call admit/touch/evict.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "cache.h"
#include "evaluators/decision_records.hpp"
#include "order_statistics.hpp"
#include "simulation.hpp"

namespace crucible::evaluators::cache {

inline constexpr uint32_t kNotResident = UINT32_MAX;
inline constexpr int kFeatureCount = 4;  // CRUCIBLE_SIZE .. CRUCIBLE_FREQUENCY
inline constexpr uint64_t kHole = UINT64_MAX;  // CacheObject::id of a free slot
// The rates of CacheState's moving averages.
inline constexpr std::array<double, 3> kAverageRates = {1e-2, 1e-3, 1e-4};

class CacheBook {
 public:
  // Throws ConfigError when a request's id is not below config.objects.
  CacheBook(std::span<const traces::Request> requests, const CacheConfig& config);
  ~CacheBook();
  CacheBook(const CacheBook&) = delete;
  CacheBook& operator=(const CacheBook&) = delete;

  // Starts request `time`: sets the clock. Must precede everything else for that request.
  // Returns whether the requested object is resident (a hit).
  bool begin(const traces::Request& request, uint64_t time);
  // Ends it: the statistics take in the outcome.
  void end(const traces::Request& request, bool is_hit);

  bool is_resident(uint64_t id) const {
    return !is_pending(id) && records_[id].slot != kNotResident;
  }
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
  // Hints that `slot` is needed soon: hides the memory latency of an upcoming eviction. A
  // CacheObject is 72 bytes, so it may straddle two cache lines: fetch both.
  void prefetch_slot(uint64_t slot) const {
    const char* at = reinterpret_cast<const char*>(slots_.data() + slot);
    __builtin_prefetch(at);
    __builtin_prefetch(at + sizeof(CacheObject) - 1);
  }
  const CacheConfig& config() const { return config_; }
  // From now on every evicted id is appended to `record` (decision_records.hpp): the decisions
  // the sandbox child sends back for the parent to replay. Null stops it.
  void record_victims(std::string* record) { victim_record_ = record; }

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
  [[noreturn]] void throw_bad_id(const traces::Request& request, uint64_t time) const;
  void touch_with_statistics(CacheObject& object);
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

  // An eviction's writes to the evicted object's record, held back for kPending evictions: the
  // record is far away in memory, and a store that misses stalls every store behind it. The
  // record's line is prefetched at the eviction and written once it has arrived. Every read of
  // a record whose writes may be pending (the requested object's, a ghost test's) applies them
  // first.
  struct PendingEviction {
    uint32_t evictions = 0;
    uint32_t last_evicted = 0;
    uint32_t eviction_number = 0;
  };
  static constexpr uint32_t kNoId = UINT32_MAX;
  static constexpr size_t kPending = 8;
  // The ids apart from the rest, so that one comparison of a vector tests them all.
  bool is_pending(uint64_t id) const {
    if (id >= kNoId) return false;
    const auto narrow = static_cast<uint32_t>(id);
    bool found = false;
    for (uint32_t pending : pending_ids_) found |= pending == narrow;
    return found;
  }
  void apply(size_t at) {
    Record& record = records_[pending_ids_[at]];
    const PendingEviction& entry = pending_[at];
    record.slot = kNotResident;
    record.evictions = entry.evictions;
    record.last_evicted = entry.last_evicted;
    record.eviction_number = entry.eviction_number;
    pending_ids_[at] = kNoId;
  }
  // Applies the pending writes to `id`'s record, if any.
  void settle_record(uint64_t id) {
    if (is_pending(id)) [[unlikely]] apply_pending(id);
  }
  [[gnu::noinline]] void apply_pending(uint64_t id) {
    for (size_t at = 0; at < kPending; ++at) {
      if (pending_ids_[at] == id) apply(at);
    }
  }

  std::span<const traces::Request> requests_;
  CacheConfig config_;
  CacheState state_{};
  std::vector<Record> records_;
  std::vector<CacheObject> slots_;      // the residents' features; holes have id kHole
  std::vector<uint32_t> free_slots_;    // the holes
  alignas(32) std::array<uint32_t, kPending> pending_ids_ = make_no_ids();  // kNoId: empty
  std::array<PendingEviction, kPending> pending_{};  // a ring, with pending_ids_
  size_t pending_next_ = 0;                         // the entry the next eviction takes
  static constexpr std::array<uint32_t, kPending> make_no_ids() {
    std::array<uint32_t, kPending> ids{};
    ids.fill(kNoId);
    return ids;
  }
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
  std::string* victim_record_ = nullptr;
  CacheBook* previous_active_;
};

// The calls made on every request, here so that they inline into the mechanisms' loops.

[[gnu::always_inline]] inline bool CacheBook::begin(const traces::Request& request, uint64_t time) {
  if (request.id >= config_.objects) [[unlikely]] throw_bad_id(request, time);
  state_.now = time;
  state_.trace_time = request.time;
  // The trace is known ahead: fetching a later request's record now hides its memory latency.
  constexpr uint64_t kLookahead = 16;
  if (time + kLookahead < requests_.size()) {
    // A record is 24 bytes, so one in three straddles two cache lines: fetch both ends.
    const char* at = reinterpret_cast<const char*>(&records_[requests_[time + kLookahead].id]);
    __builtin_prefetch(at);
    __builtin_prefetch(at + sizeof(Record) - 1);
  }
  if (!window_counts_.empty()) {
    ++window_counts_[request.id];
    if (time >= CRUCIBLE_WINDOW) --window_counts_[requests_[time - CRUCIBLE_WINDOW].id];
  }
  settle_record(request.id);
  Record& record = records_[request.id];
  pending_gap_ = record.total_requests == 0 ? 0 : time - record.last_request;
  record.total_requests += 1;
  record.last_request = static_cast<uint32_t>(time);
  if (record.slot == kNotResident) return false;
  CacheObject& object = slots_[record.slot];
  object.previous_gap = pending_gap_;
  object.total_requests = record.total_requests;
  return true;
}

inline void CacheBook::end(const traces::Request& request, bool is_hit) {
  const uint8_t miss = is_hit ? 0 : 1;
  uint8_t& slot = miss_ring_[state_.now % CRUCIBLE_MISS_WINDOW];
  const bool is_full = state_.now >= CRUCIBLE_MISS_WINDOW;
  ring_misses_ += miss;
  ring_misses_ -= is_full ? slot : 0;
  slot = miss;
  // A full window divides by a power of two: the product is the same double as the quotient.
  constexpr double kInverseWindow = 1.0 / CRUCIBLE_MISS_WINDOW;
  state_.recent_miss_ratio =
      is_full ? static_cast<double>(ring_misses_) * kInverseWindow
              : static_cast<double>(ring_misses_) / static_cast<double>(state_.now + 1);
  const double size = request.size;
  if (state_.now == 0) [[unlikely]] {  // the first observation starts each average
    for (size_t i = 0; i < kAverageRates.size(); ++i) {
      state_.miss_ratio_ewma[i] = miss;
      state_.size_ewma[i] = size;
    }
    return;
  }
  for (size_t i = 0; i < kAverageRates.size(); ++i) {
    state_.miss_ratio_ewma[i] += kAverageRates[i] * (miss - state_.miss_ratio_ewma[i]);
    state_.size_ewma[i] += kAverageRates[i] * (size - state_.size_ewma[i]);
  }
}

[[gnu::always_inline]] inline uint32_t CacheBook::admit(const traces::Request& request) {
  Record& record = records_[request.id];
  uint32_t slot;
  if (free_slots_.empty()) {
    slot = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  } else {
    slot = free_slots_.back();
    free_slots_.pop_back();
  }
  record.slot = slot;
  const bool is_never = record.last_evicted == UINT32_MAX;
  CacheObject& object = slots_[slot];
  object.size = request.size;
  object.insert_time = state_.now;
  object.last_access = state_.now;
  object.access_count = 1;
  object.id = request.id;
  object.total_requests = record.total_requests;
  object.previous_gap = pending_gap_;
  object.evictions = record.evictions;
  object.last_evicted = is_never ? CRUCIBLE_NEVER : uint64_t{record.last_evicted};
  used_room_ += charge(request, config_);
  state_.used_bytes += request.size;
  state_.occupancy += 1;
  if (any_statistics_) add_to_statistics(object, 1);
  return slot;
}

inline void CacheBook::touch(uint64_t id) {
  CacheObject& object = slots_[records_[id].slot];
  if (any_statistics_) {
    touch_with_statistics(object);
    return;
  }
  object.last_access = state_.now;
  object.access_count += 1;
}

[[gnu::always_inline]] inline void CacheBook::evict_slot(uint32_t slot, double priority) {
  CacheObject& object = slots_[slot];
  const auto id = static_cast<uint32_t>(object.id);
  const char* record = reinterpret_cast<const char*>(&records_[id]);
  __builtin_prefetch(record, 1);
  __builtin_prefetch(record + sizeof(Record) - 1, 1);
  if (any_statistics_) add_to_statistics(object, -1);
  used_room_ -= config_.is_bytes ? std::max<uint64_t>(object.size, 1) : 1;
  state_.used_bytes -= object.size;
  state_.evictions += 1;
  // The record's evictions and total_requests are mirrored in the slot while resident.
  const size_t at = pending_next_;
  pending_next_ = (pending_next_ + 1) % kPending;
  if (pending_ids_[at] != kNoId) apply(at);
  pending_ids_[at] = id;
  pending_[at] = {static_cast<uint32_t>(object.evictions) + 1, static_cast<uint32_t>(state_.now),
                  static_cast<uint32_t>(state_.evictions)};
  if (victim_record_ != nullptr) append_word(*victim_record_, id);
  object.id = kHole;
  free_slots_.push_back(slot);
  state_.occupancy -= 1;
  state_.evicted_priority = priority;
}

}  // namespace crucible::evaluators::cache
