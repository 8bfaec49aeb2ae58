// The page traces committed under traces/captured/ read cleanly and hold what their README says.
#include <doctest/doctest.h>

#include "traces/page_trace.hpp"

TEST_SUITE("traces") {
  TEST_CASE("the committed page traces read cleanly and match their README") {
    struct Expected {
      const char* file;
      uint64_t accesses;
      uint64_t pages;
      uint64_t writes;
    };
    const Expected expected[] = {{"xz.pages.zst", 45'601, 657, 10'217},
                                 {"sort.pages.zst", 117'033, 510, 45'607},
                                 {"tsort.pages.zst", 36'473, 297, 16'043},
                                 {"sqlite3.pages.zst", 49'106, 469, 21'070},
                                 {"sqlite3_rounds.pages.zst", 115'975, 538, 35'994}};
    for (const auto& e : expected) {
      INFO(e.file);
      const auto trace = crucible::traces::read_page_trace(
          std::filesystem::path(CRUCIBLE_SOURCE_DIR) / "traces/captured" / e.file);
      const auto stats = crucible::traces::compute_page_stats(trace);
      CHECK(stats.accesses == e.accesses);
      CHECK(stats.pages == e.pages);
      CHECK(stats.writes == e.writes);
      CHECK(trace.page_size == 4096);
      CHECK(trace.sample_period == 1);
    }
  }
}
