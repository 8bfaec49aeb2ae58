// After LIRS (Jiang and Zhang, SIGMETRICS 2002) as a rank policy: an object whose last two
// requests came closer together than the cache's reach (the recency of nearly its least recent
// resident) has a low inter-reference recency and is kept ahead of objects seen once or rarely,
// for twice that reach; within each class the least recently used goes first.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double reach = crucible_cache_percentile(state, CRUCIBLE_RECENCY, 0.99) + 1.0;
  double bonus = 0.0;
  if (obj->previous_gap > 0 && (double)obj->previous_gap < reach) bonus = 2.0 * reach;
  return (double)obj->last_access + bonus;
}
