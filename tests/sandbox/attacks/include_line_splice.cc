// expect: rejected -- include
// Attack: a backslash-newline splits the directive name, so a scanner that compares raw spellings misses this #include of /etc/passwd.
#inc\
lude "/etc/passwd"

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(obj->size + state->now);
}
