// expect: rejected -- reserved-name
// interface: tiering/rank
// Attack: GNU __typeof__ and __extension__, spellings the compiler reserves for itself.
double crucible_tier_score(const TierPage* page, const TierState* state) {
  __typeof__(page->ewma[0]) x = __extension__ page->ewma[0];
  return x;
}
