// Trace readers: oracleGeneral and ARC .lis, plain and zstd, real files and malformed input.

#include <doctest/doctest.h>
#include <zstd.h>

#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support.hpp"
#include "trace_test_support.hpp"
#include "traces/trace.hpp"

namespace {

using crucible::testing::require_data;
using crucible::testing::oracle_record;
using crucible::testing::TempDir;
using crucible::testing::write_file;
using crucible::testing::zstd_compress;
using crucible::traces::compute_stats;
using crucible::traces::detect_format;
using crucible::traces::Format;
using crucible::traces::format_name;
using crucible::traces::parse_format;
using crucible::traces::read_file_bytes;
using crucible::traces::read_trace;
using crucible::traces::RawRequest;
using crucible::traces::Request;
using crucible::traces::Trace;
using crucible::traces::TraceError;

// Ids chosen to catch field offsets and widths: one needs all 64 bits, one size is 0.
const std::vector<RawRequest> kHandWritten = {
    {42, 4096}, {0x1234'5678'9abc'def0ULL, 1}, {42, 4096}, {7, 0}};

std::string hand_written_oracle_bytes() {
  std::string bytes;
  int64_t clock = 100;
  for (const RawRequest& request : kHandWritten) {
    bytes += oracle_record(static_cast<uint32_t>(clock++), request.id, request.size, -1);
  }
  return bytes;
}

// Compares the trace's requests, by the ids the file gave, with the expected ones.
void check_requests(const Trace& trace, const std::vector<RawRequest>& expected) {
  REQUIRE(trace.requests.size() == expected.size());
  for (size_t i = 0; i < expected.size(); ++i) {
    CAPTURE(i);
    CHECK(trace.object_ids[trace.requests[i].id] == expected[i].id);
    CHECK(trace.requests[i].size == expected[i].size);
  }
}

std::string error_of(const std::filesystem::path& path) {
  try {
    (void)read_trace(path);
  } catch (const TraceError& error) {
    return error.what();
  }
  FAIL("reading " << path.string() << " did not throw");
  return {};
}

}  // namespace

TEST_SUITE("traces") {
  TEST_CASE("hand-written oracleGeneral records read back with their ids and sizes") {
    TempDir dir;
    const auto path = dir.path() / "tiny.oracleGeneral.bin";
    write_file(path, hand_written_oracle_bytes());
    const Trace trace = read_trace(path);
    CHECK(trace.name == "tiny");
    CHECK(trace.path == path);
    CHECK(trace.format == Format::kOracleGeneral);
    check_requests(trace, kHandWritten);
  }

  TEST_CASE("a zstd-compressed oracleGeneral file reads the same as the plain bytes") {
    TempDir dir;
    const auto path = dir.path() / "tiny.oracleGeneral.bin.zst";
    write_file(path, zstd_compress(hand_written_oracle_bytes()));
    const Trace trace = read_trace(path);
    CHECK(trace.name == "tiny");
    check_requests(trace, kHandWritten);
  }

  TEST_CASE("concatenated zstd frames decompress to the concatenated contents") {
    TempDir dir;
    const auto path = dir.path() / "two-frames.lis.zst";
    write_file(path, zstd_compress("1 1 0 0\n") + zstd_compress("5 2 0 1\n"));
    CHECK(read_file_bytes(path) == "1 1 0 0\n5 2 0 1\n");
    check_requests(read_trace(path), {{1, 512}, {5, 512}, {6, 512}});
  }

  TEST_CASE("an oracleGeneral file whose size is not a multiple of 24 names the file and record") {
    TempDir dir;
    const auto path = dir.path() / "cut.oracleGeneral.bin";
    write_file(path, hand_written_oracle_bytes().substr(0, 2 * 24 + 10));
    const std::string message = error_of(path);
    CHECK(message.find("trace " + path.string() + ": ") == 0);
    CHECK(message.find("record 3 is incomplete (10 of 24 bytes)") != std::string::npos);
  }

  TEST_CASE("a truncated zstd file is reported as truncated, naming the file") {
    TempDir dir;
    std::string text;
    for (int i = 0; i < 5000; ++i)
      text += std::to_string(i * 7) + " 1 0 " + std::to_string(i) + "\n";
    const std::string compressed = zstd_compress(text);
    const auto path = dir.path() / "cut.lis.zst";
    write_file(path, compressed.substr(0, compressed.size() - 5));
    const std::string message = error_of(path);
    // The line being read when the data ran out is named too.
    CHECK(message.find("trace " + path.string() + ": line ") == 0);
    CHECK(message.ends_with(": truncated zstd data: the last frame is incomplete"));

    // The untouched file is fine, so the error above comes from the cut alone.
    write_file(path, compressed);
    CHECK(read_trace(path).requests.size() == 5000);
  }

  TEST_CASE("bytes that are not zstd data are reported as corrupt, naming the file") {
    TempDir dir;
    const auto path = dir.path() / "garbage.oracleGeneral.bin.zst";
    write_file(path, std::string(100, 'x'));
    const std::string message = error_of(path);
    CHECK(message.find("trace " + path.string() + ": record 1: corrupt zstd data") == 0);
  }

  TEST_CASE("ARC lis lines expand to one 512-byte request per block") {
    TempDir dir;
    const auto path = dir.path() / "small.lis";
    // Blank lines, tabs, CRLF and a missing final newline are all accepted.
    write_file(path, "10 3 0 0\n\n7 1 0 1\r\n  20\t2 0 2\n   \n18446744073709551615 1 0 3");
    const Trace trace = read_trace(path);
    CHECK(trace.name == "small");
    CHECK(trace.format == Format::kArcLis);
    check_requests(trace, {{10, 512},
                                    {11, 512},
                                    {12, 512},
                                    {7, 512},
                                    {20, 512},
                                    {21, 512},
                                    {18446744073709551615ULL, 512}});
  }

  TEST_CASE("a malformed lis line is reported with its line number and text") {
    struct Case {
      std::string line;
      std::string problem;
    };
    const std::vector<Case> cases = {
        {"12 abc 0 0", "expected 4 integer fields"},
        {"12 1 0", "expected 4 integer fields"},
        {"12 1 0 0 9", "expected 4 integer fields"},
        {"-12 1 0 0", "expected 4 integer fields"},
        {"12 1.5 0 0", "expected 4 integer fields"},
        {"12 0 0 0", "number_of_blocks must be in 1..10000000"},
        {"12 10000001 0 0", "number_of_blocks must be in 1..10000000"},
        {"18446744073709551615 2 0 0", "the block range overflows 64-bit block ids"},
    };
    for (const Case& bad : cases) {
      CAPTURE(bad.line);
      TempDir dir;
      const auto path = dir.path() / "bad.lis";
      write_file(path, "1 1 0 0\n\n" + bad.line + "\n4 1 0 2\n");
      CHECK(error_of(path) ==
            "trace " + path.string() + ": line 3: " + bad.problem + ", got \"" + bad.line + "\"");
    }
  }

  TEST_CASE("a missing trace file is reported as no such file") {
    TempDir dir;
    const auto path = dir.path() / "absent.lis";
    CHECK(error_of(path) == "trace " + path.string() + ": no such file");
    const auto zst_path = dir.path() / "absent.lis.zst";
    const std::string zst_message = "trace " + zst_path.string() + ": no such file";
    CHECK_THROWS_WITH_AS((void)read_file_bytes(zst_path), zst_message.c_str(), TraceError);
    // Checked before the name, which here would also be unrecognised.
    CHECK(error_of(dir.path() / "absent.txt").find(": no such file") != std::string::npos);
  }

  TEST_CASE("an unknown file ending needs an explicit format") {
    TempDir dir;
    const auto path = dir.path() / "blocks.dat";
    write_file(path, "3 2 0 0\n");
    CHECK(error_of(path) == "trace " + path.string() +
                                ": cannot tell the format from the name; pass --trace-format "
                                "(oracleGeneral, lis, csv, txt, twitter, msr)");
    const Trace trace = read_trace(path, Format::kArcLis);
    check_requests(trace, {{3, 512}, {4, 512}});
    CHECK(trace.name == "blocks.dat");
    CHECK_THROWS_AS((void)read_trace(path, Format::kSynthetic), TraceError);
  }

  TEST_CASE("formats are detected from the file name") {
    CHECK(detect_format("/a/cloudPhysicsIO.oracleGeneral.bin") == Format::kOracleGeneral);
    CHECK(detect_format("w01.oracleGeneral.bin.zst") == Format::kOracleGeneral);
    CHECK(detect_format("w01.oracleGeneral.zst") == Format::kOracleGeneral);
    CHECK(detect_format("arc/OLTP.lis") == Format::kArcLis);
    CHECK(detect_format("arc/OLTP.lis.zst") == Format::kArcLis);
    CHECK(detect_format("ids.txt") == Format::kText);
    CHECK(detect_format("ids.txt.zst") == Format::kText);
    // .csv alone cannot tell a column-spec CSV from a Twitter or MSR trace.
    CHECK_THROWS_AS((void)detect_format("cloudPhysicsIO.csv"), TraceError);
    CHECK_THROWS_AS((void)detect_format("OLTP.lis.gz"), TraceError);
    CHECK_THROWS_AS((void)detect_format("trace.bin"), TraceError);
    // Only the file name counts, not a directory that happens to look like a trace.
    CHECK_THROWS_AS((void)detect_format("x.lis/readme"), TraceError);
  }

  TEST_CASE("format names parse and print both ways") {
    for (Format format : {Format::kOracleGeneral, Format::kArcLis, Format::kCsv, Format::kText,
                          Format::kTwitter, Format::kMsr, Format::kSynthetic}) {
      CHECK(parse_format(format_name(format)) == format);
    }
    CHECK(format_name(Format::kOracleGeneral) == "oracleGeneral");
    CHECK(format_name(Format::kArcLis) == "lis");
    CHECK(format_name(Format::kSynthetic) == "synthetic");
    CHECK(format_name(Format::kText) == "txt");
    CHECK_THROWS_WITH_AS((void)parse_format("parquet"),
                         "unknown trace format \"parquet\" (known: oracleGeneral, lis, csv, txt, "
                         "twitter, msr, synthetic)",
                         TraceError);
  }

  TEST_CASE("trace names drop only the format and compression endings") {
    TempDir dir;
    const std::string lis = "1 1 0 0\n";
    write_file(dir.path() / "my.trace.lis.zst", zstd_compress(lis));
    write_file(dir.path() / "P3.lis", lis);
    CHECK(read_trace(dir.path() / "my.trace.lis.zst").name == "my.trace");
    CHECK(read_trace(dir.path() / "P3.lis").name == "P3");
  }

  TEST_CASE("an empty trace file is rejected") {
    TempDir dir;
    write_file(dir.path() / "empty.lis", "\n\n");
    write_file(dir.path() / "empty.oracleGeneral.bin", "");
    write_file(dir.path() / "empty.lis.zst", "");
    CHECK(error_of(dir.path() / "empty.lis").find(": contains no requests") != std::string::npos);
    CHECK(error_of(dir.path() / "empty.oracleGeneral.bin").find(": contains no requests") !=
          std::string::npos);
    CHECK(error_of(dir.path() / "empty.lis.zst").find(": empty file, expected zstd data") !=
          std::string::npos);
  }

  TEST_CASE("compute_stats counts distinct objects and their first-seen sizes") {
    crucible::traces::TraceBuilder builder;
    for (const RawRequest& request : std::vector<RawRequest>{
             {1, 10, 0}, {2, 20, 0}, {1, 99, 0}, {3, 0, 0}, {2, 20, 0}, {4, 5, 0}}) {
      builder.add(request);
    }
    const auto stats = compute_stats(builder.finish());
    CHECK(stats.requests == 6);
    CHECK(stats.unique_objects == 4);
    CHECK(stats.footprint_bytes == 10 + 20 + 0 + 5);
    CHECK(compute_stats(Trace{}).unique_objects == 0);
  }

  // Counts from /work/shared/data/README.md: libCacheSim's sample trace and its CSV twin.
  TEST_CASE("cloudPhysicsIO.oracleGeneral.bin holds 113,872 requests over 48,974 objects") {
    const auto path = require_data("cache/cloudPhysicsIO.oracleGeneral.bin");
    if (!path) return;
    const Trace trace = read_trace(*path);
    CHECK(trace.name == "cloudPhysicsIO");
    const auto stats = compute_stats(trace);
    CHECK(stats.requests == 113'872);
    CHECK(stats.unique_objects == 48'974);

    // The CSV twin (columns version,time,op,size,lbn) names the same objects in the same order,
    // which pins the id's offset and width. Its sizes are not compared: for 13,671 requests they
    // differ from the binary's, which libCacheSim's converter wrote independently.
    const auto csv_path = require_data("cache/cloudPhysicsIO.csv");
    if (!csv_path) return;
    std::ifstream csv(*csv_path);
    std::string line;
    std::getline(csv, line);
    size_t index = 0;
    size_t mismatches = 0;
    while (std::getline(csv, line) && index < trace.requests.size()) {
      std::istringstream fields(line);
      std::string field;
      for (int column = 0; column < 5; ++column) std::getline(fields, field, ',');
      if (trace.object_ids[trace.requests[index++].id] != std::stoull(field)) ++mismatches;
    }
    CHECK(index == trace.requests.size());
    CHECK(mismatches == 0);
    // The first record, read with od: clock 5633898, id 42932745, size 512, next access -1.
    CHECK(trace.object_ids[trace.requests.front().id] == 42'932'745);
    CHECK(trace.requests.front().size == 512);
  }

  // Counts from the ARC paper's Table III (Megiddo and Modha, FAST 2003).
  TEST_CASE("OLTP.lis.zst expands to 914,145 requests over 186,880 blocks") {
    const auto path = require_data("cache/arc/OLTP.lis.zst");
    if (!path) return;
    const Trace trace = read_trace(*path);
    CHECK(trace.name == "OLTP");
    CHECK(trace.format == Format::kArcLis);
    const auto stats = compute_stats(trace);
    CHECK(stats.requests == 914'145);
    CHECK(stats.unique_objects == 186'880);
    CHECK(stats.footprint_bytes == 186'880ULL * 512);
  }

  // Counts from the ARC paper's Table III; P3 has multi-block lines, unlike OLTP.
  TEST_CASE("P3.lis.zst expands to 3,912,296 requests over 762,543 blocks") {
    const auto path = require_data("cache/arc/P3.lis.zst");
    if (!path) return;
    const auto stats = compute_stats(read_trace(*path));
    CHECK(stats.requests == 3'912'296);
    CHECK(stats.unique_objects == 762'543);
  }
}
