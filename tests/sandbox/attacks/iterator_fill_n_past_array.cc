// expect: rejected -- language
// Attack: a library algorithm handed an iterator walks past a std::array's end with no bounds check: std::fill_n(std::begin(a), n, v).
#include <array>
#include <algorithm>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  std::array<std::array<double, 2>, 2> grid{};
  std::fill_n(std::begin(grid), 64, std::array<double, 2>{0, 0});
  return grid[0][0];
}
