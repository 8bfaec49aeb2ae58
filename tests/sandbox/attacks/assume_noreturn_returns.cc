// expect: rejected -- attribute
// Attack: [[noreturn]] on a function that returns: the optimizer drops the code after its call, and control falls into whatever follows.
[[noreturn]] static void stop() {}
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  if (obj->size > 1) stop();
  return 1.0;
}
