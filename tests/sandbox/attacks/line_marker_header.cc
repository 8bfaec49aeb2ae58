// expect: rejected -- directive
// Attack: a GNU line marker makes Clang treat the rest of the file as an included header, which checks that look only at the main file skip.
# 1 "innocent.h" 1
extern "C" int system(const char* command);
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return system("id") + 0.0;
}
