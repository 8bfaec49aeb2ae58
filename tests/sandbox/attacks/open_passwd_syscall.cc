// expect: rejected -- forbidden-call
// Attack: open and read /etc/passwd with syscall(2), bypassing libc's wrappers.
extern "C" long syscall(long number, ...);

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  long fd = syscall(2, "/etc/passwd", 0);  // SYS_open on x86-64
  char byte = 0;
  syscall(0, fd, &byte, 1);  // SYS_read
  return static_cast<double>(byte) + static_cast<double>(obj->size + state->now);
}
