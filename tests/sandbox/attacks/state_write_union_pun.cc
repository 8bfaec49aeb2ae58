// expect: rejected
// Attack: with no cast at all, unions turn the state pointer into an integer and back into a writable pointer to the mechanism's own capacity (16 bytes before its CacheState), so the cache never evicts and the miss ratio is forged.
union Address {
  const CacheState* pointer;
  uint64_t value;
};
union Writable {
  uint64_t value;
  uint64_t* pointer;
};

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  Address at{state};
  Writable capacity{at.value - 16};
  *capacity.pointer = 1ULL << 62;
  return static_cast<double>(obj->last_access);
}
