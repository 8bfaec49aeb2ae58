// expect: rejected -- forbidden-call
// Attack: replace the evaluation with a shell through execve.
extern "C" int execve(const char* path, char* const argv[], char* const envp[]);

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  char shell[] = "/bin/sh";
  char flag[] = "-c";
  char command[] = "echo pwned > /tmp/crucible-pwned";
  char* argv[] = {shell, flag, command, nullptr};
  char* envp[] = {nullptr};
  execve(shell, argv, envp);
  return static_cast<double>(obj->size + state->now);
}
