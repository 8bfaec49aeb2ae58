// expect: rejected -- load-time-code
// Attack: a variable template whose instantiation needs a dynamic initializer, so load-time code appears only after instantiation.
static double warm_up(int n) {
  volatile double sum = 0;
  for (int i = 0; i < n; ++i) sum = sum + i;
  return sum;
}
template <int N>
const double kWarm = warm_up(N);

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return kWarm<1000> + static_cast<double>(obj->size + state->now);
}
