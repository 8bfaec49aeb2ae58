// pointer-cast: the interface's structs are read through their fields, as the types they are.
#include <doctest/doctest.h>

#include "verifier_cases.hpp"

using crucible::testing::check_accepted;
using crucible::testing::check_rejected;

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("pointer-cast rejects reinterpret_cast, const_cast and C-style pointer casts") {
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(reinterpret_cast<const uint64_t*>(obj)[0]);
}
)src",
                   "pointer-cast", 2);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  const_cast<CacheObject*>(obj)->size = 0;
  return 1.0;
}
)src",
                   "pointer-cast", 2);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  CacheObject* writable = (CacheObject*)obj;
  writable->access_count = 0;
  return 1.0;
}
)src",
                   "pointer-cast", 2);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(((const CacheState*)obj)->capacity);
}
)src",
                   "pointer-cast", 2);
    check_rejected(R"src(
using Words = const uint64_t*;
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(*Words(state));
}
)src",
                   "pointer-cast", 3);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  (uint64_t&)obj->size = 0;
  return 1.0;
}
)src",
                   "pointer-cast", 2);
  }

  TEST_CASE("pointer-cast rejects static_cast through void*, downcasts, bit casts and unions") {
    check_rejected(R"src(
struct Wide { uint64_t words[512]; };
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  const void* opaque = obj;
  return static_cast<double>(static_cast<const Wide*>(opaque)->words[511]);
}
)src",
                   "pointer-cast", 4);
    check_rejected(R"src(
struct Wide : CacheObject { uint64_t extra[512]; };
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(static_cast<const Wide*>(obj)->extra[511]);
}
)src",
                   "pointer-cast", 3);
    check_rejected(R"src(
struct Wide : CacheObject { uint64_t extra[512]; };
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(static_cast<const Wide&>(*obj).extra[511]);
}
)src",
                   "pointer-cast", 3);
    check_rejected(R"src(
struct Wide : CacheObject { uint64_t beyond; };
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  auto field = static_cast<uint64_t CacheObject::*>(&Wide::beyond);
  return static_cast<double>(obj->*field);
}
)src",
                   "pointer-cast", 3);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  uint64_t address = __builtin_bit_cast(uint64_t, obj) + sizeof(CacheObject);
  return static_cast<double>(__builtin_bit_cast(const CacheObject*, address)->size);
}
)src",
                   "pointer-cast", 2);
    check_rejected(R"src(
union Alias {
  const CacheObject* object;
  uint64_t address;
};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  Alias alias{obj};
  alias.address += sizeof(CacheObject);
  return static_cast<double>(alias.object->size);
}
)src",
                   "pointer-cast", 2);
  }

  TEST_CASE("pointer-cast accepts value casts, no-op pointer casts and unions of values") {
    check_accepted(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double size = static_cast<double>(obj->size);
  double count = (double)obj->access_count;
  double now = double(state->now);
  const CacheObject* same = static_cast<const CacheObject*>(obj);
  const void* opaque = static_cast<const void*>(state);
  return size + count + now + static_cast<double>(same->last_access) + (opaque ? 1 : 0);
}
)src");
    check_accepted(R"src(
struct Base {
  double weight = 1.0;
};
struct Derived : Base {
  double extra = 2.0;
};
union Bits {
  double real;
  uint64_t word;
};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  Derived derived;
  const Base& base = static_cast<const Base&>(derived);
  Bits bits{static_cast<double>(obj->size)};
  uint64_t word = __builtin_bit_cast(uint64_t, 1.0);
  return base.weight + static_cast<double>(bits.word >> 52) + static_cast<double>(word >> 60);
}
)src");
  }
}
