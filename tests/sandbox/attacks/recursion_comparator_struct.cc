// expect: rejected -- recursion
// Attack: and through an object of the candidate's own class whose operator() calls back.
#include <algorithm>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state);
struct Deeper {
  const CacheObject* obj;
  const CacheState* state;
  bool operator()(double a, double b) const { return crucible_cache_priority(obj, state) + a < b; }
};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return std::max(1.0, 2.0, Deeper{obj, state});
}
