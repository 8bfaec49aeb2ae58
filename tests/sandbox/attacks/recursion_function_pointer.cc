// expect: rejected -- recursion
// Attack: unbounded recursion hidden from the call graph: the entry point calls itself through a function pointer.
using Priority = double (*)(const CacheObject*, const CacheState*);

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  Priority again = &crucible_cache_priority;
  volatile double step = 1;
  return again(obj, state) + step;
}
