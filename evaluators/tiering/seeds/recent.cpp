// Recency-weighted hotness: the accesses of the last epoch count most, older ones less. A slow
// page must promise to save more than the two moves a swap costs before it scores above a fast
// one, and a cold slow page scores below 0, so it is not promoted even into free room.
double crucible_tier_score(const TierPage* page, const TierState* state) {
  double hot = 0.5 * page->recent[0] + 0.25 * page->recent[1] + 0.15 * page->recent[2] +
               0.1 * page->recent[3];
  double saved = hot * (state->slow_read_ns - state->fast_read_ns) * state->sample_period * 4.0;
  return page->tier == CRUCIBLE_FAST ? saved : saved - 2.0 * state->migration_ns;
}
