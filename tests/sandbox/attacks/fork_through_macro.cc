// expect: rejected -- forbidden-call
// Attack: hide the declaration and the call of vfork behind macros, hoping the verifier only reads the written text.
#define DECLARE_PLAIN(name) extern "C" int name();
#define SPAWN(name) name()
DECLARE_PLAIN(vfork)

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  if (obj->access_count == 1) SPAWN(vfork);
  return static_cast<double>(obj->access_count + state->now);
}
