// expect: rejected -- inline-asm
// interface: tiering/hooks
// Attack: .incbin \"/dev/zero\" would take the assembler to an out-of-memory error, and the machine with several at once.
#include <vector>
asm(".incbin \"/dev/zero\"");
struct TierHooksPolicy { uint64_t epochs = 0; };
static TierHooksPolicy* init(uint64_t, uint64_t) { return new TierHooksPolicy; }
static uint64_t on_epoch(TierHooksPolicy*, const TierPage*, const TierState*, uint64_t*) { return 0; }
static void release(TierHooksPolicy* policy) { delete policy; }
void crucible_tier_hooks(TierHooks* out) {
  out->init = init;
  out->on_epoch = on_epoch;
  out->free = release;
}
