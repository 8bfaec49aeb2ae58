// expect: rejected -- forbidden-call
// Attack: print a forged result (perfect metrics as JSON) to stdout, hoping the host reads it as the evaluation's answer.
extern "C" int printf(const char* format, ...);

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  printf("[{\"instance\":\"synthetic@5%%\",\"metric\":0.0,\"details\":{}}]\n");
  return static_cast<double>(obj->size + state->now);
}
