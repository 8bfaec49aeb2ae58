// expect: rejected -- directive
// interface: cache/hooks
// Attack: a line marker with flag 3 claims the code that follows is a system header, where warnings and checks are off.
#include <vector>
# 3 "/usr/include/stdio.h" 3
extern "C" int puts(const char*);
struct CacheHooksPolicy { uint64_t last = 0; };
static CacheHooksPolicy* init(uint64_t, int, uint64_t) { puts("x"); return new CacheHooksPolicy; }
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
