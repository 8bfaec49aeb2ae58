// expect: ok
// Look-alike: lambdas (one capturing, one generic) are ordinary local code.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double weight = 64.0;
  auto recency = [&](uint64_t at) { return static_cast<double>(at) / weight; };
  auto square = [](auto x) { return x * x; };
  return recency(obj->last_access) +
         square(static_cast<double>(obj->access_count > 8 ? 8 : obj->access_count)) +
         static_cast<double>(state->occupancy) * 0.0;
}
