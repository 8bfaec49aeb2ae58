// expect: rejected -- language
// interface: tiering/rank
// Attack: a namespace-scope const reference to a temporary: lifetime-extended storage a const_cast-free route could reach.
static const double& kWeight = 2.0;
double crucible_tier_score(const TierPage* page, const TierState* state) {
  return page->ewma[0] * kWeight;
}
