// Frequency: pages with the most accesses since the trace began belong in fast memory; stores
// weigh by how much more they cost in slow memory than loads do.
double crucible_tier_score(const TierPage* page, const TierState* state) {
  double read_gap = state->slow_read_ns - state->fast_read_ns;
  double write_gap = state->slow_write_ns - state->fast_write_ns;
  return (double)page->reads * read_gap + (double)page->writes * write_gap;
}
