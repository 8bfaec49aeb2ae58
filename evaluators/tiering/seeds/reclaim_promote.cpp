// Reclaim with promotion. As in `reclaim`, a fast page idle for two epochs or more scores below
// 0, the longest idle lowest, so the mechanism demotes the coldest to keep room for new pages;
// but a slow page whose expected saving over the next epochs (its moving average of accesses at
// rate 1/8, times eight epochs, times the latency it would save) exceeds four migrations' stall
// scores above 0 and comes back to fast memory. A fast page in use keeps its saving plus one, so
// a swap needs a clear gain.
double crucible_tier_score(const TierPage* page, const TierState* state) {
  double saved = page->ewma[1] * (state->slow_read_ns - state->fast_read_ns) *
                 state->sample_period * 8.0;
  if (page->tier == CRUCIBLE_SLOW) return saved - 4.0 * state->migration_ns;
  double idle = (double)(state->epoch - page->last_access_epoch);
  return idle >= 2.0 ? -idle : saved + 1.0;
}
