// expect: rejected -- forbidden-call
// Attack: start a thread that keeps running (and mining) after the evaluation has returned its result.
struct Opaque;
extern "C" int pthread_create(unsigned long* thread, const Opaque* attributes,
                              void* (*start)(void*), void* argument);

static void* spin(void* argument) {
  volatile int forever = 1;
  while (forever != 0) {
  }
  return argument;
}

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  unsigned long thread = 0;
  pthread_create(&thread, nullptr, &spin, nullptr);
  return static_cast<double>(obj->size + state->now);
}
