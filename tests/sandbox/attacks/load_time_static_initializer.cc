// expect: rejected -- load-time-code
// Attack: a global whose initializer is a function call runs code when the shared object is loaded, before the run filter is installed.
static double warm_up() {
  volatile double sum = 0;
  for (int i = 0; i < 1000; ++i) sum = sum + i;
  return sum;
}
const double kWarm = warm_up();

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return kWarm + static_cast<double>(obj->size + state->now);
}
