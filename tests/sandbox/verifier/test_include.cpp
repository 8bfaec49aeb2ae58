// include: only the interface header and the domain's allowed library headers, named literally.
#include <doctest/doctest.h>

#include "verifier_cases.hpp"

using crucible::testing::check_accepted;
using crucible::testing::check_rejected;

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("include rejects headers outside the allowed list however the directive is spelled") {
    check_rejected(R"src(
#include <fstream>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "include", 1);
    check_rejected(R"src(
#include <cmath>
%:include <fstream>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "include", 2);
    check_rejected(R"src(
#  include <thread>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "include", 1);
    check_rejected(R"src(
/* the clock */ #include <chrono>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "include", 1);
    check_rejected(R"src(
#include /* seeded */ <random>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "include", 1);
    check_rejected(R"src(
#include <cstdlib>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return std::getenv("HOME") != nullptr ? 1.0 : 0.0;
}
)src",
                   "include", 1);
    check_rejected(R"src(
#include "/etc/passwd"
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "include", 1);
  }

  TEST_CASE("include rejects macro-named, continued, split and include_next directives") {
    check_rejected(R"src(
#define HEADER <fstream>
#include HEADER
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "include", 2);
    check_rejected(R"src(
#include \
  <fstream>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "include", 1);
    check_rejected(R"src(
#include <fst\
ream>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "include", 1);
    check_rejected(R"src(
#inc\
lude <fstream>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "include", 1);
    check_rejected(R"src(
#include_next <cmath>
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src",
                   "include", 1);
  }

  TEST_CASE("include accepts allowed headers and #include text in comments and string literals") {
    check_accepted(R"src(
#include <cmath>
#include <algorithm>
#include <array>  // the weights table
#include "cache.h"
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  std::array<double, 2> weights = {0.5, 0.5};
  return weights[0] * std::log1p(static_cast<double>(obj->access_count)) +
         weights[1] * std::min(1.0, static_cast<double>(state->occupancy));
}
)src");
    check_accepted(R"src(
// #include <fstream>
/*
#include <fstream>
%:include <thread>
*/
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) { return 1.0; }
)src");
    check_accepted(R"src(
constexpr char kNote[] = "#include <fstream>";
constexpr char kBlock[] = R"doc(
#include <fstream>
#  include <thread>
)doc";
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  return kNote[0] == kBlock[1] ? 1.0 : 0.0;
}
)src");
  }
}
