// The allow-list checks: directive, reserved-name, attribute and language refuse what no list
// names, and accept the honest forms next to each.
#include <doctest/doctest.h>

#include "verifier_cases.hpp"

using crucible::testing::check_accepted;
using crucible::testing::check_rejected;

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("directive refuses conditionals, #undef, line markers and the null directive") {
    check_rejected(R"src(
#ifdef __OPTIMIZE__
#endif
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "directive", 1);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
# 1 "other.h" 1
)src",
                   "directive", 2);
    check_rejected(R"src(
#define K 2
#undef K
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "directive", 2);
    check_accepted(R"src(
#include <cmath>
#define K 2.0
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return K; }
)src");
  }

  TEST_CASE("reserved-name refuses the implementation's names in code and in macro bodies") {
    check_rejected(R"src(
#define LEVEL __OPTIMIZE__
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "reserved-name", 1);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return sizeof(__FILE__);
}
)src",
                   "reserved-name", 2);
  }

  TEST_CASE("attribute refuses promises to the optimizer and accepts the harmless five") {
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  [[assume(obj->size < 4)]];
  return 1.0;
}
)src",
                   "attribute", 2);
    check_rejected(R"src(
[[noreturn]] static void stop() {}
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "attribute", 1);
    check_accepted(R"src(
[[nodiscard]] static double twice(double x) { return 2 * x; }
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  [[maybe_unused]] double unused = 0;
  switch (obj->size) {
    case 1:
      [[fallthrough]];
    default:
      break;
  }
  if (obj->size > 1) [[likely]] return twice(1.0);
  return 0.0;
}
)src");
  }

  TEST_CASE("language refuses virtual functions, library bases, VLAs and address-holding statics") {
    check_rejected(R"src(
struct Scorer { virtual double score() const { return 1; } };
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "language", 1);
    check_rejected(R"src(
#include <array>
struct Window : std::array<double, 2> {};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "language", 2);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double window[obj->size % 8 + 1];
  window[0] = 1;
  return window[0];
}
)src",
                   "language", 2);
    check_rejected(R"src(
static const double& kWeight = 2.0;
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return kWeight; }
)src",
                   "language", 1);
    check_rejected(R"src(
union Bits { double value; const CacheObject* object; };
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "language", 1);
    check_rejected(R"src(
#include <array>
#include <algorithm>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  std::array<double, 4> window{};
  std::swap(window, window);
  return *std::max_element(&window[0], &window[0]);
}
)src",
                   "language", 6);
  }

  TEST_CASE("language accepts structs, lambdas, enums, templates, range-for and std::array") {
    check_accepted(R"src(
#include <array>
#include <algorithm>
enum class Kind { kSmall, kLarge };
template <typename T> T square(T x) { return x * x; }
struct Weights { double age = 1; double size = 2; };
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  constexpr Weights weights;
  std::array<double, 3> terms = {1.0, 2.0, 3.0};
  double total = 0;
  for (double term : terms) total += term;
  auto scale = [&](double x) { return x * weights.age; };
  Kind kind = obj->size > 100 ? Kind::kLarge : Kind::kSmall;
  return std::max(scale(total), square(static_cast<double>(obj->size))) +
         (kind == Kind::kLarge ? weights.size : 0.0);
}
)src");
  }

  TEST_CASE("a range-for's own calls are exempt, its range expression is not") {
    check_rejected(R"src(
#include <array>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double total = 0;
  for (double x : std::to_array({1.0, 2.0})) total += x;
  return total;
}
)src",
                   "forbidden-call", 4);
    check_rejected(R"src(
#include <array>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  std::array<double, 2> window = {1.0, 2.0};
  double total = 0;
  for (double x : window) total += *window.data() + x;
  return total;
}
)src",
                   "forbidden-call", 5);
  }

  TEST_CASE("recursion follows callables handed to library functions") {
    check_rejected(R"src(
#include <algorithm>
static double score(double x);
static double score(double x) {
  auto deeper = [](double a, double b) { return score(a) < b; };
  return std::max(x, 1.0, deeper);
}
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return score(1.0); }
)src",
                   "recursion", 3);
    check_accepted(R"src(
#include <algorithm>
static bool by_value(double a, double b) { return a < b; }
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  auto closer = [](double a, double b) { return a > b; };
  return std::max(1.0, 2.0, by_value) + std::max(3.0, 4.0, closer);
}
)src");
  }
}
