// expect: crashed -- SIGSEGV
// Attack: touch every page of a 1 GiB local array: the stack is far smaller, so this must fault, not eat the machine's memory.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  volatile char block[1ULL << 30];
  for (uint64_t at = 0; at < sizeof block; at += 4096) block[at] = static_cast<char>(at >> 12);
  return static_cast<double>(block[obj->size % sizeof block] + state->now);
}
