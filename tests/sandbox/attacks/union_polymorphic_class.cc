// expect: rejected -- language
// interface: cache/hooks
// Attack: a polymorphic class in a union: copying another member's bytes over it points its vptr at a big object's method, which then runs on a small one.
#include <vector>
struct Small { virtual uint64_t pick() const { return 0; } };
union Slot { Small small; uint64_t raw[2]; Slot() : small() {} };
struct CacheHooksPolicy { uint64_t last = 0; };
static CacheHooksPolicy* init(uint64_t, int, uint64_t) {
  Slot slot;
  slot.raw[0] = 0;
  CacheHooksPolicy* policy = new CacheHooksPolicy;
  policy->last = slot.small.pick();
  return policy;
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
