// expect: rejected -- reserved-name
// interface: cache/hooks
// Attack: a class derived from std::vector reaches its protected _M_impl and re-points the begin and end pointers at the mechanism's memory.
#include <vector>
struct Sneaky : std::vector<uint64_t> {
  void widen() { this->_M_impl._M_finish = this->_M_impl._M_start + 1000000; }
};
struct CacheHooksPolicy { Sneaky ids; uint64_t last = 0; };
static CacheHooksPolicy* init(uint64_t, int, uint64_t) {
  CacheHooksPolicy* policy = new CacheHooksPolicy;
  policy->ids.widen();
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
