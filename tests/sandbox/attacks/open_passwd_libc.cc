// expect: rejected -- forbidden-call
// Attack: open /etc/passwd through libc's fopen and read from it.
struct FILE;
extern "C" FILE* fopen(const char* path, const char* mode);
extern "C" int fgetc(FILE* file);

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  FILE* file = fopen("/etc/passwd", "r");
  double first = file != nullptr ? fgetc(file) : -1;
  return first + static_cast<double>(obj->size + state->now);
}
