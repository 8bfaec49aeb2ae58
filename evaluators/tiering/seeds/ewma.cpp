// The time a page would save in fast memory over the next 8 epochs, from the moving average of
// its accesses per epoch at rate 1/8. A slow page pays for the two moves a swap takes; a fast
// page idle for 16 epochs scores below 0, so it is demoted and leaves room for new pages.
double crucible_tier_score(const TierPage* page, const TierState* state) {
  double saved = page->ewma[1] * (state->slow_read_ns - state->fast_read_ns) *
                 state->sample_period * 8.0;
  if (page->tier == CRUCIBLE_SLOW) return saved - 2.0 * state->migration_ns;
  if (page->last_access_epoch + 16 < state->epoch) return -1.0;
  return saved;
}
