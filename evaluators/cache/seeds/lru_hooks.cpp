// LRU as a hooks policy: a doubly linked list over object ids, most recent at the head; the
// victim is the tail.
#include <vector>

struct CacheHooksPolicy {
  std::vector<uint64_t> newer;  // toward the head
  std::vector<uint64_t> older;  // toward the tail
  uint64_t head = CRUCIBLE_NO_OBJECT;
  uint64_t tail = CRUCIBLE_NO_OBJECT;
};

static void detach(CacheHooksPolicy* lru, uint64_t id) {
  uint64_t newer = lru->newer[id];
  uint64_t older = lru->older[id];
  if (newer == CRUCIBLE_NO_OBJECT) lru->head = older; else lru->older[newer] = older;
  if (older == CRUCIBLE_NO_OBJECT) lru->tail = newer; else lru->newer[older] = newer;
}

static void push_head(CacheHooksPolicy* lru, uint64_t id) {
  lru->newer[id] = CRUCIBLE_NO_OBJECT;
  lru->older[id] = lru->head;
  if (lru->head != CRUCIBLE_NO_OBJECT) lru->newer[lru->head] = id;
  lru->head = id;
  if (lru->tail == CRUCIBLE_NO_OBJECT) lru->tail = id;
}

static CacheHooksPolicy* lru_init(uint64_t capacity, int is_bytes, uint64_t objects) {
  CacheHooksPolicy* lru = new CacheHooksPolicy;
  lru->newer.assign(objects, CRUCIBLE_NO_OBJECT);
  lru->older.assign(objects, CRUCIBLE_NO_OBJECT);
  return lru;
}

static void lru_on_hit(CacheHooksPolicy* lru, const CacheObject* obj, const CacheState* state) {
  detach(lru, obj->id);
  push_head(lru, obj->id);
}

static void lru_on_miss(CacheHooksPolicy* lru, const CacheObject* obj, const CacheState* state) {
  push_head(lru, obj->id);
}

static uint64_t lru_choose_victim(CacheHooksPolicy* lru, const CacheState* state) {
  return lru->tail;
}

static void lru_on_evict(CacheHooksPolicy* lru, const CacheObject* obj, const CacheState* state) {
  detach(lru, obj->id);
}

static void lru_free(CacheHooksPolicy* lru) { delete lru; }

void crucible_cache_hooks(CacheHooks* out) {
  out->init = lru_init;
  out->on_hit = lru_on_hit;
  out->on_miss = lru_on_miss;
  out->choose_victim = lru_choose_victim;
  out->on_evict = lru_on_evict;
  out->free = lru_free;
}
