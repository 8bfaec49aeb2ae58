// expect: rejected -- forbidden-call
// interface: tiering/rank
// Attack: __builtin_assume_aligned promises an alignment the optimizer then relies on.
double crucible_tier_score(const TierPage* page, const TierState* state) {
  const void* aligned = __builtin_assume_aligned(page, 64);
  return aligned != nullptr ? page->ewma[0] : 0.0;
}
