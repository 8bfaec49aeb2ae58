// A 4-ary min-heap of residents keyed by (priority, last access), indexed by the book's slot (see
// CacheBook) so that a hit moves its object in O(log n). Nodes carry their whole key in 16 bytes
// and the array is laid out so that each node's four children fill exactly one 64-byte cache
// line; positions are per slot, so the heap's memory grows with the cache, not with the trace's
// objects. No two residents share a last access (each time is one request), so the key is a total
// order and the rule "then lowest id" never has to be applied.
#pragma once

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
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

  IndexedHeap() = default;
  IndexedHeap(const IndexedHeap&) = delete;
  IndexedHeap& operator=(const IndexedHeap&) = delete;
  ~IndexedHeap() { std::free(storage_); }

  size_t size() const { return size_; }
  const Node& top() const { return nodes_[0]; }

  void push(const Node& node) {
    if (node.slot >= position_.size()) position_.resize(node.slot + 1);
    if (size_ == capacity_) grow();
    ++size_;
    sift_up(size_ - 1, node);
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
    const Node last = nodes_[size_ - 1];
    --size_;
    const size_t size = size_;
    if (size == 0) return;
    size_t at = 0;
    while (true) {
      const size_t first = at * kArity + 1;
      if (first + kArity <= size) {  // four children: one cache line, chosen without branches
        // The next level's lines for all four candidates, before choosing among them, so the
        // walk overlaps its loads (a prefetch past the end faults nothing).
        if (first * kArity + 1 < size) {
          for (size_t j = 0; j < kArity; ++j) __builtin_prefetch(nodes_ + (first + j) * kArity + 1);
        }
        const size_t best = least_of_four(first);
        place(at, nodes_[best]);
        at = best;
        continue;
      }
      if (first >= size) break;
      size_t best = first;
      for (size_t child = first + 1; child < size; ++child) {
        if (is_less(nodes_[child], nodes_[best])) best = child;
      }
      place(at, nodes_[best]);
      at = best;
    }
    sift_up(at, last);
  }

 private:
  static constexpr size_t kArity = 4;
  static constexpr size_t kLine = 64;
  // nodes_[0] sits 48 bytes into a line, so nodes_[4i + 1 .. 4i + 4] fill one line.
  static constexpr size_t kPad = 3;

  static bool is_less(const Node& a, const Node& b) {
    // Bitwise, not short-circuit: no branches (the operands are never NaN).
    return (a.priority < b.priority) | ((a.priority == b.priority) & (a.last_access < b.last_access));
  }

  size_t least_of_four(size_t first) const {
    const Node* c = nodes_ + first;
    const size_t a = first + (is_less(c[1], c[0]) ? 1 : 0);
    const size_t b = first + 2 + (is_less(c[3], c[2]) ? 1 : 0);
    return is_less(nodes_[b], nodes_[a]) ? b : a;
  }

  void grow() {
    const size_t capacity = capacity_ == 0 ? 1024 : 2 * capacity_;
    const size_t bytes = (capacity + kPad + 1) * sizeof(Node);
    auto* storage = static_cast<Node*>(std::aligned_alloc(kLine, (bytes + kLine - 1) / kLine * kLine));
    if (storage == nullptr) throw std::bad_alloc();
    if (size_ > 0) std::memcpy(storage + kPad, nodes_, size_ * sizeof(Node));
    std::free(storage_);
    storage_ = storage;
    nodes_ = storage + kPad;
    capacity_ = capacity;
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
    const size_t size = size_;
    while (true) {
      size_t first = at * kArity + 1;
      if (first >= size) break;
      size_t best;
      if (first + kArity <= size) {
        best = least_of_four(first);
      } else {
        best = first;
        for (size_t child = first + 1; child < size; ++child) {
          if (is_less(nodes_[child], nodes_[best])) best = child;
        }
      }
      if (!is_less(nodes_[best], node)) break;
      place(at, nodes_[best]);
      at = best;
    }
    place(at, node);
  }

  Node* storage_ = nullptr;  // 64-byte aligned; nodes_ = storage_ + kPad
  Node* nodes_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
  std::vector<uint32_t> position_;  // per slot
};

}  // namespace crucible::evaluators::cache
