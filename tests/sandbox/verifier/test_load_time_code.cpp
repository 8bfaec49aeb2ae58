// load-time-code: nothing runs when the shared object is loaded, and nothing changes how it links.
#include <doctest/doctest.h>

#include "verifier_cases.hpp"

using crucible::testing::check_accepted;
using crucible::testing::check_rejected;

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("load-time-code rejects constructor, destructor and section attributes") {
    check_rejected(R"src(
__attribute__((constructor)) void init() {}
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "load-time-code", 1);
    check_rejected(R"src(
[[gnu::constructor]] void init() {}
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "load-time-code", 1);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
__attribute__((destructor)) void fini() {}
)src",
                   "load-time-code", 2);
    check_rejected(R"src(
static void init() {}
__attribute__((section(".init_array"))) void (*const kInit)() = &init;
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "load-time-code", 2);
    check_rejected(R"src(
[[gnu::weak]] double weight(double x) { return x; }
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return weight(1.0);
}
)src",
                   "load-time-code", 1);
  }

  TEST_CASE("load-time-code rejects globals whose initializer runs code at load time") {
    check_rejected(R"src(
#include <cmath>
const double kLn2 = std::log(2.0);
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return kLn2; }
)src",
                   "load-time-code", 2);
    check_rejected(R"src(
struct Noisy {
  constexpr Noisy() {}
  ~Noisy() {}
};
const Noisy kNoisy;
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "load-time-code", 5);
    check_rejected(R"src(
struct Init {
  Init() {}
};
const Init kInit;
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "load-time-code", 4);
  }

  TEST_CASE("load-time-code accepts constant initializers, constructors of locals and attributes") {
    check_accepted(R"src(
constexpr double kScale = 2.0 * 3.0;
const double kLn2 = 0.6931471805599453;
template <typename T>
constexpr T kHalf = T(1) / T(2);
template <typename T>
struct Tuning {
  static constexpr T kAge = T(3);
};
struct Quiet {
  double weight = 1.0;
  ~Quiet() = default;
};
const Quiet kQuiet;
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return kScale * kLn2 * kHalf<double> * Tuning<double>::kAge * kQuiet.weight;
}
)src");
    check_accepted(R"src(
#include <cmath>
[[nodiscard]] static double constructor(double x) { return x * 2; }
[[maybe_unused]] static double destructor(double x) { return x / 2; }
inline double section(double x) { return x + 1; }
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  struct Scaled {
    double value;
    explicit Scaled(double v) : value(v * 2) {}
  };
  static const double kLn2 = std::log(2.0);
  Scaled scaled(static_cast<double>(obj->size));
  return constructor(scaled.value) + destructor(kLn2) + section(1.0);
}
)src");
  }
}

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("load-time-code rejects attributes that switch the compile's hardening off") {
    crucible::testing::check_rejected(R"src(
__attribute__((no_sanitize("bounds"))) double pick(double x) { return x; }
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return pick(1.0); }
)src",
                                      "load-time-code", 1);
    crucible::testing::check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
[[clang::optnone]] double slow(double x) { return x; }
)src",
                                      "load-time-code", 2);
  }
}
