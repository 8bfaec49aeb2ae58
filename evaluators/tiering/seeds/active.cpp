// In the spirit of Linux's active list: a fast page untouched for two epochs is inactive and
// scores below 0, so it is demoted and new pages land in the room it leaves; a slow page is
// promoted only when its recent accesses would save more than the swap costs.
double crucible_tier_score(const TierPage* page, const TierState* state) {
  double active = page->recent[0] + page->recent[1];
  if (page->tier == CRUCIBLE_FAST) return active > 0 ? 1.0 + page->ewma[1] : -1.0;
  double saved = page->ewma[0] * (state->slow_read_ns - state->fast_read_ns) *
                 state->sample_period * 4.0;
  return saved - 2.0 * state->migration_ns;
}
