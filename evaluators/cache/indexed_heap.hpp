// A 4-ary min-heap of residents keyed by (priority, last access), indexed by the book's slot (see
// CacheBook) so that a hit moves its object in O(log n). Entries carry their whole key in 16 bytes
// and the array is laid out so that each entry's four children fill exactly one 64-byte cache
// line; positions are per slot, so the heap's memory grows with the cache, not with the trace's
// objects. No two residents share a last access (each time is one request), so the key is a total
// order and the rule "then lowest id" never has to be applied.
//
// An entry stores the priority as an unsigned integer that orders as the double does, so that a
// whole entry compares as one 128-bit integer (priority, then last access, then slot, which is
// never reached): choosing among four children is flag arithmetic, not mispredicted branches.
// -0.0 and +0.0 compare equal as doubles, so both take +0.0's integer; which of the two a
// resident's priority was is kept per slot, so top() gives back the policy's value exactly.
#pragma once

#include <bit>
#include <cstddef>
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

  IndexedHeap() = default;
  IndexedHeap(const IndexedHeap&) = delete;
  IndexedHeap& operator=(const IndexedHeap&) = delete;
  ~IndexedHeap() { std::free(storage_); }

  size_t size() const { return size_; }
  uint32_t top_slot() const { return nodes_[0].slot; }
  Node top() const {
    const Entry& entry = nodes_[0];
    return {priority_of(entry), entry.last_access, entry.slot};
  }

  // The order of nodes as one integer: priority (as order_of maps it), last access, slot.
  using Key = unsigned __int128;
  static Key key_of(const Node& node) {
    return (static_cast<Key>(order_of(node.priority)) << 64) |
           (uint64_t{node.last_access} << 32) | node.slot;
  }
  unsigned __int128 top_key() const { return key(nodes_[0]); }

  void push(const Node& node) {
    if (node.slot >= position_.size()) {
      position_.resize(node.slot + 1);
      negative_zero_.resize(node.slot + 1);
    }
    if (size_ == capacity_) grow();
    ++size_;
    sift_up(size_ - 1, entry_of(node));
  }

  // The key of the resident in node.slot changed (a hit).
  void update(const Node& node) {
    const uint32_t at = position_[node.slot];
    const Entry entry = entry_of(node);
    if (key(entry) < key(nodes_[at])) {
      sift_up(at, entry);
    } else {
      sift_down(at, entry);
    }
  }

  // Removes the resident in `slot` wherever it sits: the last entry takes its place.
  void erase(uint32_t slot) {
    const size_t at = position_[slot];
    const Entry last = nodes_[size_ - 1];
    --size_;
    if (at == size_) return;
    if (key(last) < key(nodes_[at])) {
      sift_up(at, last);
    } else {
      sift_down(at, last);
    }
  }

  // Bottom-up: the hole left by the root walks down along the least children to a leaf, then the
  // last entry rises from there. The last entry usually belongs near the leaves (a fresh priority
  // is high), so this compares less than sifting it down from the root.
  void pop() {
    const Entry last = nodes_[size_ - 1];
    --size_;
    const size_t size = size_;
    if (size == 0) return;
    size_t at = 0;
    while (true) {
      const size_t first = at * kArity + 1;
      if (first + kArity <= size) {  // four children: one cache line
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
        if (key(nodes_[child]) < key(nodes_[best])) best = child;
      }
      place(at, nodes_[best]);
      at = best;
    }
    sift_up(at, last);
  }

 private:
  // Little-endian: read as one unsigned 128-bit integer, (order, last_access, slot) from the top.
  struct Entry {
    uint32_t slot;
    uint32_t last_access;
    uint64_t order;
  };
  static_assert(sizeof(Entry) == 16);
  static_assert(std::endian::native == std::endian::little);

  static constexpr size_t kArity = 4;
  static constexpr size_t kLine = 64;
  // nodes_[0] sits 48 bytes into a line, so nodes_[4i + 1 .. 4i + 4] fill one line.
  static constexpr size_t kPad = 3;
  static constexpr uint64_t kSign = uint64_t{1} << 63;

  static unsigned __int128 key(const Entry& entry) {
    unsigned __int128 value;
    std::memcpy(&value, &entry, sizeof(value));
    return value;
  }

  // Orders as the doubles do (never NaN); the map is one-to-one but for -0.0, which takes +0.0's.
  static uint64_t order_of(double priority) {
    uint64_t bits = std::bit_cast<uint64_t>(priority);
    bits = bits == kSign ? 0 : bits;
    return bits ^ (static_cast<uint64_t>(static_cast<int64_t>(bits) >> 63) | kSign);
  }
  double priority_of(const Entry& entry) const {
    const uint64_t order = entry.order;
    const uint64_t bits = (order & kSign) != 0 ? order ^ kSign : ~order;
    return negative_zero_[entry.slot] ? -0.0 : std::bit_cast<double>(bits);
  }

  Entry entry_of(const Node& node) {
    negative_zero_[node.slot] = std::bit_cast<uint64_t>(node.priority) == kSign;
    return {node.slot, node.last_access, order_of(node.priority)};
  }

  size_t least_of_four(size_t first) const {
    const Entry* c = nodes_ + first;
    const unsigned __int128 k0 = key(c[0]), k1 = key(c[1]), k2 = key(c[2]), k3 = key(c[3]);
    const bool right_a = k1 < k0;
    const bool right_b = k3 < k2;
    const unsigned __int128 ka = right_a ? k1 : k0;
    const unsigned __int128 kb = right_b ? k3 : k2;
    const size_t a = first + right_a;
    const size_t b = first + 2 + right_b;
    return kb < ka ? b : a;
  }

  void grow() {
    const size_t capacity = capacity_ == 0 ? 1024 : 2 * capacity_;
    const size_t bytes = (capacity + kPad + 1) * sizeof(Entry);
    auto* storage =
        static_cast<Entry*>(std::aligned_alloc(kLine, (bytes + kLine - 1) / kLine * kLine));
    if (storage == nullptr) throw std::bad_alloc();
    if (size_ > 0) std::memcpy(storage + kPad, nodes_, size_ * sizeof(Entry));
    std::free(storage_);
    storage_ = storage;
    nodes_ = storage + kPad;
    capacity_ = capacity;
  }

  void place(size_t at, const Entry& entry) {
    nodes_[at] = entry;
    position_[entry.slot] = static_cast<uint32_t>(at);
  }

  // Moves `entry` from `at` toward the root to its place.
  void sift_up(size_t at, const Entry& entry) {
    const unsigned __int128 k = key(entry);
    while (at > 0) {
      size_t parent = (at - 1) / kArity;
      if (!(k < key(nodes_[parent]))) break;
      place(at, nodes_[parent]);
      at = parent;
    }
    place(at, entry);
  }

  // Moves `entry` from `at` toward the leaves to its place.
  void sift_down(size_t at, const Entry& entry) {
    const unsigned __int128 k = key(entry);
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
          if (key(nodes_[child]) < key(nodes_[best])) best = child;
        }
      }
      if (!(key(nodes_[best]) < k)) break;
      place(at, nodes_[best]);
      at = best;
    }
    place(at, entry);
  }

  Entry* storage_ = nullptr;  // 64-byte aligned; nodes_ = storage_ + kPad
  Entry* nodes_ = nullptr;
  size_t size_ = 0;
  size_t capacity_ = 0;
  std::vector<uint32_t> position_;      // per slot
  std::vector<uint8_t> negative_zero_;  // per slot: its priority is -0.0
};

}  // namespace crucible::evaluators::cache
