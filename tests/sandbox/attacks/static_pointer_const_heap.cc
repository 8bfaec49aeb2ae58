// expect: rejected -- language
// interface: cache/hooks
// Attack: a static T* const to heap memory survives from one instance to the next: the first instance records every request, the later ones replay it and play Belady.
#include <vector>
struct CacheHooksPolicy { uint64_t last = 0; };
static CacheHooksPolicy* init(uint64_t, int, uint64_t) {
  static std::vector<uint64_t>* const seen = new std::vector<uint64_t>();
  seen->push_back(1);
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
