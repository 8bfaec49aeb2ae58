// expect: rejected -- load-time-code
// Attack: a global with a destructor runs code when the shared object is unloaded or the process exits, outside any evaluation.
struct Farewell {
  ~Farewell() {
    volatile int spin = 0;
    while (spin == 0) {
    }
  }
};
const Farewell kFarewell;

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(obj->size + state->now);
}
