// expect: rejected -- forbidden-call
// Attack: open a TCP socket to 127.0.0.1:8080 to leak data or fetch instructions.
struct Address {
  unsigned short family;
  unsigned short port;
  unsigned int host;
  unsigned char zero[8];
};
extern "C" int socket(int domain, int type, int protocol);
extern "C" int connect(int fd, const Address* address, unsigned int length);

double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  int fd = socket(2, 1, 0);                  // AF_INET, SOCK_STREAM
  Address local{2, 0x901f, 0x0100007f, {}};  // 127.0.0.1:8080 in network order
  connect(fd, &local, sizeof local);
  return static_cast<double>(obj->size + state->now);
}
