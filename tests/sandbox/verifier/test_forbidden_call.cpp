// forbidden-call: only the candidate's own functions, the interface's, and the library functions
// and types the cache domain allows; no self-declared externals and no library globals.
#include <doctest/doctest.h>

#include "verifier_cases.hpp"

using crucible::testing::check_accepted;
using crucible::testing::check_rejected;

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("forbidden-call rejects self-declared syscall, time, dlopen and getenv") {
    check_rejected(R"src(
extern "C" long syscall(long number, ...);
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(syscall(39));
}
)src",
                   "forbidden-call", 3);
    check_rejected(R"src(
extern "C" long time(long* out);
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(time(nullptr));
}
)src",
                   "forbidden-call", 3);
    check_rejected(R"src(
extern "C" void* dlopen(const char* file, int mode);
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return dlopen("libc.so.6", 1) != nullptr ? 1.0 : 0.0;
}
)src",
                   "forbidden-call", 3);
    check_rejected(R"src(
namespace std {
extern "C" char* getenv(const char* name);
}
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return std::getenv("HOME") != nullptr ? 1.0 : 0.0;
}
)src",
                   "forbidden-call", 5);
  }

  TEST_CASE("forbidden-call rejects libc reached through an allowed header, by call or address") {
    // <cmath> pulls in <stdlib.h>: getenv and abort are declared, and still refused.
    check_rejected(R"src(
#include <cmath>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return ::getenv("HOME") != nullptr ? std::log(2.0) : 0.0;
}
)src",
                   "forbidden-call", 3);
    check_rejected(R"src(
#include <cmath>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  auto* lookup = &::getenv;
  return lookup("HOME") != nullptr ? 1.0 : 0.0;
}
)src",
                   "forbidden-call", 3);
    check_rejected(R"src(
#include <cmath>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  if (obj->size == 0) ::abort();
  return 1.0;
}
)src",
                   "forbidden-call", 3);
  }

  TEST_CASE("forbidden-call rejects external variables and library globals") {
    check_rejected(R"src(
extern char** environ;
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return environ != nullptr ? 1.0 : 0.0;
}
)src",
                   "forbidden-call", 1);
    check_rejected(R"src(
#include <cmath>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return std::log(2.0) + signgam;
}
)src",
                   "forbidden-call", 3);
  }

  TEST_CASE("forbidden-call rejects non-math compiler builtins") {
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return __builtin_frame_address(0) != nullptr ? 1.0 : 0.0;
}
)src",
                   "forbidden-call", 2);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(__builtin_ia32_rdtsc());
}
)src",
                   "forbidden-call", 2);
    check_rejected(R"src(
extern "C" unsigned long long __rdtsc();
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(__rdtsc());
}
)src",
                   "reserved-name", 3);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  __builtin_printf("%llu\n", static_cast<unsigned long long>(obj->size));
  return 1.0;
}
)src",
                   "forbidden-call", 2);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  void* scratch = __builtin_alloca(64);
  return scratch != nullptr ? 1.0 : 0.0;
}
)src",
                   "forbidden-call", 2);
  }

  TEST_CASE("forbidden-call accepts a member named open, a local named time, and helpers") {
    check_accepted(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  struct Window {
    double open(double t) const { return t / 2; }
  };
  Window window;
  double time = static_cast<double>(state->now - obj->last_access);
  return window.open(time);
}
)src");
    check_accepted(R"src(
static double time(const CacheState* state) { return static_cast<double>(state->now); }
static double getenv_weight(double x) { return x * 0.5; }
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  auto age = [&](const CacheObject* o) { return time(state) - double(o->last_access); };
  return getenv_weight(age(obj));
}
)src");
  }

  TEST_CASE("forbidden-call accepts the allowed math, algorithms and library types") {
    check_accepted(R"src(
#include <algorithm>
#include <cmath>
#include <limits>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double size = std::max(1.0, static_cast<double>(obj->size));
  double score = std::log(static_cast<double>(obj->access_count) + 1.0) / std::sqrt(size);
  score = std::min(score, std::numeric_limits<double>::max());
  score = std::clamp(score, -1e9, 1e9) + std::pow(2.0, -1.0) + std::abs(-1.0);
  if (__builtin_isnan(score) || std::isnan(score)) return std::numeric_limits<double>::lowest();
  return score + __builtin_log(2.0);
}
)src");
    check_accepted(R"src(
#include <array>
#include <utility>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  std::array<double, 3> weights = {0.2, 0.3, 0.5};
  std::array<double, 3> copy = weights;
  std::pair<double, double> range{0.0, 1.0};
  std::swap(range.first, range.second);
  double sum = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) sum += weights[i];
  auto [low, high] = range;
  return (weights == copy ? sum : 0.0) + range.first + low * high;
}
)src");
    check_accepted(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  CacheObject copy = *obj;
  CacheState later{};
  later = *state;
  copy.access_count += 1;
  return static_cast<double>(copy.access_count + later.now);
}
)src");
    check_accepted(R"src(
struct Tuning {
  static const int kWindow = 8;
  static constexpr double kDecay = 0.5;
};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return static_cast<double>(obj->access_count % Tuning::kWindow) * Tuning::kDecay;
}
)src");
  }
}
