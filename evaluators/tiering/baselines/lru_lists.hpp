// Linux's LRU lists, as the baselines built on them (linux_lru, tpp, numa_balancing) model them:
// an active and an inactive list per tier, aged by accessed bits at epoch granularity, and the
// reclaim that demotes from the fast tier's inactive tail instead of swapping (Linux 5.15+).
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "tiering.h"

namespace crucible::evaluators::tiering {

// kswapd's watermarks for the fast tier: reclaim wakes when free pages fall below `low` and
// demotes until they reach `high`. Linux spaces them by watermark_scale_factor (0.1% of the node);
// we take 1% (at least one page) so that the small tiers of a simulation keep some headroom.
struct Watermarks {
  uint64_t low = 1;
  uint64_t high = 2;
};

inline Watermarks reclaim_watermarks(uint64_t fast_capacity) {
  Watermarks marks;
  marks.low = std::max<uint64_t>(1, fast_capacity / 100);
  marks.high = 2 * marks.low;
  return marks;
}

class LruLists {
 public:
  bool is_active(uint32_t page) const { return nodes_[page].is_active; }

  // Puts the pages new since the last call at the head of their tier's
  // inactive list, unflagged, in id order. Call first in every on_epoch.
  void add_new(std::span<const TierPage> pages) {
    for (size_t id = nodes_.size(); id < pages.size(); ++id) {
      nodes_.emplace_back();
      push_head(static_cast<uint32_t>(id), pages[id].tier, false);
    }
  }

  // mark_page_accessed, at most once per page per epoch (a second call in `epoch` does nothing):
  // an unflagged inactive page gets the referenced flag, a flagged one is activated; either way the
  // page goes to the head of its (new) list, so the tails hold the least recently referenced.
  void reference(uint32_t page, uint64_t epoch) {
    Node& node = nodes_[page];
    if (node.referenced_epoch == epoch) return;
    node.referenced_epoch = epoch;
    const bool to_active = node.is_active || node.is_referenced;
    node.is_referenced = !to_active;
    unlink(page);
    push_head(page, node.tier, to_active);
  }

  // The aging scan after `epoch`, in id order: a page accessed in it (recent[0] > 0) is
  // referenced as above unless reference() already counted this epoch; any other page loses its
  // flag, and an active one is deactivated to the head of its tier's inactive list.
  void scan(std::span<const TierPage> pages, uint64_t epoch) {
    for (size_t id = 0; id < nodes_.size(); ++id) {
      const auto page = static_cast<uint32_t>(id);
      Node& node = nodes_[id];
      if (node.referenced_epoch == epoch) continue;
      if (pages[id].recent[0] > 0) {
        reference(page, epoch);
        continue;
      }
      node.is_referenced = false;
      if (node.is_active) {
        unlink(page);
        push_head(page, node.tier, false);
      }
    }
  }

  // A migration the policy names: `page` goes to the head of `tier`'s active or inactive list,
  // unflagged.
  void migrate(uint32_t page, uint64_t tier, bool to_active) {
    unlink(page);
    nodes_[page].is_referenced = false;
    push_head(page, tier, to_active);
  }

  // Reclaim with demotion: while `free` < `target` and fewer than `budget` pages have gone, demotes
  // the fast tier's inactive tail (the oldest), or its active tail once the inactive list is empty
  // (kswapd would refill it from there). Demoted pages join the slow inactive list. Appends them to
  // `moves`; returns the fast tier's free pages after them.
  uint64_t demote(uint64_t free, uint64_t target, uint64_t budget, std::vector<uint32_t>& moves) {
    for (uint64_t moved = 0; free < target && moved < budget; ++moved, ++free) {
      uint32_t victim = tail_[CRUCIBLE_FAST][0];
      if (victim == kNone) victim = tail_[CRUCIBLE_FAST][1];
      if (victim == kNone) break;
      moves.push_back(victim);
      migrate(victim, CRUCIBLE_SLOW, false);
    }
    return free;
  }

  // Hint-fault promotion (tpp, numa_balancing): `pages` (slow, in fault order) go to the head of
  // the fast active list while the fast tier has free room and fewer than `limit` moves are
  // listed. Appends them to `moves`.
  void promote(std::span<const uint32_t> pages, uint64_t free, uint64_t limit,
               std::vector<uint32_t>& moves) {
    for (const uint32_t page : pages) {
      if (free == 0 || moves.size() >= limit) break;
      moves.push_back(page);
      migrate(page, CRUCIBLE_FAST, true);
      --free;
    }
  }

  // NUMA balancing's scan: every slow page gets armed (1: its next access is a hint fault), every
  // fast one disarmed.
  void arm_slow(std::vector<uint8_t>& armed) const {
    armed.resize(nodes_.size());
    for (size_t id = 0; id < nodes_.size(); ++id) {
      armed[id] = nodes_[id].tier == CRUCIBLE_SLOW ? 1 : 0;
    }
  }

 private:
  static constexpr uint32_t kNone = UINT32_MAX;
  static constexpr uint64_t kNever = UINT64_MAX;

  struct Node {
    uint32_t prev = kNone;  // toward the head (younger)
    uint32_t next = kNone;  // toward the tail (older)
    uint64_t tier = CRUCIBLE_SLOW;
    uint64_t referenced_epoch = kNever;
    bool is_active = false;
    bool is_referenced = false;  // PG_referenced: one more reference activates an inactive page
  };

  void push_head(uint32_t page, uint64_t tier, bool to_active) {
    Node& node = nodes_[page];
    node.tier = tier;
    node.is_active = to_active;
    uint32_t& head = head_[tier][to_active ? 1 : 0];
    uint32_t& tail = tail_[tier][to_active ? 1 : 0];
    node.prev = kNone;
    node.next = head;
    if (head != kNone) nodes_[head].prev = page;
    head = page;
    if (tail == kNone) tail = page;
  }

  void unlink(uint32_t page) {
    Node& node = nodes_[page];
    uint32_t& head = head_[node.tier][node.is_active ? 1 : 0];
    uint32_t& tail = tail_[node.tier][node.is_active ? 1 : 0];
    (node.prev == kNone ? head : nodes_[node.prev].next) = node.next;
    (node.next == kNone ? tail : nodes_[node.next].prev) = node.prev;
    node.prev = kNone;
    node.next = kNone;
  }

  std::vector<Node> nodes_;
  // [tier][0: inactive, 1: active]
  uint32_t head_[2][2] = {{kNone, kNone}, {kNone, kNone}};
  uint32_t tail_[2][2] = {{kNone, kNone}, {kNone, kNone}};
};

}  // namespace crucible::evaluators::tiering
