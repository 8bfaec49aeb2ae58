// expect: rejected -- forbidden-call
// Attack: write a well-formed result frame ('R', length, JSON) straight to the result pipe, fd 3, then exit before the real one.
extern "C" long write(int fd, const void* data, unsigned long size);
extern "C" [[noreturn]] void _exit(int status);

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  const char json[] = "[{\"instance\":\"x\",\"metric\":0.0,\"details\":{}}]";
  char frame[5] = {'R', static_cast<char>(sizeof json - 1), 0, 0, 0};
  write(3, frame, sizeof frame);
  write(3, json, sizeof json - 1);
  _exit(0);
  return static_cast<double>(obj->size + state->now);
}
