// The lazy mechanism's queue (RankQueue: sorted runs beside an indexed heap) against a brute-force
// queue, over seeded random pushes, rescores and pops with keys of several shapes: rising with
// time, rising in interleaved classes, few distinct values (ties broken by last access), random
// signs with zeros of both signs and infinities. Every top must be the brute force's lowest, with
// the priority's exact bits; keys that rise with time must never reach the heap.
#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <vector>

#include "evaluators/cache/rank_queue.hpp"

namespace {

using crucible::evaluators::cache::IndexedHeap;
using crucible::evaluators::cache::RankQueue;

enum class Shape { kRising, kClasses, kFewValues, kSigned };

// The lowest by (priority, last access), as the queue must order them; -0.0 equals +0.0.
bool is_below(const RankQueue::Node& a, const RankQueue::Node& b) {
  if (a.priority != b.priority) return a.priority < b.priority;
  return a.last_access < b.last_access;
}

struct Counts {
  uint64_t pops = 0;
  size_t largest_heap = 0;
};

Counts run(Shape shape, uint64_t seed, uint32_t slots, int steps) {
  std::mt19937_64 random(seed);
  RankQueue queue;
  std::map<uint32_t, RankQueue::Node> live;  // by slot
  std::vector<uint32_t> free_slots;
  for (uint32_t slot = slots; slot-- > 0;) free_slots.push_back(slot);
  Counts counts;
  auto priority = [&](uint32_t time) -> double {
    switch (shape) {
      case Shape::kRising: return time;
      case Shape::kClasses: return time + 1000.0 * static_cast<double>(random() % 4);
      case Shape::kFewValues: return static_cast<double>(random() % 5);
      case Shape::kSigned: {
        const uint64_t pick = random() % 8;
        if (pick == 0) return -0.0;
        if (pick == 1) return 0.0;
        if (pick == 2) return std::numeric_limits<double>::infinity();
        if (pick == 3) return -std::numeric_limits<double>::infinity();
        return static_cast<double>(random() % 2001) - 1000.0;
      }
    }
    return 0;
  };
  for (uint32_t time = 1; time <= static_cast<uint32_t>(steps); ++time) {
    const uint64_t op = random() % 3;
    if (op == 0 && !free_slots.empty()) {
      const RankQueue::Node node{priority(time), time, free_slots.back()};
      free_slots.pop_back();
      queue.push(node);
      live[node.slot] = node;
    } else if (op == 1 && !live.empty()) {
      auto it = live.begin();
      std::advance(it, static_cast<long>(random() % live.size()));
      const RankQueue::Node node{priority(time), time, it->first};
      queue.update(node);
      it->second = node;
    } else if (!live.empty()) {
      auto lowest = live.begin();
      for (auto it = live.begin(); it != live.end(); ++it) {
        if (is_below(it->second, lowest->second)) lowest = it;
      }
      const RankQueue::Node top = queue.top();
      INFO("seed " << seed << " time " << time);
      REQUIRE(top.slot == lowest->second.slot);
      REQUIRE(top.last_access == lowest->second.last_access);
      REQUIRE(std::bit_cast<uint64_t>(top.priority) ==
              std::bit_cast<uint64_t>(lowest->second.priority));
      queue.pop();
      free_slots.push_back(top.slot);
      live.erase(lowest);
      ++counts.pops;
    }
    REQUIRE(queue.size() == live.size());
    counts.largest_heap = std::max(counts.largest_heap, queue.heap_size());
  }
  return counts;
}

}  // namespace

TEST_SUITE("evaluators.cache") {
  TEST_CASE("the rank queue evicts exactly as a brute force does, for keys of every shape") {
    for (Shape shape : {Shape::kRising, Shape::kClasses, Shape::kFewValues, Shape::kSigned}) {
      for (uint64_t seed = 1; seed <= 12; ++seed) {
        // Small slot counts collide often; 20,000 steps pass the compaction's slack many times.
        const Counts counts = run(shape, seed, seed % 2 == 0 ? 16 : 300, 20'000);
        CHECK(counts.pops > 3'000);
        if (shape == Shape::kRising) CHECK(counts.largest_heap == 0);
      }
    }
  }

  TEST_CASE("keys that rise with time stay in runs however many rescores leave stale entries") {
    RankQueue queue;
    for (uint32_t slot = 0; slot < 1000; ++slot) queue.push({double(slot), slot, slot});
    // A million rescores and no pops: stale entries are compacted away as they pile up.
    for (uint32_t time = 1000; time < 1'001'000; ++time) {
      const uint32_t slot = time * 7919u % 1000;
      queue.update({double(time), time, slot});
    }
    CHECK(queue.size() == 1000);
    CHECK(queue.heap_size() == 0);
    CHECK(queue.stored_entries() <= 2 * 1000 + 4096 + 1);
    // The least recently rescored first.
    uint32_t previous = 0;
    for (int i = 0; i < 1000; ++i) {
      const auto top = queue.top();
      CHECK(top.last_access > previous);
      previous = top.last_access;
      queue.pop();
    }
    CHECK(queue.size() == 0);
  }
}
