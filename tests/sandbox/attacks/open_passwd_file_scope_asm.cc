// expect: rejected -- inline-asm
// Attack: define a syscall stub in file-scope assembly and call it as if it were an ordinary function.
asm(".text\n"
    ".globl crucible_raw_open\n"
    "crucible_raw_open:\n"
    "  mov $2, %eax\n"
    "  syscall\n"
    "  ret\n");
extern "C" long crucible_raw_open(const char* path, long flags);

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(crucible_raw_open("/etc/passwd", 0)) +
         static_cast<double>(obj->size + state->now);
}
