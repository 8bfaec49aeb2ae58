// expect: ok
// Look-alike: forbidden names in comments and string literals are text, not code: #include <unistd.h>, system("sh"), fopen.
/* #include </etc/passwd>
#pragma once */
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  const char note[] = "#include <unistd.h> fork() system(\"/bin/sh\") /etc/passwd";
  return static_cast<double>(obj->last_access) + static_cast<double>(sizeof note) * 0.0 +
         static_cast<double>(state->now) * 0.0;
}
