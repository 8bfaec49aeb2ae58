// expect: ok
// Look-alike: the candidate's own helpers named `fork` and `exit` are not the libc functions.
namespace {
double fork(double left, double right) { return left > right ? left : right; }
double exit(double value) { return value * 0.5; }
}  // namespace

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return fork(static_cast<double>(obj->last_access), exit(static_cast<double>(state->now)));
}
