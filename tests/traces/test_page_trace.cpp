// Page traces: the file format round-trips exactly (plain and zstd), bad files end with one error
// naming the file and the record, the statistics count what a hand-built trace holds, and the
// synthetic generators have the structure they promise.
#include <doctest/doctest.h>

#include <fstream>
#include <set>

#include "support.hpp"
#include "traces/page_synthetic.hpp"
#include "traces/page_trace.hpp"

namespace {

using crucible::traces::PageTrace;
using crucible::traces::PageTraceBuilder;
using crucible::traces::TraceError;

PageTrace hand_built() {
  PageTraceBuilder builder(4096, 16);
  // (time, page number, write): page 0x7ffd1234 three times, a far page twice, a low one once.
  builder.add(0, 0x7ffd1234, false);
  builder.add(16, 0x7ffd1234, true);
  builder.add(48, 0x10, false);
  builder.add(48, (uint64_t{1} << 55) + 3, true);  // the same time twice is allowed
  builder.add(1000, 0x7ffd1234, false);
  builder.add(1 << 20, (uint64_t{1} << 55) + 3, false);
  return builder.finish();
}

void write_bytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

std::string error_of(const std::filesystem::path& path) {
  try {
    (void)crucible::traces::read_page_trace(path);
  } catch (const TraceError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_SUITE("traces") {
  TEST_CASE("a page trace written and read back is the same, plain or compressed") {
    crucible::testing::TempDir dir;
    const PageTrace trace = hand_built();
    REQUIRE(trace.pages() == 3);
    CHECK(trace.accesses[3].page == 2);  // dense, in order of first access
    for (const char* name : {"small.pages", "small.pages.zst"}) {
      INFO(name);
      crucible::traces::write_page_trace(trace, dir.path() / name);
      const PageTrace back = crucible::traces::read_page_trace(dir.path() / name);
      CHECK(back.name == "small");
      CHECK(back.page_size == 4096);
      CHECK(back.sample_period == 16);
      CHECK(back.page_numbers == trace.page_numbers);
      REQUIRE(back.accesses.size() == trace.accesses.size());
      for (size_t i = 0; i < trace.accesses.size(); ++i) {
        CHECK(back.accesses[i].time == trace.accesses[i].time);
        CHECK(back.accesses[i].page == trace.accesses[i].page);
        CHECK(back.accesses[i].is_write == trace.accesses[i].is_write);
      }
    }
    CHECK(crucible::traces::is_page_trace_path("a/b.pages.zst"));
    CHECK_FALSE(crucible::traces::is_page_trace_path("b.pages.csv"));
  }

  TEST_CASE("a sequential scan takes two bytes an access after the 40-byte header") {
    crucible::testing::TempDir dir;
    PageTraceBuilder builder(4096, 1);
    for (uint64_t i = 0; i < 1000; ++i) builder.add(i + 1, 5000 + i, i % 2 == 0);
    crucible::traces::write_page_trace(builder.finish(), dir.path() / "scan.pages");
    // The first record's page field (5000, zigzagged and shifted: 20000) takes three bytes;
    // every other record one for its page step and one for its time step.
    CHECK(std::filesystem::file_size(dir.path() / "scan.pages") == 40 + (3 + 1) + 999 * 2);
  }

  TEST_CASE("a bad page trace ends with one error naming the file and what is wrong") {
    crucible::testing::TempDir dir;
    const auto good = dir.path() / "good.pages";
    crucible::traces::write_page_trace(hand_built(), good);
    const std::string bytes = read_bytes(good);
    const auto path = dir.path() / "bad.pages";
    CHECK(error_of(dir.path() / "missing.pages").find("missing.pages") != std::string::npos);

    write_bytes(path, "CRUCPAGX" + bytes.substr(8));
    CHECK(error_of(path).find("not a page trace") != std::string::npos);
    std::string other = bytes;
    other[8] = 2;
    write_bytes(path, other);
    CHECK(error_of(path).find("page trace version 2") != std::string::npos);
    write_bytes(path, bytes.substr(0, bytes.size() - 1));  // the last record cut short
    CHECK(error_of(path).find("record 6 is cut short") != std::string::npos);
    write_bytes(path, bytes.substr(0, 40));  // a header and no records
    CHECK(error_of(path).find("the header says 6 records, the file ends after 0") !=
          std::string::npos);
    write_bytes(path, bytes + "x");
    CHECK(error_of(path).find("bytes after the 6 records") != std::string::npos);
    std::string bad_size = bytes;
    bad_size[12] = 3;  // page size 4099
    write_bytes(path, bad_size);
    CHECK(error_of(path).find("not a power of two") != std::string::npos);
    CHECK(error_of(path).find("bad.pages") != std::string::npos);

    PageTraceBuilder builder(4096, 1);
    builder.add(10, 1, false);
    CHECK_THROWS_WITH_AS(builder.add(9, 1, false), doctest::Contains("before the previous"),
                         TraceError);
    CHECK_THROWS_WITH_AS(builder.add(11, uint64_t{1} << 56, false), doctest::Contains("2^56"),
                         TraceError);
  }

  TEST_CASE("page statistics count what the trace holds") {
    const auto stats = crucible::traces::compute_page_stats(hand_built());
    CHECK(stats.accesses == 6);
    CHECK(stats.pages == 3);
    CHECK(stats.footprint_bytes == 3 * 4096);
    CHECK(stats.writes == 2);
    CHECK(stats.time_span == (1 << 20));
    CHECK(stats.single_access_pages == 1);
    CHECK(stats.per_page_median == 2);  // counts sorted: 1, 2, 3
    CHECK(stats.per_page_max == 3);
    CHECK(stats.hottest_tenth_share == doctest::Approx(0.5));  // the hottest page: 3 of 6
  }

  TEST_CASE("synthetic page traces are deterministic and have their promised structure") {
    crucible::traces::PageSyntheticSpec gups;
    gups.accesses = 200'000;
    gups.pages = 10'000;
    gups.hot_pages = 100;
    gups.hot_fraction = 0.9;
    gups.shift_every = 100'000;
    gups.seed = 3;
    const auto a = crucible::traces::generate_page_trace(gups);
    const auto b = crucible::traces::generate_page_trace(gups);
    REQUIRE(a.accesses.size() == 200'000);
    CHECK(a.page_numbers == b.page_numbers);
    CHECK(a.accesses.back().page == b.accesses.back().page);
    // Before the shift, the 100 most accessed pages take about 90% (plus their uniform share).
    auto top_share = [&](size_t from, size_t to) {
      std::map<uint32_t, uint64_t> counts;
      for (size_t i = from; i < to; ++i) ++counts[a.accesses[i].page];
      std::vector<uint64_t> sorted;
      for (const auto& [page, count] : counts) sorted.push_back(count);
      std::sort(sorted.rbegin(), sorted.rend());
      uint64_t top = 0;
      for (size_t i = 0; i < 100 && i < sorted.size(); ++i) top += sorted[i];
      return static_cast<double>(top) / static_cast<double>(to - from);
    };
    CHECK(top_share(0, 100'000) == doctest::Approx(0.9 + 0.1 * 0.01).epsilon(0.02));
    // After the shift the hot set is elsewhere: over the whole trace no 100 pages hold 90%.
    CHECK(top_share(0, 200'000) < 0.6);
    const auto stats = crucible::traces::compute_page_stats(a);
    CHECK(static_cast<double>(stats.writes) / 200'000 == doctest::Approx(0.3).epsilon(0.02));

    crucible::traces::PageSyntheticSpec phases;
    phases.kind = crucible::traces::PageSyntheticSpec::Kind::kPhases;
    phases.accesses = 40'000;
    phases.pages = 4'000;
    phases.phases = 4;
    const auto p = crucible::traces::generate_page_trace(phases);
    std::set<uint64_t> first;
    std::set<uint64_t> last;
    for (size_t i = 0; i < 10'000; ++i) first.insert(p.page_numbers[p.accesses[i].page]);
    for (size_t i = 30'000; i < 40'000; ++i) last.insert(p.page_numbers[p.accesses[i].page]);
    for (uint64_t page : first) CHECK_FALSE(last.contains(page));

    crucible::traces::PageSyntheticSpec zipf;
    zipf.kind = crucible::traces::PageSyntheticSpec::Kind::kZipf;
    zipf.accesses = 100'000;
    zipf.pages = 1'000;
    zipf.zipf_alpha = 1.0;
    const auto z = crucible::traces::compute_page_stats(crucible::traces::generate_page_trace(zipf));
    // The most popular page's share is 1 / H(1000) = 0.1336 of the accesses.
    CHECK(static_cast<double>(z.per_page_max) / 100'000 == doctest::Approx(0.1336).epsilon(0.05));
  }

  TEST_CASE("a synthetic page spec is read strictly") {
    using crucible::traces::parse_page_synthetic;
    auto spec = parse_page_synthetic({{"kind", "zipf"}, {"pages", 10}, {"seed", 4}}, "t");
    CHECK(spec.kind == crucible::traces::PageSyntheticSpec::Kind::kZipf);
    CHECK(spec.pages == 10);
    CHECK_THROWS_WITH_AS(parse_page_synthetic({{"pagez", 1}}, "workload.pages"),
                         "workload.pages.pagez: unknown key", TraceError);
    CHECK_THROWS_WITH_AS(parse_page_synthetic({{"kind", "scan"}}, "t"),
                         "t.kind: expected \"gups\", \"zipf\" or \"phases\", got \"scan\"",
                         TraceError);
    CHECK_THROWS_WITH_AS(parse_page_synthetic({{"pages", -1}}, "t"),
                         "t.pages: expected a non-negative integer, got -1", TraceError);
    crucible::traces::PageSyntheticSpec too_hot;
    too_hot.hot_pages = too_hot.pages + 1;
    CHECK_THROWS_WITH_AS(crucible::traces::generate_page_trace(too_hot),
                         "synthetic page trace: hot_pages must be in [1, pages]", TraceError);
  }
}
