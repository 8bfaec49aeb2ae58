// Cache sizes as users write them: counts, byte sizes with units, shares of the working set.
#include <doctest/doctest.h>

#include "evaluators/cache/cache_size.hpp"
#include "evaluators/domain.hpp"

namespace {

using crucible::evaluators::ConfigError;
using crucible::evaluators::cache::CapacityUnit;
using crucible::evaluators::cache::parse_cache_size;
using crucible::evaluators::cache::parse_capacity_unit;
using crucible::evaluators::cache::resolve_capacity;

uint64_t objects(const char* text, uint64_t unique = 48'974) {
  auto resolved = resolve_capacity(parse_cache_size(text, "size"), CapacityUnit::kObjects, unique,
                                   0, "t");
  CHECK_FALSE(resolved.is_bytes);
  return resolved.capacity;
}

}  // namespace

TEST_SUITE("evaluators.cache") {
  TEST_CASE("object counts and shares of objects round down as libCacheSim does") {
    CHECK(objects("1000") == 1000);
    CHECK(objects("0.1%") == 48);
    CHECK(objects("1%") == 489);
    CHECK(objects("10%") == 4'897);
    CHECK_THROWS_WITH_AS(parse_cache_size("0", "--size"), doctest::Contains("\"0\""), ConfigError);
    CHECK_THROWS_AS(parse_cache_size("abc", "--size"), ConfigError);
    CHECK_THROWS_AS(parse_cache_size("150%", "--size"), ConfigError);
    CHECK_THROWS_AS(parse_cache_size("1.5", "--size"), ConfigError);
    CHECK_THROWS_WITH_AS(objects("0.001%", 1'000), doctest::Contains("is 0; use a larger size"),
                         ConfigError);
  }

  TEST_CASE("byte sizes take binary and decimal units and always count bytes") {
    auto bytes = [](const char* text, CapacityUnit unit) {
      auto resolved = resolve_capacity(parse_cache_size(text, "size"), unit, 10, 1'000'000, "t");
      CHECK(resolved.is_bytes);
      return resolved.capacity;
    };
    CHECK(bytes("64MiB", CapacityUnit::kObjects) == 64ULL << 20);
    CHECK(bytes("1GiB", CapacityUnit::kObjects) == 1ULL << 30);
    CHECK(bytes("512KB", CapacityUnit::kObjects) == 512'000);
    CHECK(bytes("4096B", CapacityUnit::kObjects) == 4096);
    CHECK(bytes("1.5KiB", CapacityUnit::kObjects) == 1536);
    // With the unit set to bytes, plain numbers are bytes and shares are of the footprint bytes.
    CHECK(bytes("5000", CapacityUnit::kBytes) == 5000);
    CHECK(bytes("1%", CapacityUnit::kBytes) == 10'000);
    CHECK_THROWS_WITH_AS(parse_cache_size("64XB", "workload.sizes[1]"),
                         doctest::Contains("workload.sizes[1]: cache size \"64XB\" is not a number"),
                         ConfigError);
    CHECK_THROWS_AS(parse_cache_size("0.5B", "size"), ConfigError);
    CHECK_THROWS_AS(parse_cache_size("MiB", "size"), ConfigError);
  }

  TEST_CASE("the capacity unit is objects or bytes and nothing else") {
    CHECK(parse_capacity_unit("objects", "workload.capacity") == CapacityUnit::kObjects);
    CHECK(parse_capacity_unit("bytes", "workload.capacity") == CapacityUnit::kBytes);
    CHECK_THROWS_WITH_AS(parse_capacity_unit("pages", "workload.capacity"),
                         doctest::Contains("workload.capacity: unknown capacity unit \"pages\""),
                         ConfigError);
  }
}
