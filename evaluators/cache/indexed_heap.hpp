// A 4-ary min-heap of residents keyed by (priority, last access), indexed by the book's slot (see
// CacheBook) so that a hit moves its object in O(log n). Nodes carry their whole key in 16 bytes
// (four children share a cache line) and positions are per slot, so the heap's memory grows with
// the cache, not with the trace's objects. No two residents share a last access (each time is one
// request), so the key is a total order and the rule "then lowest id" never has to be applied.
#pragma once

#include <cstdint>
#include <vector>

namespace crucible::evaluators::cache {

class IndexedHeap {
 public:
  struct Node {
    double priority;
    uint32_t last_access;  // the tie-break: least recent first
    uint32_t slot;
  };

  static_assert(sizeof(Node) == 16);

  const Node& top() const { return nodes_.front(); }

  void push(const Node& node) {
    if (node.slot >= position_.size()) position_.resize(node.slot + 1);
    nodes_.push_back(node);
    sift_up(nodes_.size() - 1, node);
  }

  // The key of the resident in node.slot changed (a hit).
  void update(const Node& node) {
    const uint32_t at = position_[node.slot];
    if (is_less(node, nodes_[at])) {
      sift_up(at, node);
    } else {
      sift_down(at, node);
    }
  }

  // Bottom-up: the hole left by the root walks down along the least children to a leaf, then the
  // last node rises from there. The last node usually belongs near the leaves (a fresh priority is
  // high), so this compares less than sifting it down from the root.
  void pop() {
    const Node last = nodes_.back();
    nodes_.pop_back();
    const size_t size = nodes_.size();
    if (size == 0) return;
    size_t at = 0;
    while (true) {
      size_t first = at * kArity + 1;
      if (first >= size) break;
      size_t best = first;
      size_t end = first + kArity < size ? first + kArity : size;
      for (size_t child = first + 1; child < end; ++child) {
        if (is_less(nodes_[child], nodes_[best])) best = child;
      }
      place(at, nodes_[best]);
      at = best;
    }
    sift_up(at, last);
  }

 private:
  static constexpr size_t kArity = 4;

  static bool is_less(const Node& a, const Node& b) {
    if (a.priority != b.priority) return a.priority < b.priority;
    return a.last_access < b.last_access;
  }

  void place(size_t at, const Node& node) {
    nodes_[at] = node;
    position_[node.slot] = static_cast<uint32_t>(at);
  }

  // Moves `node` from `at` toward the root to its place.
  void sift_up(size_t at, const Node& node) {
    while (at > 0) {
      size_t parent = (at - 1) / kArity;
      if (!is_less(node, nodes_[parent])) break;
      place(at, nodes_[parent]);
      at = parent;
    }
    place(at, node);
  }

  // Moves `node` from `at` toward the leaves to its place.
  void sift_down(size_t at, const Node& node) {
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
  std::vector<uint32_t> position_;  // per slot
};

}  // namespace crucible::evaluators::cache
