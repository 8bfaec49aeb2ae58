// The lazy mechanism's queue of residents, lowest key first, where a key is (priority, last
// access) as IndexedHeap orders them. Most rank policies score with a time term (recency, age,
// the inflation of GDSF), so the keys they hand out rise with time, often in a few interleaved
// classes (ghosts or not, one access or several). The queue keeps up to kRuns sorted runs: a key
// not below some run's last key is appended to the run whose last key is the greatest such, in
// O(1); any other key goes to an IndexedHeap. The lowest key is the least of the runs' first
// live keys and the heap's top, so the order of evictions is exactly the heap's alone; only the
// cost changes. A rescored resident leaves a stale entry behind in its run, told by its last
// access (a slot's live entry is the one with its latest), skipped when it reaches the front and
// dropped in a compaction when stale entries outnumber live ones.
//
// Precondition, as for IndexedHeap: every push or update of a slot carries a last access that
// slot has not had before (in the lazy mechanism it is the time of the request).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

#include "indexed_heap.hpp"

namespace crucible::evaluators::cache {

class RankQueue {
 public:
  using Node = IndexedHeap::Node;
  using Key = unsigned __int128;

  size_t size() const { return size_; }
  // For the tests: how many sit in the heap, and how many entries are stored (live and stale).
  size_t heap_size() const { return heap_.size(); }
  size_t stored_entries() const { return entries_in_runs_ + heap_.size(); }

  // The lowest resident; size() > 0.
  Node top() {
    settle();
    if (source_ == kFromHeap) return heap_.top();
    const Run& run = runs_[source_];
    return run.nodes[run.head];
  }
  uint32_t top_slot() { return top().slot; }

  // A guess at a later victim, for prefetching: the slot `ahead` entries behind top() in top()'s
  // run (it may be stale, or another run's may come first), or kNoSlot.
  static constexpr uint32_t kNoSlot = UINT32_MAX;
  uint32_t upcoming_slot(size_t ahead) {
    settle();
    if (source_ == kFromHeap) return kNoSlot;
    const Run& run = runs_[source_];
    const size_t at = run.head + ahead;
    return at < run.nodes.size() ? run.nodes[at].slot : kNoSlot;
  }

  void push(const Node& node) {
    grow_to(node.slot);
    const Key key = IndexedHeap::key_of(node);
    const int run = choose_run(key);
    if (run < 0) {
      heap_.push(node);
      in_heap_[node.slot] = 1;
      lower_to(kFromHeap, key);
    } else {
      append(run, node, key);
    }
    ++size_;
  }

  // The resident in node.slot was rescored.
  void update(const Node& node) {
    if (in_heap_[node.slot] != 0) {
      const Key key = IndexedHeap::key_of(node);
      const int run = choose_run(key);
      if (run < 0) {
        heap_.update(node);
      } else {  // it fits a run now: cheaper to keep there
        heap_.erase(node.slot);
        in_heap_[node.slot] = 0;
        append(run, node, key);
      }
      is_settled_ = false;  // the heap's top may have changed
    } else {
      --live_in_runs_;  // its entry in a run goes stale, and it may have been a run's first
      are_heads_stale_ = true;
      is_settled_ = false;
      const Key key = IndexedHeap::key_of(node);
      const int run = choose_run(key);
      if (run < 0) {
        stamp_[node.slot] = kNoStamp;
        heap_.push(node);
        in_heap_[node.slot] = 1;
      } else {
        append(run, node, key);
      }
    }
  }

  // Removes top().
  void pop() {
    settle();
    if (source_ == kFromHeap) {
      in_heap_[heap_.top_slot()] = 0;
      heap_.pop();
    } else {
      Run& run = runs_[source_];
      stamp_[run.nodes[run.head].slot] = kNoStamp;
      ++run.head;
      --live_in_runs_;
      --entries_in_runs_;
      popped_run_ = source_;
    }
    --size_;
    is_settled_ = false;
  }

 private:
  static constexpr int kRuns = 8;
  static constexpr int kFromHeap = -1;
  static constexpr uint32_t kNoStamp = UINT32_MAX;  // the slot has no live entry in a run
  static constexpr size_t kSlack = 4096;            // stale entries tolerated beyond the live

  struct Run {
    std::vector<Node> nodes;  // sorted by key; live and stale entries
    size_t head = 0;          // nodes before it are gone
    Key head_key = 0;         // key of nodes[head] once settled
    Key tail_key = 0;         // key of nodes.back()
  };

  void grow_to(uint32_t slot) {
    if (slot >= stamp_.size()) {
      stamp_.resize(slot + 1, kNoStamp);
      in_heap_.resize(slot + 1, 0);
    }
  }

  bool is_live(const Node& node) const { return stamp_[node.slot] == node.last_access; }

