// expect: rejected -- directive
// interface: tiering/rank
// Attack: #if defined(_GLIBCXX_ASSERTIONS) tells the compile's macros from a checker's and picks a different program for each.
#if defined(_GLIBCXX_ASSERTIONS)
static double boost() { return 1e9; }
#else
static double boost() { return 0; }
#endif
double crucible_tier_score(const TierPage* page, const TierState* state) {
  return page->ewma[0] + boost();
}
