/* Crucible cache eviction: the "rank" policy interface.
 *
 * Write one function, crucible_cache_priority. The cache calls it when an object is inserted and
 * each time the object is hit, and stores the result. When the cache is full, the resident object
 * with the LOWEST stored priority is evicted (ties: the least recently accessed goes first).
 * Times are logical: the index of the request in the trace, starting at 0.
 * The function must be deterministic and return a finite number. */
#ifndef CRUCIBLE_INTERFACES_CACHE_H
#define CRUCIBLE_INTERFACES_CACHE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct CacheObject {
  uint64_t size;          /* object size in bytes as the trace gives it */
  uint64_t insert_time;   /* time the object entered the cache */
  uint64_t last_access;   /* time of its latest request (the current one, when called) */
  uint64_t access_count;  /* requests since it entered the cache, including the current one */
} CacheObject;

typedef struct CacheState {
  uint64_t now;           /* time of the current request */
  uint64_t occupancy;     /* objects in the cache now */
  uint64_t capacity;      /* most objects the cache can hold */
} CacheState;

/* Higher = keep longer. */
double crucible_cache_priority(const CacheObject* obj, const CacheState* state);

#ifdef __cplusplus
}
#endif

#endif /* CRUCIBLE_INTERFACES_CACHE_H */
