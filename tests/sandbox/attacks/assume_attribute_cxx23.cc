// expect: rejected -- attribute
// interface: tiering/rank
// Attack: the C++23 [[assume(expr)]] statement attribute, which Clang 19 accepts in C++20 and hands to the optimizer.
double crucible_tier_score(const TierPage* page, const TierState* state) {
  double window[4] = {1, 2, 3, 4};
  uint64_t i = page->id;
  [[assume(i < 4)]];
  return window[i];
}
