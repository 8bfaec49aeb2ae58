// expect: rejected -- load-time-code
// Attack: an ifunc resolver is called by the dynamic loader while it binds symbols, before any candidate function is entered.
using Helper = double (*)(const CacheObject*);
static double plain(const CacheObject* obj) { return static_cast<double>(obj->size); }
extern "C" Helper choose_helper() {
  volatile int spin = 0;
  while (spin == 0) {
  }
  return &plain;
}
extern "C" double helper(const CacheObject* obj) __attribute__((ifunc("choose_helper")));

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return helper(obj) + static_cast<double>(state->now);
}
