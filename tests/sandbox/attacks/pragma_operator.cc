// expect: rejected -- pragma
// Attack: the _Pragma operator inside a macro, to switch off optimizations and diagnostics where no #pragma line is written.
#define QUIET _Pragma("clang optimize off")
QUIET

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(obj->size + state->now);
}
