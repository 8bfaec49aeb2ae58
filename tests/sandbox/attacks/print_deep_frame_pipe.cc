// expect: rejected -- forbidden-call
// Attack: write a well-framed reply to the result pipe, fd 3, whose payload nests a million deep, so that a parent that parses it recursively overflows its own stack.
extern "C" long write(int fd, const void* data, unsigned long size);
extern "C" [[noreturn]] void _exit(int status);

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  static char deep[2000000];
  for (int i = 0; i < 1000000; ++i) {
    deep[i] = '[';
    deep[1999999 - i] = ']';
  }
  const unsigned long size = sizeof deep;
  char frame[5] = {'R', static_cast<char>(size & 0xff), static_cast<char>((size >> 8) & 0xff),
                   static_cast<char>((size >> 16) & 0xff), 0};
  write(3, frame, sizeof frame);
  write(3, deep, sizeof deep);
  _exit(0);
  return static_cast<double>(obj->size + state->now);
}
