// The bookkeeping every cache mechanism shares: per-object features and ghost information (the
// CacheObject of interfaces/cache.h, kept for every object across evictions), the global
// CacheState with its moving statistics, residency and room, and the helpers a policy reaches
// through CacheState::helpers. Mechanisms decide nothing here; they call admit/touch/evict.
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

  bool is_resident(uint64_t id) const { return position_[id] != kNotResident; }
  // Whether the request could ever be admitted, and whether it fits now.
  bool is_admissible(const traces::Request& request) const {
    return charge(request, config_) <= config_.capacity;
  }
  bool fits(const traces::Request& request) const {
    return used_room_ + charge(request, config_) <= config_.capacity;
  }

  void admit(const traces::Request& request);  // a missed object enters
  void touch(uint64_t id);                     // a resident object is hit
  void evict(uint64_t id, double priority);    // a resident object leaves

  const CacheObject& object(uint64_t id) const { return objects_[id]; }
  const CacheState& state() const { return state_; }
  std::span<const uint32_t> residents() const { return residents_; }
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

  std::span<const traces::Request> requests_;
  CacheConfig config_;
  CacheState state_{};
  std::vector<CacheObject> objects_;
  std::vector<uint32_t> position_;   // index in residents_, or kNotResident
  std::vector<uint32_t> residents_;  // ids of the residents, in no particular order
  uint64_t used_room_ = 0;           // in capacity's unit
  std::vector<uint64_t> eviction_number_;  // 1-based count of the object's latest eviction

  // Lazily built helper structures: empty until the first call that needs them.
  std::array<OrderStatistics, kFeatureCount> order_{};
  std::vector<uint64_t> sorted_sizes_;     // distinct sizes of the trace, for CRUCIBLE_SIZE
  std::vector<uint32_t> window_counts_;    // per object, requests in the last CRUCIBLE_WINDOW

  std::array<uint8_t, CRUCIBLE_MISS_WINDOW> miss_ring_{};
  uint64_t ring_misses_ = 0;
  std::string fault_;
  const CacheBook* previous_active_;
};

}  // namespace crucible::evaluators::cache
