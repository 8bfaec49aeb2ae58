/* Crucible memory tiering: the "hooks" policy interface, for a policy that keeps its own state
 * and picks its own moves.
 *
 * Define `struct TierHooksPolicy` (your state, allocated with new; std::vector is available) and
 * crucible_tier_hooks, which fills every field of `out`. Placement on first access and the page
 * statistics of tiering.h stay the simulator's; after each epoch on_epoch names the pages to
 * move. Each listed page changes tier, in list order: a promotion needs free room in the fast
 * tier at that point of the list (demote first to make room). Listing more than
 * state->migration_limit pages, an unknown id or a promotion into a full tier is an invalid
 * decision. Everything deterministic. */
#ifndef CRUCIBLE_INTERFACES_TIERING_HOOKS_H
#define CRUCIBLE_INTERFACES_TIERING_HOOKS_H

#include "tiering.h"

#ifdef __cplusplus
extern "C" {
#endif

struct TierHooksPolicy; /* yours to define */

typedef struct TierHooks {
  /* Once, before the first access. pages: every id the trace uses is below it. */
  struct TierHooksPolicy* (*init)(uint64_t fast_capacity, uint64_t pages);
  /* After each epoch: every page accessed so far (read them with crucible_tier_page); name the
   * pages to move with crucible_tier_add_move and return the final count. */
  uint64_t (*on_epoch)(struct TierHooksPolicy* policy, const TierPage* pages,
                       const TierState* state, uint64_t* moves);
  /* Once, after the last access: release the state. */
  void (*free)(struct TierHooksPolicy* policy);
} TierHooks;

/* Page `id` of on_epoch's pages, or NULL when id >= state->pages. */
static inline const TierPage* crucible_tier_page(const TierPage* pages, const TierState* state,
                                                 uint64_t id) {
  return id < state->pages ? pages + id : (const TierPage*)0;
}

/* Appends page `id` to on_epoch's moves, which hold `count` so far; returns the new count
 * (unchanged when the list already has state->migration_limit moves). */
static inline uint64_t crucible_tier_add_move(uint64_t* moves, uint64_t count,
                                              const TierState* state, uint64_t id) {
  if (count >= state->migration_limit) return count;
  moves[count] = id;
  return count + 1;
}

void crucible_tier_hooks(TierHooks* out);

#ifdef __cplusplus
}
#endif

#endif /* CRUCIBLE_INTERFACES_TIERING_HOOKS_H */
