// expect: rejected -- language
// interface: tiering/hooks
// Attack: the same memory across instances, through a static reference to a heap vector.
#include <vector>
struct TierHooksPolicy { uint64_t epochs = 0; };
static TierHooksPolicy* init(uint64_t, uint64_t) {
  static std::vector<uint64_t>& history = *new std::vector<uint64_t>();
  history.push_back(1);
  return new TierHooksPolicy;
}
static uint64_t on_epoch(TierHooksPolicy*, const TierPage*, const TierState*, uint64_t*) { return 0; }
static void release(TierHooksPolicy* policy) { delete policy; }
void crucible_tier_hooks(TierHooks* out) {
  out->init = init;
  out->on_epoch = on_epoch;
  out->free = release;
}
