// expect: rejected -- language
// Attack: a GNU statement expression ({ ... }), outside the language candidates are written in.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double x = ({ double y = static_cast<double>(obj->size); y * 2; });
  return x;
}
