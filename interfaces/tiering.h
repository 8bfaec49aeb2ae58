/* Crucible memory tiering: the "rank" policy interface.
 *
 * Memory has two tiers: a small fast one (DRAM) and a large slow one (CXL memory, persistent
 * memory). A page goes to the fast tier on its first access while it has room, else to the slow
 * one. Time is cut into epochs; after each, crucible_tier_score is called once for every page
 * accessed so far (higher = belongs in fast memory). The mechanism then moves pages, at most
 * state->migration_limit: the best slow page is promoted into free room if it scores above 0, or
 * swapped with the worst fast page while it scores higher (ties keep pages where they are); then
 * fast pages scoring below 0 are demoted, worst first, until as many pages are free as were new
 * in the epoch (new pages take free room on first access). Every move stalls the program migration_ns. Counts are of the trace's recorded
 * (sampled) accesses. The function must be deterministic; NaN is an invalid decision. */
#ifndef CRUCIBLE_INTERFACES_TIERING_H
#define CRUCIBLE_INTERFACES_TIERING_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CRUCIBLE_FAST 0              /* TierPage.tier of a page in fast memory */
#define CRUCIBLE_SLOW 1              /* ... in slow memory */
#define CRUCIBLE_TIER_HISTORY 4      /* epochs in TierPage.recent */
#define CRUCIBLE_TIER_NEVER UINT64_MAX /* an epoch that has not happened */

typedef struct TierPage {
  uint64_t id;                  /* dense page index: 0, 1, ... in order of first access */
  uint32_t recent[CRUCIBLE_TIER_HISTORY]; /* accesses in each of the last epochs; [0] = the one just ended */
  double ewma[3];               /* moving average of accesses per epoch at rates 1/2, 1/8, 1/32 */
  uint64_t epoch_reads;         /* loads in the epoch just ended */
  uint64_t epoch_writes;        /* stores in the epoch just ended */
  uint64_t reads;               /* loads since the trace began */
  uint64_t writes;              /* stores since the trace began */
  uint64_t first_epoch;         /* epoch of its first access */
  uint64_t last_access_epoch;   /* latest epoch in which it was accessed */
  uint64_t tier;                /* CRUCIBLE_FAST or CRUCIBLE_SLOW: where it is now */
  uint64_t tier_epochs;         /* epochs ended since it entered that tier (first touch or move) */
  uint64_t migrations;          /* times it has moved between tiers */
  uint64_t last_migration_epoch; /* epoch after which it last moved; CRUCIBLE_TIER_NEVER if never */
} TierPage;

typedef struct TierState {
  uint64_t epoch;               /* the epoch just ended: 0, 1, ... */
  uint64_t fast_capacity;       /* pages the fast tier holds */
  uint64_t pages;               /* pages accessed so far (every id is below it) */
  uint64_t fast_used;           /* pages in the fast tier now */
  uint64_t fast_free;           /* fast_capacity - fast_used */
  uint64_t migration_limit;     /* most pages moved after one epoch, both directions together */
  uint64_t migrations_last;     /* pages moved after the previous epoch (budget used then) */
  uint64_t migrations;          /* pages moved so far */
  uint64_t epoch_accesses;      /* accesses in the epoch just ended */
  uint64_t new_pages;           /* pages first accessed in the epoch just ended */
  double fast_hit_ratio;        /* share of those served by the fast tier */
  double fast_read_ns;          /* latency of a load from fast memory */
  double fast_write_ns;         /* ... of a store to fast memory */
  double slow_read_ns;          /* ... of a load from slow memory */
  double slow_write_ns;         /* ... of a store to slow memory */
  double migration_ns;          /* program stall per page moved */
  uint64_t sample_period;       /* each recorded access stands for this many of the program's */
} TierState;

/* Higher = belongs in fast memory. */
double crucible_tier_score(const TierPage* page, const TierState* state);

#ifdef __cplusplus
}
#endif

#endif /* CRUCIBLE_INTERFACES_TIERING_H */
