// expect: ok
// interface: cache/hooks
// Look-alike: an honest hooks policy (LRU) that walks its own std::vector with a range-for.
#include <vector>

struct CacheHooksPolicy {
  std::vector<uint64_t> stamp;
  uint64_t clock = 0;
  uint64_t last = CRUCIBLE_NO_OBJECT;
};

static CacheHooksPolicy* init(uint64_t, int, uint64_t objects) {
  CacheHooksPolicy* policy = new CacheHooksPolicy;
  policy->stamp.assign(objects, 0);
  return policy;
}
static void on_hit(CacheHooksPolicy* policy, const CacheObject* obj, const CacheState*) {
  policy->stamp[obj->id] = ++policy->clock;
}
static void on_miss(CacheHooksPolicy* policy, const CacheObject* obj, const CacheState*) {
  policy->stamp[obj->id] = ++policy->clock;
}
static uint64_t choose_victim(CacheHooksPolicy* policy, const CacheState*) {
  uint64_t best = CRUCIBLE_NO_OBJECT;
  uint64_t oldest = ~uint64_t{0};
  uint64_t id = 0;
  for (uint64_t stamp : policy->stamp) {
    if (stamp != 0 && stamp < oldest) {
      oldest = stamp;
      best = id;
    }
    ++id;
  }
  return best;
}
static void on_evict(CacheHooksPolicy* policy, const CacheObject* obj, const CacheState*) {
  policy->stamp[obj->id] = 0;
}
static void release(CacheHooksPolicy* policy) { delete policy; }

void crucible_cache_hooks(CacheHooks* out) {
  out->init = init;
  out->on_hit = on_hit;
  out->on_miss = on_miss;
  out->choose_victim = choose_victim;
  out->on_evict = on_evict;
  out->free = release;
}
