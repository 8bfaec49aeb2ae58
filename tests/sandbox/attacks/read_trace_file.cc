// expect: rejected -- forbidden-call
// Attack: read the trace file directly to see future requests (an oracle policy that would beat every honest one).
extern "C" int open(const char* path, int flags, ...);
extern "C" long read(int fd, void* buffer, unsigned long size);

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  int fd = open("../shared/data/traces/oltp.csv", 0);
  char next[64] = {};
  if (fd >= 0) read(fd, next, sizeof next);
  return static_cast<double>(next[obj->size % 64]) + static_cast<double>(state->now);
}
