/* Crucible cache eviction: the "hooks" policy interface, for a policy with its own state.
 *
 * Define `struct CacheHooksPolicy` (your state, allocated with new; std::vector is available)
 * and crucible_cache_hooks, which fills every field of `out` with your functions. The cache owns
 * residency and byte accounting and keeps the CacheObject and CacheState of cache.h up to date
 * (the helpers work here too); your hooks only decide which object goes. Order on a miss: while
 * the newcomer does not fit, choose_victim then on_evict; then on_miss for the newcomer. An
 * object larger than the capacity is not inserted and no hook runs. Everything deterministic. */
#ifndef CRUCIBLE_INTERFACES_CACHE_HOOKS_H
#define CRUCIBLE_INTERFACES_CACHE_HOOKS_H

#include "cache.h"

#ifdef __cplusplus
extern "C" {
#endif

#define CRUCIBLE_NO_OBJECT UINT64_MAX  /* choose_victim's answer when it has none (an error) */

struct CacheHooksPolicy; /* yours to define */

typedef struct CacheHooks {
  /* Once, before the first request. objects: every id is below it (size arrays with it). */
  struct CacheHooksPolicy* (*init)(uint64_t capacity, int is_bytes, uint64_t objects);
  /* A resident object was requested again; obj already counts this request. */
  void (*on_hit)(struct CacheHooksPolicy* policy, const CacheObject* obj, const CacheState* state);
  /* A missed object is being inserted (room has been made). */
  void (*on_miss)(struct CacheHooksPolicy* policy, const CacheObject* obj, const CacheState* state);
  /* The id of a resident object to evict now; the newcomer is not resident yet. */
  uint64_t (*choose_victim)(struct CacheHooksPolicy* policy, const CacheState* state);
  /* The object choose_victim named is leaving the cache. */
  void (*on_evict)(struct CacheHooksPolicy* policy, const CacheObject* obj, const CacheState* state);
  /* Once, after the last request: release the state. */
  void (*free)(struct CacheHooksPolicy* policy);
} CacheHooks;

void crucible_cache_hooks(CacheHooks* out);

#ifdef __cplusplus
}
#endif

#endif /* CRUCIBLE_INTERFACES_CACHE_HOOKS_H */
