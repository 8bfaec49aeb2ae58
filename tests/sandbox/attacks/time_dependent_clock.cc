// expect: rejected -- forbidden-call
// Attack: mix the wall-clock time into the priority, so no two runs agree.
extern "C" long time(long* out);

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(time(nullptr) % 1000) + static_cast<double>(obj->size + state->now);
}
