// expect: rejected -- directive
// interface: cache/hooks
// Attack: #ifndef __NO_INLINE__ is true only when optimizing: a static constructor that reads host files hides behind it.
#include <vector>
#ifndef __NO_INLINE__
extern "C" int open(const char* path, int flags, ...);
__attribute__((constructor)) static void steal() { open("/etc/passwd", 0); }
#endif
struct CacheHooksPolicy { uint64_t last = 0; };
static CacheHooksPolicy* init(uint64_t, int, uint64_t) { return new CacheHooksPolicy; }
static void on_hit(CacheHooksPolicy*, const CacheObject*, const CacheState*) {}
static void on_miss(CacheHooksPolicy*, const CacheObject*, const CacheState*) {}
static uint64_t choose_victim(CacheHooksPolicy* policy, const CacheState*) { return policy->last; }
static void on_evict(CacheHooksPolicy*, const CacheObject*, const CacheState*) {}
static void release(CacheHooksPolicy* policy) { delete policy; }
void crucible_cache_hooks(CacheHooks* out) {
  out->init = init;
  out->on_hit = on_hit;
  out->on_miss = on_miss;
  out->choose_victim = choose_victim;
  out->on_evict = on_evict;
  out->free = release;
}
