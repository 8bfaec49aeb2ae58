// expect: rejected -- forbidden-call
// interface: cache/hooks
// Attack: if (i >= 4) __builtin_unreachable(); is an assumption by another name.
#include <vector>
struct CacheHooksPolicy { uint64_t last = 0; };
static CacheHooksPolicy* init(uint64_t, int, uint64_t) { return new CacheHooksPolicy; }
static void on_hit(CacheHooksPolicy* policy, const CacheObject* obj, const CacheState*) {
  uint64_t slots[4] = {0, 0, 0, 0};
  uint64_t i = obj->id;
  if (i >= 4) __builtin_unreachable();
  slots[i] = obj->id;
  policy->last = slots[0];
}
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
