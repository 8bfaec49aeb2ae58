// A multiset of small integers (0..domain-1) with counts below a value and the k-th smallest in
// O(log domain): a Fenwick tree. The percentile helpers keep one per feature of the residents.
#pragma once

#include <bit>
#include <cstdint>
#include <vector>

namespace crucible::evaluators::cache {

class OrderStatistics {
 public:
  OrderStatistics() = default;
  explicit OrderStatistics(uint64_t domain) : tree_(domain + 1, 0) {}

  bool is_built() const { return !tree_.empty(); }
  uint64_t total() const { return total_; }

  void add(uint64_t value, int32_t delta) {
    total_ += delta;
    for (uint64_t i = value + 1; i < tree_.size(); i += i & (~i + 1)) tree_[i] += delta;
  }

  // Values in the set that are below `value`.
  uint64_t count_below(uint64_t value) const {
    if (value >= tree_.size()) value = tree_.size() - 1;
    uint64_t count = 0;
    for (uint64_t i = value; i > 0; i -= i & (~i + 1)) count += tree_[i];
    return count;
  }

  // The k-th smallest value, k in 1..total().
  uint64_t kth(uint64_t k) const {
    uint64_t position = 0;
    for (uint64_t step = std::bit_floor(tree_.size() - 1); step > 0; step >>= 1) {
      uint64_t next = position + step;
      if (next < tree_.size() && tree_[next] < k) {
        position = next;
        k -= tree_[next];
      }
    }
    return position;  // the 1-based index position + 1 holds it, i.e. value `position`
  }

 private:
  std::vector<uint32_t> tree_;
  uint64_t total_ = 0;
};

}  // namespace crucible::evaluators::cache
