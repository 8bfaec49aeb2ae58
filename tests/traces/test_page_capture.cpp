// Capturing page traces: lackey's lines become page accesses (loads, stores and modifies; fetches
// and valgrind's messages skipped), whatever the chunking; the cache filter keeps only misses;
// sampling keeps one in N with the program's own access index as time; and the binary runs a
// real program under valgrind.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <nlohmann/json.hpp>

#include "cli_support.hpp"
#include "support.hpp"
#include "traces/page_capture.hpp"

namespace {

constexpr const char* kLackey =
    "==42== Lackey, an example Valgrind tool\n"
    "I  0401ab70,3\n"
    " S 1fff0006f8,8\n"
    " L 0000401000,4\n"
    "I  0401b770,1\n"
    " M 1fff000700,8\n"
    " L 0000402ff8,8\n"
    "==42== \n"
    " L 0000401008,4\n";

}  // namespace

TEST_SUITE("traces") {
  TEST_CASE("lackey's loads, stores and modifies become page accesses, however the text is cut") {
    const std::string text = kLackey;
    for (size_t piece : {size_t{1}, size_t{7}, text.size()}) {
      INFO("pieces of " << piece);
      crucible::traces::LackeyCapture capture({});
      for (size_t at = 0; at < text.size(); at += piece) capture.feed(text.substr(at, piece));
      const auto trace = capture.finish();
      REQUIRE(trace.accesses.size() == 5);
      CHECK(capture.counts().accesses == 5);
      CHECK(trace.page_numbers == std::vector<uint64_t>{0x1fff000, 0x401, 0x402});
      CHECK(trace.accesses[0].is_write == 1);  // S
      CHECK(trace.accesses[1].is_write == 0);  // L
      CHECK(trace.accesses[2].is_write == 1);  // M counts once, as a store
      CHECK(trace.accesses[2].page == 0);
      CHECK(trace.accesses[4].time == 4);
      CHECK(trace.accesses[4].page == 1);
    }
    crucible::traces::LackeyCapture unterminated({});
    unterminated.feed(" L 0000401000,4");  // the last line without its newline still counts
    CHECK(unterminated.finish().accesses.size() == 1);
  }

  TEST_CASE("the cache filter keeps misses only and sampling keeps one in N, times unchanged") {
    crucible::traces::CaptureOptions options;
    options.llc_bytes = 64 * 1024;
    crucible::traces::LackeyCapture filtered(options);
    std::string text;
    for (int pass = 0; pass < 3; ++pass) {
      for (uint64_t line = 0; line < 512; ++line) {  // 32 KiB: fits, so passes 2 and 3 hit
        char entry[40];
        std::snprintf(entry, sizeof entry, " L %010llx,8\n",
                      static_cast<unsigned long long>(0x100000 + line * 64));
        text += entry;
      }
    }
    filtered.feed(text);
    CHECK(filtered.finish().accesses.size() == 512);
    CHECK(filtered.counts().accesses == 3 * 512);

    options.llc_bytes = 0;
    options.sample_period = 10;
    crucible::traces::LackeyCapture sampled(options);
    sampled.feed(text);
    const auto trace = sampled.finish();
    REQUIRE(trace.accesses.size() == 154);  // accesses 0, 10, ..., 1530
    CHECK(trace.accesses[1].time == 10);
    CHECK(trace.sample_period == 10);

    crucible::traces::LlcFilter thrashed(64 * 1024);  // 1,024 lines; 2,048 in a loop: LRU misses all
    size_t misses = 0;
    for (int pass = 0; pass < 2; ++pass) {
      for (uint64_t line = 0; line < 2048; ++line) misses += thrashed.is_miss(line * 64);
    }
    CHECK(misses == 4096);

    crucible::traces::LackeyCapture strict({});
    CHECK_THROWS_WITH_AS(strict.feed(" L zz01,4\n"),
                         "capture: a malformed access line from lackey: \" L zz01,4\"",
                         crucible::traces::TraceError);
  }

  TEST_CASE("traces capture records a real program under valgrind and info reads the trace") {
    crucible::testing::TempDir dir;
    auto run = crucible::testing::run_cli(
        "traces capture --out true.pages.zst --llc-mb 0.5 --sample 2 -- /bin/true", dir.path());
    INFO(run.err);
    REQUIRE(run.exit_code == 0);
    CHECK(run.err.find("wrote ") != std::string::npos);
    auto info = crucible::testing::run_cli("traces info true.pages.zst --json", dir.path());
    REQUIRE(info.exit_code == 0);
    const auto json = nlohmann::json::parse(info.out);
    CHECK(json["sample_period"] == 2);
    CHECK(json["accesses"].get<uint64_t>() > 100);
    CHECK(json["pages"].get<uint64_t>() > 10);

    auto missing = crucible::testing::run_cli(
        "traces capture --out x.pages --valgrind no-such-valgrind -- /bin/true", dir.path());
    CHECK(missing.exit_code != 0);
    CHECK(missing.err.find("cannot run no-such-valgrind") != std::string::npos);
    auto bad_name = crucible::testing::run_cli("traces capture --out x.bin -- /bin/true", dir.path());
    CHECK(bad_name.exit_code != 0);
    CHECK(bad_name.err.find("--out x.bin") != std::string::npos);
  }

  TEST_CASE("a capture stopped by a signal takes its valgrind down with it") {
    // valgrind keeps running when its log pipe closes; this stand-in does too (it never reads
    // or writes the pipe) and leaves its pid behind.
    crucible::testing::TempDir dir;
    {
      std::ofstream fake(dir.path() / "fake-valgrind");
      fake << "#!/bin/sh\necho $$ > valgrind.pid\nexec sleep 60\n";
    }
    std::filesystem::permissions(dir.path() / "fake-valgrind", std::filesystem::perms::owner_all);
    const std::string script =
        "cd '" + dir.path().string() + "' && ('" CRUCIBLE_BINARY
        "' traces capture --out x.pages --valgrind ./fake-valgrind -- /bin/true 2> cli.err & "
        "c=$!; for i in $(seq 50); do [ -s valgrind.pid ] && break; sleep 0.1; done; "
        "kill -TERM $c; wait $c; echo \"capture $?\" > outcome; sleep 0.3; "
        "if kill -0 $(cat valgrind.pid) 2> /dev/null; then echo alive >> outcome; "
        "kill $(cat valgrind.pid); else echo gone >> outcome; fi)";
    REQUIRE(std::system(script.c_str()) == 0);
    const std::string outcome = crucible::testing::slurp(dir.path() / "outcome");
    INFO(outcome);
    CHECK(outcome.find("capture 143") != std::string::npos);  // died of SIGTERM, as asked
    CHECK(outcome.find("gone") != std::string::npos);
  }
}
