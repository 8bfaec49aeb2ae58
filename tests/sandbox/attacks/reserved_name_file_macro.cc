// expect: rejected -- reserved-name
// Attack: __FILE__ and __TIME__ leak the private build path and the clock into the policy.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(sizeof(__FILE__) + sizeof(__TIME__));
}
