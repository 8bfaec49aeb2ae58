// expect: rejected -- forbidden-call
// Attack: allocate 64 GiB with std::malloc, which <algorithm> declares through <cstdlib>.
#include <algorithm>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  void* block = std::malloc(64ULL << 30);
  return static_cast<double>(block != nullptr) +
         static_cast<double>(std::min(obj->size, state->now));
}
