// expect: rejected -- recursion
// Attack: unbounded recursion with no call expression at all: each destructor runs the destructor of a new local.
struct Nest {
  volatile double weight = 1;
  ~Nest() {
    Nest inner;
    inner.weight = weight + 1;
  }
};

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  { Nest outer; }
  return static_cast<double>(obj->access_count + state->now);
}
