// expect: rejected -- forbidden-call
// Attack: install a SIGSEGV handler that swallows crashes, and a SIGALRM handler that defeats the time limit.
using Handler = void (*)(int);
extern "C" Handler signal(int number, Handler handler);

static void ignore(int) {}

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  signal(11, &ignore);  // SIGSEGV
  signal(14, &ignore);  // SIGALRM
  return static_cast<double>(obj->size + state->now);
}
