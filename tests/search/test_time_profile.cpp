// The search's time profile: totals per phase from several threads, and the table it prints.
#include <doctest/doctest.h>

#include <string>
#include <thread>
#include <vector>

#include "search/time_profile.hpp"

namespace crucible::search {

TEST_SUITE("search") {
  TEST_CASE("the time profile sums each phase over threads and renders its shares") {
    TimeProfile profile;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&profile] {
        for (int i = 0; i < 250; ++i) profile.add(TimeProfile::kVerify, 2.0);
      });
    }
    for (auto& thread : threads) thread.join();
    profile.add(TimeProfile::kFull, 500.0);
    CHECK(profile.count(TimeProfile::kVerify) == 1000);
    CHECK(profile.total_ms(TimeProfile::kVerify) == doctest::Approx(2000.0));
    CHECK(profile.count(TimeProfile::kDraft) == 0);
    // 10 s on 2 cores = 20 s of core time: verify took 10% of it, the full run 2.5%.
    const std::string table = profile.render(10.0, 2, 100);
    CAPTURE(table);
    CHECK(table.find("100 candidates in 10.0 s on 2 cores (600.0 per minute)") != std::string::npos);
    CHECK(table.find("| verify + object code | 1000 | 2.0 | 2.0 | 20.0 | 10.0% |") != std::string::npos);
    CHECK(table.find("| full run | 1 | 0.5 | 500.0 | 5.0 | 2.5% |") != std::string::npos);
    CHECK(table.find("| 17.5 | | 175.0 | 87.5% |") != std::string::npos);
  }
}

}  // namespace crucible::search
