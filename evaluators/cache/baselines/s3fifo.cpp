// S3-FIFO (Yang et al., SOSP 2023): a small FIFO (10%) filters one-hit wonders into a ghost of ids;
// objects requested again move to the main FIFO, which reinserts while a 2-bit counter is non-zero.
#include <algorithm>
#include <deque>
#include <unordered_map>
#include <utility>

#include "baselines.hpp"

namespace crucible::evaluators::cache {
namespace {

// libCacheSim's defaults: "small-size-ratio=0.10,ghost-size-ratio=0.90,move-to-main-threshold=2".
constexpr double kSmallRatio = 0.1;
constexpr double kGhostRatio = 0.9;
constexpr uint32_t kMoveToMainThreshold = 2;
constexpr uint32_t kMaxFrequency = 3;

class S3FifoCache {
 public:
  explicit S3FifoCache(uint64_t capacity)
      : capacity_(capacity),
        small_capacity_(std::max<uint64_t>(1, static_cast<uint64_t>(capacity * kSmallRatio))),
        main_capacity_(capacity - std::min(capacity, small_capacity_)),
        ghost_capacity_(static_cast<uint64_t>(capacity * kGhostRatio)) {
    frequency_.reserve(capacity + 1);
  }

  bool access(const traces::Request& request, uint64_t /*time*/) {
    auto found = frequency_.find(request.id);
    if (found != frequency_.end()) {
      found->second = std::min(found->second + 1, kMaxFrequency);
      return true;
    }
    while (frequency_.size() >= capacity_) evict();
    frequency_.emplace(request.id, 0);
    if (ghost_.erase(request.id) > 0) {
      main_.push_back(request.id);
    } else {
      small_.push_back(request.id);
    }
    return false;
  }

 private:
  void evict() {
    if (main_.size() > main_capacity_ || small_.empty()) {
      evict_main();
    } else {
      evict_small();
    }
  }

  // Objects requested at least kMoveToMainThreshold times while in small move to main (counter
  // reset); the first one that was not leaves the cache and its id enters the ghost.
  void evict_small() {
    while (!small_.empty()) {
      uint64_t id = small_.front();
      small_.pop_front();
      auto& frequency = frequency_.at(id);
      if (frequency >= kMoveToMainThreshold) {
        frequency = 0;
        main_.push_back(id);
      } else {
        frequency_.erase(id);
        remember(id);
        return;
      }
    }
  }

  // CLOCK with a 2-bit counter: an object with a non-zero count is reinserted with one less.
  void evict_main() {
    while (!main_.empty()) {
      uint64_t id = main_.front();
      main_.pop_front();
      auto& frequency = frequency_.at(id);
      if (frequency > 0) {
        --frequency;
        main_.push_back(id);
      } else {
        frequency_.erase(id);
        return;
      }
    }
  }

  void remember(uint64_t id) {
    if (ghost_capacity_ == 0) return;
    ++ghost_stamp_;
    ghost_order_.emplace_back(id, ghost_stamp_);
    ghost_[id] = ghost_stamp_;
    // An id that left the ghost by a request stays in ghost_order_ as a stale entry (its stamp no
    // longer matches) until it reaches the front.
    while (!ghost_order_.empty()) {
      auto [front_id, stamp] = ghost_order_.front();
      auto live = ghost_.find(front_id);
      bool is_stale = live == ghost_.end() || live->second != stamp;
      if (!is_stale && ghost_.size() <= ghost_capacity_) break;
      if (!is_stale) ghost_.erase(live);
      ghost_order_.pop_front();
    }
  }

  uint64_t capacity_;
  uint64_t small_capacity_;
  uint64_t main_capacity_;
  uint64_t ghost_capacity_;
  std::unordered_map<uint64_t, uint32_t> frequency_;  // resident ids, in small or main
  std::deque<uint64_t> small_;
  std::deque<uint64_t> main_;
  std::unordered_map<uint64_t, uint64_t> ghost_;  // id -> stamp of its latest entry
  std::deque<std::pair<uint64_t, uint64_t>> ghost_order_;  // (id, stamp), oldest first
  uint64_t ghost_stamp_ = 0;
};

}  // namespace

CacheResult run_s3fifo(std::span<const traces::Request> requests, const CacheConfig& config) {
  S3FifoCache cache(config.capacity);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
