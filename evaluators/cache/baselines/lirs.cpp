// LIRS (Jiang and Zhang, SIGMETRICS 2002): residents are LIR (low inter-reference recency) or
// HIR. Stack S holds blocks by recency: every LIR block, and HIR blocks (resident or not) more
// recent than the oldest LIR block; pruning keeps an LIR block at its bottom. Queue Q holds the
// resident HIR blocks and a miss evicts its oldest. A HIR block requested while in S has a
// reuse shorter than some LIR block's, so it turns LIR and the bottom LIR block of S moves to Q.
// HIR residents get 1% of the cache, at least one unit (libCacheSim's hirs_ratio=0.01). Like
// libCacheSim, S keeps non-resident entries only while S covers at most twice the capacity: past
// that the entry that lost residence first is dropped. Sizes: capacity is counted in charges.
// run_lirs_as_libcachesim adds libCacheSim's one departure from the paper (a hit on a block
// found only in Q demotes LIR blocks); with it the figures equal libCacheSim's exactly.
#include <algorithm>
#include <vector>

#include "baselines.hpp"

namespace crucible::evaluators::cache {
namespace {

constexpr uint32_t kNone = UINT32_MAX;
constexpr double kHirRatio = 0.01;
constexpr uint64_t kStackBound = 2;  // S may cover this many times the capacity

// A doubly linked list of ids threaded through dense arrays: O(1) push, remove and membership.
// front() is the newest end (the top of S, the tail end of Q), back() the oldest.
class IdList {
 public:
  explicit IdList(uint64_t objects)
      : previous_(objects, kNone), next_(objects, kNone), is_member_(objects, 0) {}

  bool contains(uint32_t id) const { return is_member_[id] != 0; }
  bool empty() const { return back_ == kNone; }
  uint32_t back() const { return back_; }

  void push_front(uint32_t id) {
    previous_[id] = kNone;
    next_[id] = front_;
    if (front_ != kNone) previous_[front_] = id;
    front_ = id;
    if (back_ == kNone) back_ = id;
    is_member_[id] = 1;
  }

  void remove(uint32_t id) {
    if (previous_[id] != kNone)
      next_[previous_[id]] = next_[id];
    else
      front_ = next_[id];
    if (next_[id] != kNone)
      previous_[next_[id]] = previous_[id];
    else
      back_ = previous_[id];
    is_member_[id] = 0;
  }

  void move_to_front(uint32_t id) {
    remove(id);
    push_front(id);
  }

 private:
  std::vector<uint32_t> previous_;  // towards the front
  std::vector<uint32_t> next_;      // towards the back
  std::vector<uint8_t> is_member_;
  uint32_t front_ = kNone;
  uint32_t back_ = kNone;
};

enum class State : uint8_t { kAbsent, kLir, kHirResident, kHirNonResident };

class LirsCache {
 public:
  LirsCache(const CacheConfig& config, bool is_libcachesim)
      : config_(config),
        is_libcachesim_(is_libcachesim),
        hir_limit_(std::max<uint64_t>(
            1, static_cast<uint64_t>(kHirRatio * static_cast<double>(config.capacity)))),
        lir_limit_(config.capacity - std::min(config.capacity, hir_limit_)),
        state_(config.objects, State::kAbsent),
        charge_(config.objects, 0),
        stack_(config.objects),
        queue_(config.objects),
        non_resident_(config.objects) {}

  bool access(const traces::Request& request, uint64_t /*time*/) {
    const uint32_t id = request.id;
    const bool is_hit = state_[id] == State::kLir || state_[id] == State::kHirResident;
    if (is_hit) {
      on_hit(id);
    } else {
      on_miss(id, charge(request, config_));
    }
    bound_stack();
    return is_hit;
  }

 private:
  void on_hit(uint32_t id) {
    if (state_[id] == State::kLir) {
      stack_.move_to_front(id);
      prune();
    } else if (stack_.contains(id)) {
      // Its reuse is shorter than the bottom LIR block's recency: the two swap status.
      stack_.move_to_front(id);
      queue_.remove(id);
      state_[id] = State::kLir;
      hir_used_ -= charge_[id];
      lir_used_ += charge_[id];
      demote_while_lir_over(id);
    } else {
      queue_.move_to_front(id);
      if (is_libcachesim_) make_lir_room_as_libcachesim(id);
      stack_push(id);
    }
  }

  // libCacheSim's hit_RD_HIRinQ: before the block re-enters S it demotes bottom LIR blocks until
  // the block would fit the LIR share, each into a Q held to the HIR share by evicting its
  // oldest (never the block itself). The block stays HIR, so the LIR set shrinks.
  void make_lir_room_as_libcachesim(uint32_t id) {
    while (lir_used_ > 0 && lir_used_ + charge_[id] > lir_limit_) {
      const uint64_t incoming = charge_[stack_.back()];
      while (hir_used_ + incoming > hir_limit_ && queue_.back() != id) evict_one();
      demote_bottom();
    }
  }

