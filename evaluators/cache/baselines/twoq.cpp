// 2Q: new ids enter FIFO A1in; ids recalled by ghost A1out enter LRU Am (Johnson, Shasha VLDB'94).
#include <algorithm>
#include <cstdint>

#include "baselines.hpp"
#include "evaluators/cache/dense_list.hpp"

namespace crucible::evaluators::cache {
namespace {

enum ListId : uint8_t { kA1in, kA1out, kAm };

// The paper's full 2Q with its recommended sizes: Kin = 25% and Kout = 50% of the capacity
// (rounded down). A1in and Am are resident; A1out remembers ids only. Byte mode follows
// libCacheSim's TwoQ.c: Kin and Kout are in bytes, A1out weighs each id by its object's size, and
// an object larger than Kin is not admitted (its can_insert); Kin counts as at least 1 there, so
// unit-size objects are admitted at every capacity, as in object mode.
class TwoQCache {
 public:
  TwoQCache(std::span<const traces::Request> requests, const CacheConfig& config)
      : requests_(requests),
        config_(config),
        in_limit_(config.capacity / 4),
        out_limit_(config.capacity / 2),
        lists_(config.objects) {}

  bool access(const traces::Request& request, uint64_t time) {
    require_dense_id(request, config_);
    lists_.prefetch(requests_, time);
    const uint32_t id = request.id;
    const uint8_t list = lists_.list_of(id);
    if (list == kAm) {
      lists_.move_to_front(kAm, id);
      return true;
    }
    if (list == kA1in) return true;  // FIFO: no change
    const uint64_t need = charge(request, config_);
    if (need > config_.capacity || need > std::max<uint64_t>(in_limit_, 1)) return false;
    ListId destination = kA1in;
    if (list == kA1out) {
      // Re-requested after a full pass through A1in. Leave A1out first, so that reclaiming
      // cannot trim this very id off A1out's tail.
      lists_.unlink(id);
      destination = kAm;
    }
    while (lists_.weight(kA1in) + lists_.weight(kAm) + need > config_.capacity) reclaim();
    lists_.push_front(destination, id, static_cast<uint32_t>(need));
    return false;
  }

 private:
  // Frees room: from A1in (its id kept in A1out) while A1in is over Kin, else Am's least recent
  // object, which is forgotten. Am can be empty only in byte mode (a newcomer above 75% of the
  // capacity); A1in gives then.
  void reclaim() {
    if (lists_.weight(kA1in) > in_limit_ || lists_.is_empty(kAm)) {
      const uint32_t id = lists_.back(kA1in);
      const uint32_t size = lists_.charge_of(id);
      lists_.unlink(id);
      if (size > out_limit_) return;
      while (lists_.weight(kA1out) + size > out_limit_) lists_.unlink(lists_.back(kA1out));
      lists_.push_front(kA1out, id, size);
    } else {
      lists_.unlink(lists_.back(kAm));
    }
  }

  std::span<const traces::Request> requests_;
  CacheConfig config_;
  uint64_t in_limit_;    // Kin
  uint64_t out_limit_;   // Kout
  DenseLists<3> lists_;  // each most recent first
};

}  // namespace

CacheResult run_twoq(std::span<const traces::Request> requests, const CacheConfig& config) {
  TwoQCache cache(requests, config);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
