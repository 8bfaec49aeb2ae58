// expect: rejected -- language
// interface: tiering/rank
// Attack: a class derived from a library type gets at its insides and can override how it is read; here std::array, with no reserved name in sight.
#include <array>
struct Window : std::array<double, 2> {
  double widest() const { return (*this)[0] > (*this)[1] ? (*this)[0] : (*this)[1]; }
};
double crucible_tier_score(const TierPage* page, const TierState* state) {
  Window window;
  window[0] = page->ewma[0];
  window[1] = page->ewma[1];
  return window.widest();
}
