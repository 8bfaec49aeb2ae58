// Slicing a trace for search: prefix, fraction and time window, each with its held-out rest.

#include <doctest/doctest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "trace_test_support.hpp"
#include "traces/slice.hpp"

namespace {

using crucible::testing::file_requests;
using crucible::testing::FileRequest;
using crucible::traces::kNoNextRequest;
using crucible::traces::RawRequest;
using crucible::traces::SliceSpec;
using crucible::traces::split_trace;
using crucible::traces::Trace;
using crucible::traces::TraceBuilder;

// Ten requests over ids 1..4 at times 100..109 (file time).
Trace ten_requests() {
  TraceBuilder builder;
  const std::vector<uint64_t> ids = {1, 2, 1, 3, 4, 2, 1, 3, 4, 1};
  for (size_t i = 0; i < ids.size(); ++i) {
    builder.add(RawRequest{ids[i], static_cast<uint32_t>(10 * ids[i]), 100 + i});
  }
  Trace trace = builder.finish();
  trace.name = "T";
  return trace;
}

SliceSpec first(uint64_t count) {
  SliceSpec spec;
  spec.kind = SliceSpec::Kind::kFirst;
  spec.first = count;
  return spec;
}

SliceSpec fraction(double share) {
  SliceSpec spec;
  spec.kind = SliceSpec::Kind::kFraction;
  spec.fraction = share;
  return spec;
}

SliceSpec window(uint64_t start, uint64_t end) {
  SliceSpec spec;
  spec.kind = SliceSpec::Kind::kWindow;
  spec.window_start = start;
  spec.window_end = end;
  return spec;
}

// Dense ids in first-appearance order and next indexes that point at the same object.
void check_rebuilt(const Trace& piece) {
  uint32_t next_new = 0;
  for (size_t i = 0; i < piece.requests.size(); ++i) {
    const auto& request = piece.requests[i];
    CHECK(request.id <= next_new);
    if (request.id == next_new) ++next_new;
    if (request.next != kNoNextRequest) {
      REQUIRE(request.next < piece.requests.size());
      CHECK(request.next > i);
      CHECK(piece.requests[request.next].id == request.id);
    }
  }
  CHECK(next_new == piece.objects());
  CHECK(piece.requests.front().time == 0);
}

std::string split_error(const Trace& trace, const SliceSpec& spec) {
  try {
    (void)split_trace(trace, spec);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  FAIL("the slice was accepted");
  return {};
}

}  // namespace

TEST_SUITE("traces") {
  TEST_CASE("the first N requests are the slice and the rest is held out, each rebuilt") {
    const Trace trace = ten_requests();
    const auto split = split_trace(trace, first(4));
    const auto all = file_requests(trace);
    CHECK(split.slice.name == "T[0:4]");
    CHECK(split.holdout.name == "T[holdout]");
    CHECK(file_requests(split.slice) == std::vector<FileRequest>(all.begin(), all.begin() + 4));
    CHECK(file_requests(split.holdout) == std::vector<FileRequest>(all.begin() + 4, all.end()));
    check_rebuilt(split.slice);
    check_rebuilt(split.holdout);
    // Object 1 is requested at 0 and 2 in the slice; its request at 6 is only in the holdout.
    CHECK(split.slice.requests[2].next == kNoNextRequest);
    CHECK(split.holdout.objects() == 4);
    CHECK(split.holdout.time_origin == 104);
  }

  TEST_CASE("a fraction takes the first floor(fraction * requests) requests") {
    const Trace trace = ten_requests();
    const auto split = split_trace(trace, fraction(0.25));
    CHECK(split.slice.name == "T[0:25%]");
    CHECK(split.slice.requests.size() == 2);
    CHECK(split.holdout.requests.size() == 8);
    CHECK(split_trace(trace, fraction(0.125)).slice.name == "T[0:12.5%]");
    // 0.07 * 100 is 7.000000000000001 in doubles; the name rounds it.
    TraceBuilder builder;
    for (uint64_t i = 0; i < 100; ++i) builder.add(RawRequest{i % 7, 1, i});
    Trace hundred = builder.finish();
    hundred.name = "H";
    const auto seven = split_trace(hundred, fraction(0.07));
    CHECK(seven.slice.name == "H[0:7%]");
    CHECK(seven.slice.requests.size() == 7);
  }

  TEST_CASE("a time window takes the requests from its start up to its end and holds out both sides") {
    const Trace trace = ten_requests();
    const auto split = split_trace(trace, window(3, 6));  // trace times 3, 4, 5
    const auto all = file_requests(trace);
    CHECK(split.slice.name == "T[t=3s:6s]");
    CHECK(file_requests(split.slice) == std::vector<FileRequest>(all.begin() + 3, all.begin() + 6));
    std::vector<FileRequest> rest(all.begin(), all.begin() + 3);
    rest.insert(rest.end(), all.begin() + 6, all.end());
    CHECK(file_requests(split.holdout) == rest);
    check_rebuilt(split.slice);
    check_rebuilt(split.holdout);
  }

  TEST_CASE("empty slices and slices with nothing left to hold out are errors naming the field") {
    const Trace trace = ten_requests();
    CHECK(split_error(trace, first(10)) ==
          "slice.first: 10 takes all of the 10 requests of T, leaving none to hold out");
    CHECK(split_error(trace, first(0)) == "slice.first: must be at least 1, got 0");
    CHECK(split_error(trace, fraction(0.05)) ==
          "slice.fraction: 0.05 of the 10 requests of T is an empty slice");
    CHECK(split_error(trace, fraction(1.0)) == "slice.fraction: must be in (0, 1), got 1.0");
    CHECK(split_error(trace, window(20, 30)) ==
          "slice.window: [20, 30) seconds holds no request of T (its times run from 0 to 9 s)");
    CHECK(split_error(trace, window(0, 10)) ==
          "slice.window: [0, 10) seconds holds every request of T (its times run from 0 to 9 s)");
    CHECK(split_error(trace, window(5, 5)) == "slice.window: start must be below end, got [5, 5]");
  }
}
