// expect: rejected -- forbidden-call
// Attack: read the return address and frame address through builtins, to learn the host's code and stack layout.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  uint64_t code = (uint64_t)__builtin_return_address(0);
  uint64_t frame = (uint64_t)__builtin_frame_address(0);
  return static_cast<double>((code ^ frame ^ obj->insert_time) % 1024) +
         static_cast<double>(state->now) * 0.0;
}
