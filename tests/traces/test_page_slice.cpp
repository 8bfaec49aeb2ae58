// Slicing page traces: both pieces rebuilt with their own dense pages, names, and the errors that
// name the field.
#include <doctest/doctest.h>

#include <stdexcept>

#include "traces/page_slice.hpp"

namespace {

crucible::traces::PageTrace small_trace() {
  crucible::traces::PageTraceBuilder builder(4096, 10);
  const uint64_t pages[] = {7, 9, 7, 3, 9, 5};
  for (uint64_t i = 0; i < 6; ++i) builder.add(100 + 10 * i, pages[i], i % 2 == 1);
  auto trace = builder.finish();
  trace.name = "T";
  return trace;
}

}  // namespace

TEST_SUITE("traces.page_slice") {
  TEST_CASE("a fraction splits the accesses and each piece has its own dense pages") {
    crucible::traces::SliceSpec spec;
    spec.kind = crucible::traces::SliceSpec::Kind::kFraction;
    spec.fraction = 0.5;
    auto split = crucible::traces::split_page_trace(small_trace(), spec);
    CHECK(split.slice.name == "T[0:50%]");
    CHECK(split.holdout.name == "T[holdout]");
    REQUIRE(split.slice.accesses.size() == 3);
    REQUIRE(split.holdout.accesses.size() == 3);
    CHECK(split.slice.page_numbers == std::vector<uint64_t>{7, 9});
    CHECK(split.holdout.page_numbers == std::vector<uint64_t>{3, 9, 5});
    CHECK(split.holdout.accesses[0].page == 0);  // page 3, first in the holdout
    CHECK(split.holdout.accesses[1].page == 1);
    CHECK(split.holdout.accesses[0].time == 130);
    CHECK(split.holdout.accesses[0].is_write == 1);
    CHECK(split.holdout.sample_period == 10);
    CHECK(split.holdout.page_size == 4096);
  }

  TEST_CASE("a window takes trace times and both pieces must hold accesses") {
    crucible::traces::SliceSpec spec;
    spec.kind = crucible::traces::SliceSpec::Kind::kWindow;
    spec.window_start = 110;
    spec.window_end = 130;
    auto split = crucible::traces::split_page_trace(small_trace(), spec);
    CHECK(split.slice.name == "T[t=110:130]");
    CHECK(split.slice.accesses.size() == 2);
    CHECK(split.holdout.accesses.size() == 4);
    spec.window_start = 0;
    spec.window_end = 1000;
    CHECK_THROWS_WITH_AS(crucible::traces::split_page_trace(small_trace(), spec),
                         doctest::Contains("holds every access of T"), std::invalid_argument);
    spec.kind = crucible::traces::SliceSpec::Kind::kFirst;
    spec.first = 6;
    CHECK_THROWS_WITH_AS(crucible::traces::split_page_trace(small_trace(), spec),
                         doctest::Contains("slice.first: 6 takes all of the 6 accesses of T"),
                         std::invalid_argument);
  }
}