  // The run a key goes to: the one whose last key is the greatest not above it, else a new run
  // while fewer than kRuns are in use, else none (-1: the heap).
  int choose_run(Key key) const {
    int best = -1;
    for (int i = 0; i < active_; ++i) {
      const Key tail = runs_[i].tail_key;
      if (tail <= key && (best < 0 || tail > runs_[best].tail_key)) best = i;
    }
    if (best < 0 && active_ < kRuns) best = active_;
    return best;
  }

  // A key joined the heap or run `source`: once settled, it is the lowest if it is below the
  // lowest so far (an appended key is not below its run's first, so no other key changes).
  void lower_to(int source, Key key) {
    if (is_settled_ && key < lowest_) {
      lowest_ = key;
      source_ = source;
    }
  }

  void append(int index, const Node& node, Key key) {
    if (index == active_) {  // a new run
      ++active_;
      runs_[index].nodes.clear();
      runs_[index].head = 0;
    }
    Run& run = runs_[index];
    if (run.head == run.nodes.size()) {  // empty (emptied by pops, not yet dropped)
      run.head_key = key;
      lower_to(index, key);
    }
    run.nodes.push_back(node);
    run.tail_key = key;
    stamp_[node.slot] = node.last_access;
    ++live_in_runs_;
    ++entries_in_runs_;
    if (entries_in_runs_ > 2 * live_in_runs_ + kSlack) compact();
  }

  // Drops the stale entries at the front of the runs that may have them (every run after a
  // rescore, else the run popped last) and the runs left empty, and finds the lowest key.
  void settle() {
    if (is_settled_) return;
    for (int i = 0; i < active_;) {
      Run& run = runs_[i];
      if (are_heads_stale_ || i == popped_run_) {
        const size_t before = run.head;
        while (run.head < run.nodes.size() && !is_live(run.nodes[run.head])) ++run.head;
        entries_in_runs_ -= run.head - before;
        if (run.head == run.nodes.size()) {  // empty: the last active run takes its place
          --active_;
          std::swap(runs_[i], runs_[active_]);
          if (popped_run_ == active_) popped_run_ = i;  // it moved here, still to be checked
          continue;
        }
        run.head_key = IndexedHeap::key_of(run.nodes[run.head]);
        if (run.head > kSlack && 2 * run.head > run.nodes.size()) {  // reclaim the front
          run.nodes.erase(run.nodes.begin(),
                          run.nodes.begin() + static_cast<ptrdiff_t>(run.head));
          run.head = 0;
        }
      }
      ++i;
    }
    are_heads_stale_ = false;
    popped_run_ = kNoRun;
    source_ = kFromHeap;
    lowest_ = heap_.size() > 0 ? heap_.top_key() : ~Key{0};
    for (int i = 0; i < active_; ++i) {
      if (runs_[i].head_key < lowest_) {
        lowest_ = runs_[i].head_key;
        source_ = i;
      }
    }
    is_settled_ = true;
  }

  // Keeps only the live entries of every run (order is kept, so runs stay sorted) and drops the
  // runs left empty.
  void compact() {
    entries_in_runs_ = 0;
    for (int i = 0; i < active_;) {
      Run& run = runs_[i];
      size_t kept = 0;
      for (size_t j = run.head; j < run.nodes.size(); ++j) {
        if (is_live(run.nodes[j])) run.nodes[kept++] = run.nodes[j];
      }
      run.nodes.resize(kept);
      run.head = 0;
      if (kept == 0) {
        --active_;
        std::swap(runs_[i], runs_[active_]);
        continue;
      }
      entries_in_runs_ += kept;
      run.head_key = IndexedHeap::key_of(run.nodes.front());
      run.tail_key = IndexedHeap::key_of(run.nodes.back());
      ++i;
    }
    are_heads_stale_ = true;  // runs moved: the index of the run popped last is void
    is_settled_ = false;
  }

  std::array<Run, kRuns> runs_{};
  int active_ = 0;  // runs_[0, active_) are in use
  IndexedHeap heap_;
  std::vector<uint32_t> stamp_;   // per slot: last access of its live entry in a run
  std::vector<uint8_t> in_heap_;  // per slot: it sits in heap_
  size_t size_ = 0;
  size_t live_in_runs_ = 0;
  size_t entries_in_runs_ = 0;  // live and stale, from each run's head on
  static constexpr int kNoRun = -2;
  bool is_settled_ = false;
  bool are_heads_stale_ = false;  // a rescore may have left a stale entry first in any run
  int popped_run_ = kNoRun;       // the run whose first entry was popped since the last settle
  int source_ = kFromHeap;        // where the lowest key is, once settled
  Key lowest_ = ~Key{0};          // the lowest key, once settled
};

}  // namespace crucible::evaluators::cache
