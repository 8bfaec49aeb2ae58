// What HeMem and Memtis share once each has its lists: hot slow pages promoted, in order, into
// free room or in place of the coldest fast pages.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace crucible::evaluators::tiering {

// Keeps the first `count` of `ids` by `less`, in that order, and drops the rest.
template <typename Less>
void keep_first(std::vector<uint32_t>& ids, size_t count, Less less) {
  const auto middle = ids.begin() + static_cast<ptrdiff_t>(std::min(count, ids.size()));
  std::partial_sort(ids.begin(), middle, ids.end(), less);
  ids.erase(middle, ids.end());
}

// Each of `hot` (slow pages, in order) goes into free room while there is some, then in place of
// the next of `cold` (fast pages, in order; the demotion first, as it makes the room), until
// `limit` moves or either list runs out.
inline void promote_hot(std::span<const uint32_t> hot, std::span<const uint32_t> cold,
                        uint64_t free, size_t limit, std::vector<uint32_t>& moves) {
  size_t victim = 0;
  for (const uint32_t page : hot) {
    if (free > 0 && moves.size() < limit) {
      moves.push_back(page);
      --free;
      continue;
    }
    if (free > 0 || victim >= cold.size() || moves.size() + 2 > limit) break;
    moves.push_back(cold[victim++]);
    moves.push_back(page);
  }
}

}  // namespace crucible::evaluators::tiering
