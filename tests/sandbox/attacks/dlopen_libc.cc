// expect: rejected -- forbidden-call
// Attack: dlopen libc and look up system() by name, so no forbidden function is ever named in a call.
extern "C" void* dlopen(const char* file, int mode);
extern "C" void* dlsym(void* handle, const char* name);

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  void* libc = dlopen("libc.so.6", 2);
  void* run = libc != nullptr ? dlsym(libc, "system") : nullptr;
  return static_cast<double>(run != nullptr) + static_cast<double>(obj->size + state->now);
}
