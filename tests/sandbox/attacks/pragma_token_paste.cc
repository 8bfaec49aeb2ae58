// expect: rejected -- pragma
// Attack: token pasting spells _Pragma without ever writing it, to switch optimization off behind the verifier's back.
#define GLUE(a, b) a##b
#define QUIET GLUE(_Pr, agma)("clang optimize off")
QUIET

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(obj->size + state->now);
}
