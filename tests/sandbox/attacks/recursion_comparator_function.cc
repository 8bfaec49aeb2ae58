// expect: rejected -- recursion
// interface: tiering/rank
// Attack: the same through a plain function named as the comparator.
#include <algorithm>
double crucible_tier_score(const TierPage* page, const TierState* state);
static bool less_by_score(double a, double b) { return crucible_tier_score(nullptr, nullptr) + a < b; }
double crucible_tier_score(const TierPage* page, const TierState* state) {
  return std::max(page->ewma[0], page->ewma[1], less_by_score);
}
