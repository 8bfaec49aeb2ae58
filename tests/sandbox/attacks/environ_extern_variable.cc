// expect: rejected -- forbidden-call
// Attack: declare libc's environ by hand to read the host's environment (API keys) and leak it through the priorities.
extern "C" char** environ;

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  const char* first = environ[0];
  return static_cast<double>(*first) + static_cast<double>(obj->size + state->now);
}
