// expect: rejected -- directive
// interface: tiering/hooks
// Attack: a lone # (the null directive) and #ident: directives that do nothing today and are refused anyway.
#include <vector>
#
#ident "v1"
struct TierHooksPolicy { uint64_t epochs = 0; };
static TierHooksPolicy* init(uint64_t, uint64_t) { return new TierHooksPolicy; }
static uint64_t on_epoch(TierHooksPolicy*, const TierPage*, const TierState*, uint64_t*) { return 0; }
static void release(TierHooksPolicy* policy) { delete policy; }
void crucible_tier_hooks(TierHooks* out) {
  out->init = init;
  out->on_epoch = on_epoch;
  out->free = release;
}
