// expect: rejected -- load-time-code
// Attack: a constexpr function pointer placed in .init_array by a section attribute: a load-time constructor without the constructor attribute.
static void at_load() {
  volatile int spin = 0;
  while (spin == 0) {
  }
}
[[gnu::section(".init_array"), gnu::used]] static constexpr void (*kHook)() = &at_load;

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(obj->size + state->now);
}
