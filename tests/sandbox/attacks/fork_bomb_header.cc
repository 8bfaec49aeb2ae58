// expect: rejected -- include
// Attack: a fork bomb through the POSIX header.
#include <unistd.h>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  while (fork() >= 0) {
  }
  return static_cast<double>(obj->size + state->now);
}
