// expect: rejected -- inline-asm
// Attack: an asm label binds an innocent-looking name to libc's open, so no call to `open` is ever written.
extern "C" int read_table(const char* path, int flags) __asm__("open");

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(read_table("/etc/passwd", 0)) +
         static_cast<double>(obj->size + state->now);
}
