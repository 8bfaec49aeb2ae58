// expect: rejected -- include
// Attack: spell the # of #include as the digraph %: to slip a forbidden header past a scanner that looks for '#'.
%:include <fcntl.h>

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(open("/etc/passwd", O_RDONLY)) +
         static_cast<double>(obj->size + state->now);
}
