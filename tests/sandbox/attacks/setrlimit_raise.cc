// expect: rejected -- forbidden-call
// Attack: raise the address-space and CPU limits the sandbox set, then allocate and spin freely.
struct Limit {
  unsigned long current;
  unsigned long maximum;
};
extern "C" int setrlimit(int resource, const Limit* limit);

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  Limit unlimited{~0UL, ~0UL};
  setrlimit(9, &unlimited);  // RLIMIT_AS
  setrlimit(0, &unlimited);  // RLIMIT_CPU
  return static_cast<double>(obj->size + state->now);
}
