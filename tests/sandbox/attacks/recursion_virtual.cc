// expect: rejected -- recursion
// Attack: unbounded recursion through a virtual call, whose static callee is a pure virtual without a body.
struct Walker {
  virtual double walk(const CacheObject* obj) const = 0;
};

struct Loop : Walker {
  const Walker* next = nullptr;
  double walk(const CacheObject* obj) const override {
    volatile double step = 1;
    return next->walk(obj) + step;
  }
};

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  Loop loop;
  loop.next = &loop;
  return loop.walk(obj) + static_cast<double>(state->now);
}
