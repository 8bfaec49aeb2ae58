// expect: rejected -- source-size
// generate: pad-to 10485760
// Attack: a 10 MB source (the test pads this file with a comment) to exhaust the parser, the compiler and the store.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(obj->size + state->now);
}
