// expect: rejected -- recursion
// Attack: recursion through a comparator handed to std::max: the lambda calls the function that made it, inside the library where a call graph does not look.
#include <algorithm>
static double score(const CacheObject* obj, const CacheState* state, int depth);
static double score(const CacheObject* obj, const CacheState* state, int depth) {
  auto deeper = [&](double a, double b) { return score(obj, state, depth + 1) + a < b; };
  return std::max(1.0, 2.0, deeper);
}
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return score(obj, state, 0);
}
