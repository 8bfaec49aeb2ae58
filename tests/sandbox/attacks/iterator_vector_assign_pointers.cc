// expect: rejected
// interface: tiering/hooks
// Attack: vector::assign from two pointers copies whatever memory lies between them.
#include <vector>
struct TierHooksPolicy { std::vector<double> copy; };
static TierHooksPolicy* init(uint64_t, uint64_t) { return new TierHooksPolicy; }
static uint64_t on_epoch(TierHooksPolicy* policy, const TierPage* pages, const TierState* state, uint64_t*) {
  double local[2] = {0, 0};
  policy->copy.assign(&local[0], &local[1]);
  return 0;
}
static void release(TierHooksPolicy* policy) { delete policy; }
void crucible_tier_hooks(TierHooks* out) {
  out->init = init;
  out->on_epoch = on_epoch;
  out->free = release;
}
