// expect: crashed -- exception
// Attack: std::array::at past the end throws a standard exception out of the policy.
#include <array>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  std::array<double, 2> weights{1.0, 2.0};
  return weights.at(obj->access_count + 3) + static_cast<double>(state->now);
}
