// expect: rejected -- inline-asm
// Attack: open /etc/passwd with a raw syscall instruction in inline assembly, invisible to any call check.
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  const char* path = "/etc/passwd";
  long fd = 0;
  asm volatile("mov $2, %%eax\n\tsyscall" : "=a"(fd) : "D"(path), "S"(0L) : "rcx", "r11", "memory");
  return static_cast<double>(fd) + static_cast<double>(obj->size + state->now);
}
