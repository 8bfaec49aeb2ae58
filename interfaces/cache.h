/* Crucible cache eviction: the "rank" policy interface.
 *
 * Write one function, crucible_cache_priority: higher = keep longer. The experiment picks the
 * mechanism that calls it. "lazy": called when an object is inserted and on each of its hits, and
 * the result is stored. "sampled": called at eviction time for a few random residents. Either way
 * the lowest priority is evicted (ties: least recently accessed first, then lowest id).
 * Times are logical: the index of the request in the trace, starting at 0. The object being
 * requested is resident (counted in occupancy and the percentiles) once it is inserted.
 * The function must be deterministic; NaN is an invalid decision, infinities are allowed. */
#ifndef CRUCIBLE_INTERFACES_CACHE_H
#define CRUCIBLE_INTERFACES_CACHE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CRUCIBLE_NEVER UINT64_MAX   /* a time that has not happened (never evicted) */
#define CRUCIBLE_WINDOW 65536       /* requests in the window of crucible_cache_recent_requests */
#define CRUCIBLE_MISS_WINDOW 1024   /* requests in the window of CacheState.recent_miss_ratio */

typedef struct CacheObject {
  uint64_t size;            /* bytes, as the trace gives it when the object was inserted */
  uint64_t insert_time;     /* time the object entered the cache */
  uint64_t last_access;     /* time of its latest request (the current one, when called) */
  uint64_t access_count;    /* requests since it entered the cache, including the current one */
  uint64_t id;              /* dense object id: 0, 1, ... in order of first request */
  uint64_t total_requests;  /* requests for it since the trace began, across evictions */
  uint64_t previous_gap;    /* time between its last two requests; 0 on its first request */
  uint64_t evictions;       /* times it was evicted before (it is a ghost hit when > 0) */
  uint64_t last_evicted;    /* time of its latest eviction; CRUCIBLE_NEVER when never */
} CacheObject;

struct CacheHelpers;

typedef struct CacheState {
  uint64_t now;                  /* time of the current request */
  uint64_t occupancy;            /* objects in the cache now */
  uint64_t capacity;             /* most the cache can hold: objects, or bytes when is_bytes */
  uint64_t trace_time;           /* the current request's timestamp, seconds since the trace began */
  uint64_t used_bytes;           /* sum of the sizes of the objects in the cache */
  uint64_t is_bytes;             /* 1 when capacity counts bytes, else 0 */
  uint64_t evictions;            /* evictions so far */
  double evicted_priority;       /* priority of the latest evicted object; 0 before any */
  double recent_miss_ratio;      /* misses among the last CRUCIBLE_MISS_WINDOW requests */
  double miss_ratio_ewma[3];     /* moving average of misses (0/1) at rates 1e-2, 1e-3, 1e-4 */
  double size_ewma[3];           /* moving average of requested sizes at the same rates */
  const struct CacheHelpers* helpers; /* host functions; call them through the wrappers below */
} CacheState;
/* The statistics (recent_miss_ratio, the averages) cover the requests before the current one. */

/* Features of the residents that the percentile helpers order. */
#define CRUCIBLE_SIZE 0       /* size in bytes */
#define CRUCIBLE_AGE 1        /* now - insert_time */
#define CRUCIBLE_RECENCY 2    /* now - last_access */
#define CRUCIBLE_FREQUENCY 3  /* access_count */

typedef struct CacheHelpers {
  double (*percentile)(const CacheState* state, int feature, double q);
  double (*rank)(const CacheState* state, int feature, double value);
  uint64_t (*recent_requests)(const CacheState* state, uint64_t id);
  int (*ghost_contains)(const CacheState* state, uint64_t id, uint64_t evictions);
} CacheHelpers;

/* The feature's value at quantile q in [0, 1] over the residents (nearest rank: q = 0 is the
 * least, 1 the greatest, 0.5 the median); 0 when the cache is empty. */
static inline double crucible_cache_percentile(const CacheState* state, int feature, double q) {
  return state->helpers->percentile(state, feature, q);
}

/* The fraction of residents whose feature is at most `value`, in [0, 1]; 0 when empty. */
static inline double crucible_cache_rank(const CacheState* state, int feature, double value) {
  return state->helpers->rank(state, feature, value);
}

/* Requests for object `id` among the last CRUCIBLE_WINDOW requests, the current one included. */
static inline uint64_t crucible_cache_recent_requests(const CacheState* state, uint64_t id) {
  return state->helpers->recent_requests(state, id);
}

/* 1 when object `id` was evicted within the last `evictions` evictions (a ghost set of that size,
 * for example state->occupancy), whether or not it has come back since; else 0. */
static inline int crucible_cache_ghost_contains(const CacheState* state, uint64_t id,
                                                uint64_t evictions) {
  return state->helpers->ghost_contains(state, id, evictions);
}

/* Higher = keep longer. */
double crucible_cache_priority(const CacheObject* obj, const CacheState* state);

#ifdef __cplusplus
}
#endif

#endif /* CRUCIBLE_INTERFACES_CACHE_H */
