// A 4-ary min-heap of resident objects keyed by (priority, last access, id), indexed by dense
// object id so that a hit can move its object in O(log n). Nodes carry their whole key, so sifting
// reads only the heap array; the position array is touched once per move.
#pragma once

#include <cstdint>
#include <vector>

namespace crucible::evaluators::cache {

class IndexedHeap {
 public:
  struct Node {
    double priority;
    uint64_t order;  // last access << 32 | id: the tie-breaks, least recent first, then lowest id
    uint32_t id() const { return static_cast<uint32_t>(order); }
  };

  explicit IndexedHeap(uint64_t objects) : position_(objects, kAbsent) {}

  bool is_empty() const { return nodes_.empty(); }
  const Node& top() const { return nodes_.front(); }

  void push(uint32_t id, double priority, uint64_t last_access) {
    nodes_.push_back({priority, key(id, last_access)});
    sift_up(nodes_.size() - 1);
  }

  // The resident's key changed (a hit).
  void update(uint32_t id, double priority, uint64_t last_access) {
    uint32_t at = position_[id];
    Node old = nodes_[at];
    nodes_[at] = {priority, key(id, last_access)};
    if (is_less(nodes_[at], old)) {
      sift_up(at);
    } else {
      sift_down(at);
    }
  }

  void pop() {
    position_[nodes_.front().id()] = kAbsent;
    Node last = nodes_.back();
    nodes_.pop_back();
    if (nodes_.empty()) return;
    nodes_.front() = last;
    sift_down(0);
  }

 private:
  static constexpr uint32_t kAbsent = UINT32_MAX;
  static constexpr size_t kArity = 4;

  static uint64_t key(uint32_t id, uint64_t last_access) { return last_access << 32 | id; }
  static bool is_less(const Node& a, const Node& b) {
    return a.priority < b.priority || (a.priority == b.priority && a.order < b.order);
  }

  void place(size_t at, const Node& node) {
    nodes_[at] = node;
    position_[node.id()] = static_cast<uint32_t>(at);
  }

  void sift_up(size_t at) {
    Node node = nodes_[at];
    while (at > 0) {
      size_t parent = (at - 1) / kArity;
      if (!is_less(node, nodes_[parent])) break;
      place(at, nodes_[parent]);
      at = parent;
    }
    place(at, node);
  }

  void sift_down(size_t at) {
    Node node = nodes_[at];
    const size_t size = nodes_.size();
    while (true) {
      size_t first = at * kArity + 1;
      if (first >= size) break;
      size_t best = first;
      size_t end = first + kArity < size ? first + kArity : size;
      for (size_t child = first + 1; child < end; ++child) {
        if (is_less(nodes_[child], nodes_[best])) best = child;
      }
      if (!is_less(nodes_[best], node)) break;
      place(at, nodes_[best]);
      at = best;
    }
    place(at, node);
  }

  std::vector<Node> nodes_;
  std::vector<uint32_t> position_;
};

}  // namespace crucible::evaluators::cache
