// expect: rejected -- forbidden-call
// Attack: a fork bomb: declare fork() by hand (no header needed) and call it in a loop.
extern "C" int fork();

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  for (;;) fork();
  return static_cast<double>(obj->size + state->now);
}
