// recursion: no cycle in the candidate's call graph, direct, mutual, through lambdas, templates
// or virtual calls.
#include <doctest/doctest.h>

#include "verifier_cases.hpp"

using crucible::testing::check_accepted;
using crucible::testing::check_rejected;

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("recursion rejects a function that calls itself, directly or through two helpers") {
    check_rejected(R"src(
double halve(double x) { return x > 1 ? halve(x / 2) : x; }
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return halve(static_cast<double>(obj->size));
}
)src",
                   "recursion", 1);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  if (obj->access_count > 1000000000) return 0;
  CacheObject deeper = *obj;
  deeper.access_count += 1;
  return crucible_cache_priority(&deeper, state) + 1;
}
)src",
                   "recursion", 1);
    check_rejected(R"src(
double down(double x);
double up(double x) { return x > 1 ? down(x / 2) : x; }
double down(double x) { return up(x - 1); }
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return down(static_cast<double>(obj->size));
}
)src",
                   "recursion", 2);
  }

  TEST_CASE("recursion rejects cycles through lambdas, local classes, templates and overrides") {
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  auto depth = [](auto self, uint64_t n) -> double { return n ? 1 + self(self, n / 2) : 0; };
  return depth(depth, obj->size);
}
)src",
                   "recursion", 2);
    check_rejected(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  struct Walker {
    double depth(uint64_t n) const { return n == 0 ? 0.0 : 1.0 + depth(n / 2); }
  };
  return Walker{}.depth(obj->size);
}
)src",
                   "recursion", 3);
    check_rejected(R"src(
template <typename T>
T halve(T x) { return x > 1 ? halve(x / 2) : x; }
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return halve(static_cast<double>(obj->size));
}
)src",
                   "recursion", 2);
    check_rejected(R"src(
struct Step {
  virtual double run(uint64_t n) const = 0;
};
struct Halve : Step {
  double run(uint64_t n) const override { const Step& next = *this; return next.run(n / 2); }
};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return Halve{}.run(obj->size);
}
)src",
                   "recursion", 5);
  }

  TEST_CASE("recursion rejects cycles through function pointers and destructors") {
    check_rejected(R"src(
using Priority = double (*)(const CacheObject*, const CacheState*);
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  Priority again = &crucible_cache_priority;
  return again(obj, state) + 1;
}
)src",
                   "recursion", 2);
    check_rejected(R"src(
struct Nest {
  double weight = 1;
  ~Nest() {
    Nest inner;
    inner.weight = weight + 1;
  }
};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  { Nest outer; }
  return 1.0;
}
)src",
                   "recursion", 3);
    check_rejected(R"src(
struct Outer;
struct Inner {
  ~Inner();
};
struct Outer {
  Inner inner;
};
Inner::~Inner() { Outer again; }
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  Outer outer;
  return 1.0;
}
)src",
                   "recursion", 5);
  }

  TEST_CASE("recursion accepts shared helpers, template recursion on a count and overloads") {
    check_accepted(R"src(
static double base(double x) { return x * 0.5; }
static double twice(double x) { return base(x) + base(x + 1); }
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  auto scaled = [](double x) { return twice(x) * 2; };
  return scaled(static_cast<double>(obj->size)) + base(1.0);
}
)src");
    check_accepted(R"src(
template <int N>
double power(double x) { return x * power<N - 1>(x); }
template <>
double power<0>(double) { return 1.0; }
static double score(double x) { return power<3>(x); }
static double score(uint64_t n) { return score(static_cast<double>(n)); }
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return score(obj->access_count);
}
)src");
    check_accepted(R"src(
static double weight(double x) { return x / 2; }
struct Scale {
  double weight(double x) const { return ::weight(x) * 2; }
};
struct Base {
  double run(double x) const { return x; }
};
struct Derived : Base {
  double run(double x) const { return Base::run(x) + 1; }
};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  Derived derived;
  const Base& base = derived;
  return Scale{}.weight(static_cast<double>(obj->size)) + base.run(1.0) + derived.run(2.0);
}
)src");
    check_accepted(R"src(
static double twice(double x) { return 2 * x; }
static double apply(double (*step)(double), double x) { return step(x); }
struct Guard {
  double* total;
  ~Guard() { *total += 1; }
};
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  double total = 0;
  {
    Guard guard{&total};
    total += apply(&twice, static_cast<double>(obj->size));
  }
  return total;
}
)src");
  }
}
