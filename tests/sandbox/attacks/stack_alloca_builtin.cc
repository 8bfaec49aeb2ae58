// expect: rejected -- forbidden-call
// Attack: __builtin_alloca with an input-sized length moves the stack pointer past the guard page (a stack clash), with no declaration needed.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  volatile char* block = static_cast<volatile char*>(__builtin_alloca((obj->size + 1) << 30));
  block[0] = 1;
  return static_cast<double>(block[0] + state->now);
}
