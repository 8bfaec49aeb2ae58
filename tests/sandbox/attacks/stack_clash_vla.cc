// expect: rejected -- language
// Attack: a stack clash: a variable-length array of 256 MiB or more jumps the stack pointer past the guard page, so writes land in whatever is mapped below the stack.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  uint64_t length = ((obj->size % 4) + 1) << 28;
  volatile char block[length];
  block[0] = 1;
  block[length / 2] = 2;
  return static_cast<double>(block[0] + block[length / 2] + state->now);
}
