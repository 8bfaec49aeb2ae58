// expect: rejected -- language
// interface: tiering/rank
// Attack: a variable-length array whose byte size wraps around moves the stack pointer up, past the stack-clash probes, over the frames above.
double crucible_tier_score(const TierPage* page, const TierState* state) {
  uint64_t count = ~uint64_t{0} / 8 + page->id;
  double buffer[count];
  buffer[0] = 1;
  return buffer[0];
}
