// Reclaim in the spirit of Linux's LRU with demotion: slow pages are never promoted; a fast page
// idle for two epochs or more scores below 0, the longest idle lowest, so the mechanism demotes
// the coldest to keep room for the pages that are new, and those land in fast memory.
double crucible_tier_score(const TierPage* page, const TierState* state) {
  if (page->tier == CRUCIBLE_SLOW) return -1e30;  // below every fast page: never swapped in
  double idle = (double)(state->epoch - page->last_access_epoch);
  return idle >= 2.0 ? -idle : 1.0 + page->ewma[1];
}
