// expect: ok
// Look-alike: a member function named `open` in a local struct is the candidate's own code, not libc's open.
struct Window {
  double width;
  double open(double since) const { return since < width ? 1.0 : 0.0; }
};

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  Window window{static_cast<double>(state->capacity)};
  return window.open(static_cast<double>(state->now - obj->insert_time)) +
         static_cast<double>(obj->last_access);
}
