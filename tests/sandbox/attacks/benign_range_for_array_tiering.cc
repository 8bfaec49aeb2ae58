// expect: ok
// interface: tiering/rank
// Look-alike: a rank policy that sums its page's history with a range-for over a local std::array.
#include <array>

double crucible_tier_score(const TierPage* page, const TierState* state) {
  std::array<double, 3> weights = {4.0, 2.0, 1.0};
  double score = 0;
  uint64_t i = 0;
  for (double weight : weights) score += weight * page->recent[i++];
  return score;
}
