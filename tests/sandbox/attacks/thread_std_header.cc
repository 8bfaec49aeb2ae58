// expect: rejected -- include
// Attack: start a detached std::thread.
#include <thread>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  std::thread([] {
    for (;;) {
    }
  }).detach();
  return static_cast<double>(obj->size + state->now);
}
