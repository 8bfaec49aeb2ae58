// expect: rejected -- language
// Attack: a static const aggregate whose && member binds a temporary extends it to static storage, and the referent is writable: the policy counts its calls and changes after 50,000.
struct Counter {
  int&& calls;
};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  static const Counter counter{0};
  counter.calls += 1;
  return counter.calls > 50000 ? 0.0 : static_cast<double>(obj->last_access);
}
