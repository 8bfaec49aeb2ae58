// expect: rejected -- attribute
// interface: tiering/hooks
// Attack: the GNU spelling __attribute__((assume(expr))) of the same promise.
#include <vector>
struct TierHooksPolicy { uint64_t epochs = 0; };
static TierHooksPolicy* init(uint64_t, uint64_t) { return new TierHooksPolicy; }
static uint64_t on_epoch(TierHooksPolicy* policy, const TierPage*, const TierState* state, uint64_t*) {
  uint64_t slots[2] = {0, 0};
  uint64_t i = state->epoch;
  __attribute__((assume(i < 2)));
  slots[i] = 1;
  policy->epochs += slots[0];
  return 0;
}
static void release(TierHooksPolicy* policy) { delete policy; }
void crucible_tier_hooks(TierHooks* out) {
  out->init = init;
  out->on_epoch = on_epoch;
  out->free = release;
}
