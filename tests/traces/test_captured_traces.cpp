// The page traces committed under traces/captured/ read cleanly and hold what their README says.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "traces/page_trace.hpp"

TEST_SUITE("traces") {
  TEST_CASE("the committed page traces read cleanly and match their README") {
    struct Expected {
      const char* file;
      uint64_t accesses;
      uint64_t pages;
      uint64_t writes;
      uint64_t sample_period = 1;
    };
    const Expected expected[] = {{"xz.pages.zst", 45'601, 657, 10'217},
                                 {"sort.pages.zst", 117'033, 510, 45'607},
                                 {"tsort.pages.zst", 36'473, 297, 16'043},
                                 {"sqlite3.pages.zst", 49'106, 469, 21'070},
                                 {"sqlite3_rounds.pages.zst", 115'975, 538, 35'994},
                                 {"sqlite3_large.pages.zst", 1'621'726, 18'086, 615'126, 2},
                                 {"zstd.pages.zst", 1'764'154, 20'894, 1'379'137},
                                 {"perl_kv.pages.zst", 1'532'241, 20'453, 662'929, 2}};
    for (const auto& e : expected) {
      INFO(e.file);
      const auto trace = crucible::traces::read_page_trace(
          std::filesystem::path(CRUCIBLE_SOURCE_DIR) / "traces/captured" / e.file);
      const auto stats = crucible::traces::compute_page_stats(trace);
      CHECK(stats.accesses == e.accesses);
      CHECK(stats.pages == e.pages);
      CHECK(stats.writes == e.writes);
      CHECK(trace.page_size == 4096);
      CHECK(trace.sample_period == e.sample_period);
    }
  }

  TEST_CASE("the large captures are at least 16,384 pages and a million accesses, all within 5 MB") {
    const std::filesystem::path dir = std::filesystem::path(CRUCIBLE_SOURCE_DIR) / "traces/captured";
    for (const char* file : {"sqlite3_large.pages.zst", "zstd.pages.zst", "perl_kv.pages.zst"}) {
      INFO(file);
      const auto stats = crucible::traces::compute_page_stats(crucible::traces::read_page_trace(dir / file));
      CHECK(stats.pages >= 16'384);
      CHECK(stats.accesses >= 1'000'000);
    }
    uintmax_t bytes = 0;
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      if (entry.path().filename().string().find(".pages") != std::string::npos) {
        bytes += entry.file_size();
      }
    }
    CHECK(bytes <= 5'000'000);
  }
}
