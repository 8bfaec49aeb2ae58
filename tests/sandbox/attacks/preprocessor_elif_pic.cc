// expect: rejected -- directive
// interface: tiering/hooks
// Attack: #elif __PIC__ (and #else, #endif) selects code by a macro only the -fPIC compile defines.
#include <vector>
#if 0
#elif __PIC__
static const uint64_t kSkew = 7;
#else
static const uint64_t kSkew = 0;
#endif
struct TierHooksPolicy { uint64_t epochs = 0; };
static TierHooksPolicy* init(uint64_t, uint64_t) { return new TierHooksPolicy; }
static uint64_t on_epoch(TierHooksPolicy* policy, const TierPage*, const TierState*, uint64_t*) {
  policy->epochs += kSkew;
  return 0;
}
static void release(TierHooksPolicy* policy) { delete policy; }
void crucible_tier_hooks(TierHooks* out) {
  out->init = init;
  out->on_epoch = on_epoch;
  out->free = release;
}
