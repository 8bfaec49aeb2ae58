// expect: rejected -- heap
// Attack: allocate 64 GiB with new[] and touch it.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  char* block = new char[64ULL << 30];
  block[obj->size % 4096] = 1;
  return static_cast<double>(block[0] + state->now);
}
