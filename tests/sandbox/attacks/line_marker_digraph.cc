// expect: rejected -- directive
// interface: tiering/rank
// Attack: the same line marker spelled with the %: digraph for #.
%: 7 "elsewhere.h"
double crucible_tier_score(const TierPage* page, const TierState* state) {
  return page->ewma[1];
}
