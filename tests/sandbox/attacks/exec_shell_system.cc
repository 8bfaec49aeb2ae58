// expect: rejected -- forbidden-call
// Attack: run a shell with std::system, which <algorithm> declares through <cstdlib> without it being included.
#include <algorithm>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  static_cast<void>(std::system("sh -c 'id > /tmp/crucible-pwned'"));
  return static_cast<double>(std::max(obj->size, state->now));
}
