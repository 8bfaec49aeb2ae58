// `crucible traces info` and `crucible traces convert` as a user runs them.

#include <doctest/doctest.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "cli_support.hpp"
#include "support.hpp"
#include "trace_test_support.hpp"
#include "traces/page_synthetic.hpp"
#include "traces/trace.hpp"

namespace {

using crucible::testing::file_requests;
using crucible::testing::TempDir;
using crucible::testing::write_file;

using crucible::testing::Outcome;
using crucible::testing::run_cli;
using crucible::testing::slurp;

// Five requests over three objects: sizes 100, 3000 and 0, times 10..50 seconds.
constexpr const char* kCsv = "t;key;bytes\n10;a;100\n20;b;3000\n30;a;100\n40;c;0\n50;a;100\n";
constexpr const char* kCsvFlags =
    "--trace-format csv --csv 'time=1,id=2,size=3,header=true,"
    "delimiter=;'";

}  // namespace

TEST_SUITE("traces") {
  TEST_CASE("traces info --json reports counts, footprint, sizes, one-hit wonders and time span") {
    TempDir dir;
    write_file(dir.path() / "small.csv", kCsv);
    const auto outcome =
        run_cli(std::string("traces info small.csv --json ") + kCsvFlags, dir.path());
    INFO(outcome.err);
    REQUIRE(outcome.exit_code == 0);
    const auto doc = nlohmann::json::parse(outcome.out);
    CHECK(doc["format"] == "csv");
    CHECK(doc["requests"] == 5);
    CHECK(doc["unique_objects"] == 3);
    CHECK(doc["footprint_objects"] == 3);
    CHECK(doc["footprint_bytes"] == 3100);
    CHECK(doc["requested_bytes"] == 3300);
    CHECK(doc["one_hit_wonders"] == 2);
    CHECK(doc["time_span_seconds"] == 40);
    CHECK(doc["object_size"]["min"] == 0);
    CHECK(doc["object_size"]["median"] == 100);
    CHECK(doc["object_size"]["max"] == 3000);
    // Classes: size 0, [64, 128) for 100, [2048, 4096) for 3000.
    const auto& histogram = doc["object_size"]["histogram"];
    REQUIRE(histogram.size() == 3);
    CHECK(histogram[0]["class"] == "0");
    CHECK(histogram[1]["class"] == "[64, 128)");
    CHECK(histogram[2]["class"] == "[2048, 4096)");
    CHECK(histogram[2]["objects"] == 1);

    const auto text = run_cli(std::string("traces info small.csv ") + kCsvFlags, dir.path());
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("one-hit wonders:  2 (66.7% of objects)") != std::string::npos);
    CHECK(text.out.find("time span:        40 s") != std::string::npos);
  }

  TEST_CASE("traces convert writes the format the output name or --to asks for") {
    TempDir dir;
    write_file(dir.path() / "small.csv", kCsv);
    const auto convert =
        run_cli(std::string("traces convert small.csv small.oracleGeneral.bin.zst ") + kCsvFlags,
                dir.path());
    INFO(convert.err);
    REQUIRE(convert.exit_code == 0);
    crucible::traces::ReadOptions csv;
    csv.format = crucible::traces::Format::kCsv;
    csv.csv = {1, 2, 3, true, ';'};
    const auto original = crucible::traces::read_trace(dir.path() / "small.csv", csv);
    const auto converted = crucible::traces::read_trace(dir.path() / "small.oracleGeneral.bin.zst");
    CHECK(file_requests(converted) == file_requests(original));

    const auto to_text =
        run_cli("traces convert small.oracleGeneral.bin.zst ids.out --to txt", dir.path());
    CHECK(to_text.exit_code == 0);
    CHECK(slurp(dir.path() / "ids.out") == std::to_string(original.object_ids[0]) + "\n" +
                                               std::to_string(original.object_ids[1]) + "\n" +
                                               std::to_string(original.object_ids[0]) + "\n" +
                                               std::to_string(original.object_ids[2]) + "\n" +
                                               std::to_string(original.object_ids[0]) + "\n");
  }

  TEST_CASE("traces commands end bad input with one line naming the file, flag or value") {
    TempDir dir;
    write_file(dir.path() / "small.csv", kCsv);
    struct Case {
      std::string args;
      std::string expected;
    };
    const Case cases[] = {
        {"traces info small.csv", "small.csv: cannot tell the format from the name"},
        {"traces info small.csv --trace-format csv --csv id=9",
         "small.csv: line 1: the id column 9 is beyond the line's 1 fields"},
        {"traces info small.csv --csv id=2", "--csv: only with --trace-format csv"},
        {"traces info small.csv --trace-format csv --csv idd=2", "--csv.idd: unknown key"},
        {"traces convert small.csv out.bin " + std::string(kCsvFlags),
         "out.bin: cannot tell the format from the name"},
        {"traces convert small.csv out.msr --to msr " + std::string(kCsvFlags),
         "cannot write format msr"},
        {"traces convert absent.lis out.txt", "absent.lis: no such file"},
    };
    for (const Case& c : cases) {
      INFO("crucible " << c.args);
      const auto outcome = run_cli(c.args, dir.path());
      CHECK(outcome.exit_code == 1);
      CHECK(outcome.err.find("crucible: error: ") == 0);
      CHECK(outcome.err.find(c.expected) != std::string::npos);
      CHECK(std::count(outcome.err.begin(), outcome.err.end(), '\n') == 1);
    }
  }

  TEST_CASE("traces info reads a page trace and reports its pages, writes and hot share") {
    TempDir dir;
    crucible::traces::PageSyntheticSpec spec;
    spec.accesses = 10'000;
    spec.pages = 1'000;
    spec.hot_pages = 10;
    spec.hot_fraction = 0.5;
    spec.write_fraction = 0.25;
    spec.sample_period = 64;
    crucible::traces::write_page_trace(crucible::traces::generate_page_trace(spec),
                                       dir.path() / "gups.pages.zst");
    const auto outcome = run_cli("traces info gups.pages.zst --json", dir.path());
    INFO(outcome.err);
    REQUIRE(outcome.exit_code == 0);
    const auto json = nlohmann::json::parse(outcome.out);
    CHECK(json["format"] == "pages");
    CHECK(json["name"] == "gups");
    CHECK(json["accesses"] == 10'000);
    CHECK(json["sample_period"] == 64);
    CHECK(json["pages"].get<uint64_t>() <= 1'000);
    CHECK(json["pages"].get<uint64_t>() > 900);
    CHECK(json["write_share"].get<double>() == doctest::Approx(0.25).epsilon(0.1));
    CHECK(json["time_span"] == 9'999 * 64);
    CHECK(json["hottest_tenth_share"].get<double>() > 0.5);
    const auto text = run_cli("traces info gups.pages.zst", dir.path());
    CHECK(text.exit_code == 0);
    CHECK(text.out.find("one access in 64 recorded") != std::string::npos);
    write_file(dir.path() / "broken.pages", "CRUCPAGE");
    const auto broken = run_cli("traces info broken.pages", dir.path());
    CHECK(broken.exit_code != 0);
    CHECK(broken.err.find("broken.pages") != std::string::npos);
    CHECK(broken.err.find("ends inside the 40-byte header") != std::string::npos);
  }
}