  void on_miss(uint32_t id, uint64_t need) {
    if (need > config_.capacity) return;  // never admitted; its S entry, if any, stays as it was
    while (resident_used() + need > config_.capacity) evict_one();
    // evict_one may have pruned the id's non-resident entry out of S, so read its state now.
    if (state_[id] == State::kHirNonResident) {
      non_resident_.remove(id);
      charge_[id] = need;
      stack_.move_to_front(id);
      state_[id] = State::kLir;
      lir_used_ += need;
      demote_while_lir_over(id);
    } else if (lir_used_ + need <= lir_limit_) {
      // Until the LIR set is full, every block is LIR (the paper's start-up rule).
      charge_[id] = need;
      stack_push(id);
      state_[id] = State::kLir;
      lir_used_ += need;
    } else {
      charge_[id] = need;
      stack_push(id);
      queue_.push_front(id);
      state_[id] = State::kHirResident;
      hir_used_ += need;
    }
  }

  uint64_t resident_used() const { return lir_used_ + hir_used_; }

  // Evicts the oldest resident HIR block. Q is empty only when a byte cache holds LIR blocks
  // alone; then the bottom LIR block is demoted first so that it is the victim.
  void evict_one() {
    if (queue_.empty()) demote_bottom();
    const uint32_t victim = queue_.back();
    queue_.remove(victim);
    hir_used_ -= charge_[victim];
    if (stack_.contains(victim)) {
      state_[victim] = State::kHirNonResident;
      non_resident_.push_front(victim);
    } else {
      state_[victim] = State::kAbsent;
    }
  }

  // Moves the bottom LIR blocks of S to Q until the LIR set fits its share, sparing `keep`
  // (the block just made LIR, which sits at the top).
  void demote_while_lir_over(uint32_t keep) {
    while (lir_used_ > lir_limit_ && stack_.back() != keep) demote_bottom();
  }

  void demote_bottom() {
    const uint32_t bottom = stack_.back();
    stack_remove(bottom);
    state_[bottom] = State::kHirResident;
    lir_used_ -= charge_[bottom];
    hir_used_ += charge_[bottom];
    queue_.push_front(bottom);
    prune();
  }

  // Removes HIR entries from the bottom of S until an LIR block is there: an HIR block below
  // every LIR block could not turn LIR on its next request.
  void prune() {
    while (!stack_.empty() && state_[stack_.back()] != State::kLir) {
      const uint32_t bottom = stack_.back();
      stack_remove(bottom);
      if (state_[bottom] == State::kHirNonResident) drop_non_resident(bottom);
    }
  }

  void drop_non_resident(uint32_t id) {
    non_resident_.remove(id);
    state_[id] = State::kAbsent;
  }

  // When the entries of S (resident or not) cover more than twice the capacity, the oldest
  // non-resident entries go first, as in libCacheSim's limitStack.
  void bound_stack() {
    while (stack_charge_ > kStackBound * config_.capacity && !non_resident_.empty()) {
      const uint32_t oldest = non_resident_.back();
      stack_remove(oldest);
      drop_non_resident(oldest);
    }
  }

  void stack_push(uint32_t id) {
    stack_.push_front(id);
    stack_charge_ += charge_[id];
  }

  void stack_remove(uint32_t id) {
    stack_.remove(id);
    stack_charge_ -= charge_[id];
  }

  const CacheConfig& config_;
  bool is_libcachesim_;
  uint64_t hir_limit_;
  uint64_t lir_limit_;
  std::vector<State> state_;
  std::vector<uint64_t> charge_;
  IdList stack_;         // S
  IdList queue_;         // Q: resident HIR blocks
  IdList non_resident_;  // non-resident HIR entries of S, in the order they lost residence
  uint64_t lir_used_ = 0;
  uint64_t hir_used_ = 0;
  uint64_t stack_charge_ = 0;  // charges of every entry of S
};

}  // namespace

CacheResult run_lirs(std::span<const traces::Request> requests, const CacheConfig& config) {
  check_dense_ids("lirs", requests, config);
  LirsCache cache(config, false);
  return simulate(requests, config, cache);
}

CacheResult run_lirs_as_libcachesim(std::span<const traces::Request> requests,
                                    const CacheConfig& config) {
  check_dense_ids("lirs", requests, config);
  LirsCache cache(config, true);
  return simulate(requests, config, cache);
}

}  // namespace crucible::evaluators::cache
