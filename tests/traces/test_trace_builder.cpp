// TraceBuilder: dense ids, next indexes and times, for ids close together (the paged map) and
// spread out (where it hands over to the hash map midway).

#include <doctest/doctest.h>

#include <cstdint>
#include <map>
#include <random>
#include <vector>

#include "traces/trace.hpp"

namespace {

using crucible::traces::kNoNextRequest;
using crucible::traces::RawRequest;
using crucible::traces::Trace;
using crucible::traces::TraceBuilder;

// Checks the built trace against a plain reimplementation over the raw requests.
void check_against_reference(const std::vector<RawRequest>& raw) {
  TraceBuilder builder;
  for (const RawRequest& request : raw) builder.add(request);
  CHECK(builder.size() == raw.size());
  const Trace trace = builder.finish();
  REQUIRE(trace.requests.size() == raw.size());
  std::map<uint64_t, uint32_t> dense;
  std::map<uint64_t, size_t> last_index;
  std::vector<uint32_t> expected_next(raw.size(), kNoNextRequest);
  size_t mismatches = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    const auto [it, is_new] = dense.try_emplace(raw[i].id, static_cast<uint32_t>(dense.size()));
    if (trace.requests[i].id != it->second) ++mismatches;
    if (auto last = last_index.find(raw[i].id); last != last_index.end()) {
      expected_next[last->second] = static_cast<uint32_t>(i);
    }
    last_index[raw[i].id] = i;
  }
  for (size_t i = 0; i < raw.size(); ++i) {
    if (trace.requests[i].next != expected_next[i]) ++mismatches;
    if (trace.object_ids[trace.requests[i].id] != raw[i].id) ++mismatches;
    if (trace.requests[i].time != raw[i].time - raw[0].time) ++mismatches;
  }
  CHECK(mismatches == 0);
  CHECK(trace.objects() == dense.size());
  CHECK(trace.time_origin == raw[0].time);
}

}  // namespace

TEST_SUITE("traces") {
  TEST_CASE("neighbouring block ids get dense ids and next indexes like a plain map would") {
    std::mt19937_64 random(7);
    std::vector<RawRequest> raw;
    for (uint64_t t = 0; raw.size() < 300'000; ++t) {
      const uint64_t start = random() % 2'000'000;
      for (uint64_t block = start; block < start + random() % 64 + 1; ++block) {
        raw.push_back(RawRequest{block, 512, 1000 + t});
      }
    }
    check_against_reference(raw);
  }

  TEST_CASE("ids too spread out for pages move to the hash map midway without losing any") {
    // Hashed-looking ids: every one on its own page, so the pages stop after a few thousand.
    std::mt19937_64 random(11);
    std::vector<uint64_t> ids(20'000);
    for (uint64_t& id : ids) id = random();
    std::vector<RawRequest> raw;
    for (uint64_t i = 0; i < 200'000; ++i) {
      raw.push_back(RawRequest{ids[random() % ids.size()], 1, i});
    }
    check_against_reference(raw);
  }

  TEST_CASE("a builder for a known count fills one buffer and an empty one builds nothing") {
    TraceBuilder builder(3);
    for (uint64_t id : {5, 6, 5}) builder.add(RawRequest{id, 1, 0});
    const Trace trace = builder.finish();
    CHECK(trace.requests.size() == 3);
    CHECK(trace.requests[0].next == 2);
    CHECK(TraceBuilder().finish().requests.empty());
  }
}
