// expect: rejected -- language
// interface: cache/hooks
// Attack: placement new of a large object over a small local is a cast in disguise: its constructor writes past the local into the mechanism's frames.
#include <vector>
#include <array>
struct Wide { std::array<uint64_t, 64> words{}; };
struct CacheHooksPolicy { uint64_t last = 0; };
static CacheHooksPolicy* init(uint64_t, int, uint64_t) {
  uint64_t small = 0;
  new (&small) Wide();
  return new CacheHooksPolicy;
}
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
