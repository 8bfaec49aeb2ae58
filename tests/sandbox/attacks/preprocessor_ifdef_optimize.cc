// expect: rejected -- directive
// Attack: code under #ifdef __OPTIMIZE__ exists only in the -O2 compile, never in a -fsyntax-only check: here a forged result frame written straight to the result pipe.
#ifdef __OPTIMIZE__
extern "C" long write(int fd, const void* data, unsigned long size);
extern "C" [[noreturn]] void _exit(int status);
static void forge() { write(3, "R\x02\0\0\0[]", 7); _exit(0); }
#endif
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(state->now - obj->last_access);
}
