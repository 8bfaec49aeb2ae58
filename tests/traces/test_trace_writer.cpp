// write_trace: every written format reads back to the same requests, and the oracleGeneral it
// writes for libCacheSim's own sample trace is that file, next_access_vtime included.

#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

#include "support.hpp"
#include "trace_test_support.hpp"
#include "traces/trace.hpp"
#include "traces/trace_writer.hpp"

namespace {

using crucible::testing::file_requests;
using crucible::testing::FileRequest;
using crucible::testing::TempDir;
using crucible::traces::Format;
using crucible::traces::RawRequest;
using crucible::traces::read_file_bytes;
using crucible::traces::read_trace;
using crucible::traces::ReadOptions;
using crucible::traces::Trace;
using crucible::traces::TraceBuilder;
using crucible::traces::TraceError;
using crucible::traces::write_trace;
using crucible::traces::written_csv_spec;

// Repeats, a 64-bit id, a size of 0 and times that start far from 0.
Trace sample_trace() {
  TraceBuilder builder;
  const std::vector<RawRequest> raw = {{7, 100, 5000}, {0xfedcba9876543210ULL, 0, 5001},
                                       {7, 100, 5001}, {9, 4096, 5010},
                                       {7, 100, 5020}, {9, 4096, 5020}};
  for (const RawRequest& request : raw) builder.add(request);
  return builder.finish();
}

ReadOptions options_for(Format format) {
  ReadOptions options;
  options.format = format;
  if (format == Format::kCsv) options.csv = written_csv_spec();
  return options;
}

// What a format keeps of each request: txt and lis keep only the id (lis sizes become 512).
std::vector<FileRequest> kept(const Trace& trace, Format format) {
  std::vector<FileRequest> requests = file_requests(trace);
  for (FileRequest& request : requests) {
    if (format == Format::kText || format == Format::kArcLis) {
      request.size = format == Format::kText ? 1 : 512;
      request.time = 0;
    }
  }
  return requests;
}

int64_t next_access_vtime(const std::string& bytes, size_t record) {
  int64_t value = 0;
  std::memcpy(&value, bytes.data() + record * 24 + 16, sizeof(value));  // little-endian host
  return value;
}

}  // namespace

TEST_SUITE("traces") {
  TEST_CASE("every written format, plain and zstd, reads back to the requests it keeps") {
    const Trace trace = sample_trace();
    for (Format format : {Format::kOracleGeneral, Format::kCsv, Format::kText, Format::kArcLis}) {
      for (const std::string ending : {"", ".zst"}) {
        CAPTURE(format_name(format));
        CAPTURE(ending);
        TempDir dir;
        const auto path = dir.path() / ("out." + std::string(format_name(format)) + ending);
        write_trace(trace, path, format);
        const Trace back = read_trace(path, options_for(format));
        CHECK(file_requests(back) == kept(trace, format));
        for (size_t i = 0; i < trace.requests.size(); ++i) {
          CHECK(back.requests[i].next == trace.requests[i].next);
        }
      }
    }
  }

  TEST_CASE("oracleGeneral next_access_vtime is the 1-based position of the next request") {
    TempDir dir;
    const auto path = dir.path() / "out.oracleGeneral.bin";
    write_trace(sample_trace(), path, Format::kOracleGeneral);
    const std::string bytes = read_file_bytes(path);
    REQUIRE(bytes.size() == 6 * 24);
    // Object 7 at 0, 2, 4; object 9 at 3, 5. libCacheSim counts requests from 1.
    const std::vector<int64_t> expected = {3, -1, 5, 6, -1, -1};
    for (size_t i = 0; i < expected.size(); ++i) {
      CAPTURE(i);
      CHECK(next_access_vtime(bytes, i) == expected[i]);
    }
  }

  TEST_CASE("formats that cannot be written are refused naming the file") {
    TempDir dir;
    const auto path = dir.path() / "out.twr";
    CHECK_THROWS_WITH_AS(write_trace(sample_trace(), path, Format::kTwitter),
                         ("trace " + path.string() +
                          ": cannot write format twitter (written: oracleGeneral, csv, txt, lis)")
                             .c_str(),
                         TraceError);
    CHECK_THROWS_AS(write_trace(sample_trace(), dir.path() / "no/such/dir/x.txt", Format::kText),
                    TraceError);
  }

  // libCacheSim's traceConv wrote this file; writing it again from what we read must give it
  // back byte for byte: clock_time (the trace's own times), ids, sizes and next_access_vtime.
  TEST_CASE("cloudPhysicsIO written as oracleGeneral is byte for byte libCacheSim's file") {
    const auto path = crucible::testing::require_data("cache/cloudPhysicsIO.oracleGeneral.bin");
    if (!path) return;
    TempDir dir;
    const auto out = dir.path() / "again.oracleGeneral.bin";
    write_trace(read_trace(*path), out, Format::kOracleGeneral);
    const std::string original = read_file_bytes(*path);
    const std::string written = read_file_bytes(out);
    REQUIRE(written.size() == original.size());
    size_t vtime_mismatches = 0;
    for (size_t i = 0; i < original.size() / 24; ++i) {
      if (next_access_vtime(written, i) != next_access_vtime(original, i)) ++vtime_mismatches;
    }
    CHECK(vtime_mismatches == 0);
    CHECK(written == original);

    // Through csv.zst and back to oracleGeneral: the same bytes again.
    const auto csv = dir.path() / "cloud.csv.zst";
    write_trace(read_trace(*path), csv, Format::kCsv);
    write_trace(read_trace(csv, options_for(Format::kCsv)), out, Format::kOracleGeneral);
    CHECK(read_file_bytes(out) == original);
  }
}
