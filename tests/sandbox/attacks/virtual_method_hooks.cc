// expect: rejected -- language
// interface: tiering/hooks
// Attack: a virtual method in the policy's own state, the first step of every vptr trick.
#include <vector>
struct Scorer { virtual uint64_t pick() const { return 0; } };
struct TierHooksPolicy { Scorer scorer; };
static TierHooksPolicy* init(uint64_t, uint64_t) { return new TierHooksPolicy; }
static uint64_t on_epoch(TierHooksPolicy* policy, const TierPage*, const TierState*, uint64_t*) {
  return policy->scorer.pick();
}
static void release(TierHooksPolicy* policy) { delete policy; }
void crucible_tier_hooks(TierHooks* out) {
  out->init = init;
  out->on_epoch = on_epoch;
  out->free = release;
}
