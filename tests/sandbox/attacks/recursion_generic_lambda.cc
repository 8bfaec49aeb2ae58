// expect: rejected -- recursion
// Attack: a generic lambda that recurses by calling the copy of itself it is given (a Y combinator).
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  auto descend = [](const auto& self, uint64_t depth) -> double {
    return depth == 0 ? 0.0 : self(self, depth - 1) + 1.0;
  };
  return descend(descend, obj->size << 30) + static_cast<double>(state->now);
}
