// expect: rejected -- macro
// Attack: redefine an interface name as a macro, so the verifier and a reader see one field while another is used.
#define access_count size

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(obj->access_count + state->now);
}
