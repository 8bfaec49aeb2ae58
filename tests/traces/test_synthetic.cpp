// The synthetic workload generator: determinism, shape, validation and strict JSON.

#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "traces/synthetic.hpp"

namespace {

using crucible::traces::Format;
using crucible::traces::generate_synthetic;
using crucible::traces::Request;
using crucible::traces::synthetic_from_json;
using crucible::traces::synthetic_to_json;
using crucible::traces::SyntheticSpec;
using crucible::traces::Trace;
using crucible::traces::validate_synthetic;

std::vector<uint64_t> ids_of(const Trace& trace) {
  std::vector<uint64_t> ids;
  ids.reserve(trace.requests.size());
  for (const Request& request : trace.requests) ids.push_back(trace.object_ids[request.id]);
  return ids;
}

// FNV-1a over the ids, to pin a whole trace in one number.
uint64_t fingerprint(const Trace& trace) {
  uint64_t hash = 0xcbf29ce484222325ULL;
  for (const Request& request : trace.requests) {
    for (int shift = 0; shift < 64; shift += 8) {
      hash ^= (trace.object_ids[request.id] >> shift) & 0xff;
      hash *= 0x100000001b3ULL;
    }
  }
  return hash;
}

SyntheticSpec small_spec() {
  SyntheticSpec spec;
  spec.requests = 20'000;
  spec.objects = 500;
  spec.scan_length = 300;
  spec.loop_length = 200;
  return spec;
}

std::string invalid_message(const SyntheticSpec& spec) {
  try {
    (void)generate_synthetic(spec);
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  FAIL("the spec was accepted");
  return {};
}

std::string json_error(const nlohmann::json& json) {
  try {
    (void)synthetic_from_json(json, "workload.traces[0].synthetic");
  } catch (const std::invalid_argument& error) {
    return error.what();
  }
  FAIL("the JSON was accepted: " << json.dump());
  return {};
}

}  // namespace

TEST_SUITE("traces") {
  TEST_CASE("the same synthetic spec yields the same trace") {
    const Trace first = generate_synthetic(small_spec());
    const Trace second = generate_synthetic(small_spec());
    CHECK(ids_of(first) == ids_of(second));
    CHECK(first.name == "synthetic");
    CHECK(first.format == Format::kSynthetic);
    CHECK(first.path.empty());
  }

  TEST_CASE("a different seed yields a different synthetic trace") {
    SyntheticSpec other = small_spec();
    other.seed = 2;
    CHECK(ids_of(generate_synthetic(small_spec())) != ids_of(generate_synthetic(other)));
  }

  // Experiments quote results on synthetic traces by spec alone, so the generator's output is part
  // of its contract: this value changes only when that contract is knowingly broken.
  TEST_CASE("the synthetic generator's output is pinned for a fixed spec") {
    CHECK(fingerprint(generate_synthetic(small_spec())) == 2277596423504514538ULL);
  }

  TEST_CASE("a synthetic trace has exactly the requested length and the given size") {
    SyntheticSpec spec = small_spec();
    spec.requests = 12'345;  // not a multiple of any segment length
    spec.object_size = 4096;
    const Trace trace = generate_synthetic(spec);
    REQUIRE(trace.requests.size() == 12'345);
    for (const Request& request : trace.requests) REQUIRE(request.size == 4096);
    spec.requests = 1;
    CHECK(generate_synthetic(spec).requests.size() == 1);
  }

  TEST_CASE("scans use fresh ids once each and loops replay the same ids in order") {
    const SyntheticSpec spec = small_spec();
    const Trace trace = generate_synthetic(spec);
    const uint64_t loop_base = spec.objects;
    const uint64_t scan_base = spec.objects + spec.loop_length;
    uint64_t next_scan_id = scan_base;
    uint64_t previous = UINT64_MAX;
    uint64_t loop_passes = 0;
    size_t scan_requests = 0;
    for (const Request& request : trace.requests) {
      const uint64_t id = trace.object_ids[request.id];
      if (id >= scan_base) {
        REQUIRE(id == next_scan_id++);  // fresh, in order, so each appears once
        ++scan_requests;
      } else if (id >= loop_base) {
        if (id == loop_base) {
          ++loop_passes;
        } else {
          REQUIRE(previous == id - 1);
        }
      }
      previous = id;
    }
    CHECK(scan_requests > 0);
    CHECK(loop_passes > 1);
  }

  TEST_CASE("the fractions are the shares of requests, within sampling noise") {
    SyntheticSpec spec;
    spec.requests = 1'000'000;
    spec.objects = 1'000;
    spec.zipf_alpha = 1.0;
    spec.scan_fraction = 0.25;
    spec.scan_length = 100;
    spec.loop_fraction = 0.15;
    spec.loop_length = 100;
    const Trace trace = generate_synthetic(spec);
    double popular = 0;
    double loop = 0;
    double scan = 0;
    double rank_zero = 0;
    for (const Request& request : trace.requests) {
      if (trace.object_ids[request.id] == 0) ++rank_zero;
      if (trace.object_ids[request.id] < spec.objects) {
        ++popular;
      } else if (trace.object_ids[request.id] < spec.objects + spec.loop_length) {
        ++loop;
      } else {
        ++scan;
      }
    }
    const auto total = static_cast<double>(spec.requests);
    CHECK(scan / total == doctest::Approx(0.25).epsilon(0.02));
    CHECK(loop / total == doctest::Approx(0.15).epsilon(0.02));
    CHECK(popular / total == doctest::Approx(0.60).epsilon(0.02));
    // Zipf with alpha 1 over 1,000 objects: rank 0 takes 1 / H(1000) = 13.36% of popular requests.
    CHECK(rank_zero / popular == doctest::Approx(0.1336).epsilon(0.05));
  }

  // Shares are held within a few segments of their targets, so even a default trace with only ~20
  // scans does not drift with the seed.
  TEST_CASE("every seed keeps each share within a few segments of its fraction") {
    for (uint64_t seed = 1; seed <= 10; ++seed) {
      CAPTURE(seed);
      SyntheticSpec spec;
      spec.seed = seed;
      const Trace trace = generate_synthetic(spec);
      int64_t loop = 0;
      int64_t scan = 0;
      for (const Request& request : trace.requests) {
        if (trace.object_ids[request.id] >= spec.objects + spec.loop_length) {
          ++scan;
        } else if (trace.object_ids[request.id] >= spec.objects) {
          ++loop;
        }
      }
      const auto requests = static_cast<double>(spec.requests);
      const auto slack = 2.0 * static_cast<double>(1'000 + spec.scan_length + spec.loop_length);
      CHECK(std::abs(static_cast<double>(scan) - spec.scan_fraction * requests) <= slack);
      CHECK(std::abs(static_cast<double>(loop) - spec.loop_fraction * requests) <= slack);
    }
  }

  TEST_CASE("with no scans or loops every id comes from the popular population") {
    SyntheticSpec spec = small_spec();
    spec.scan_fraction = 0.0;
    spec.loop_fraction = 0.0;
    spec.scan_length = 0;  // lengths are ignored when their fraction is 0
    spec.loop_length = 0;
    const Trace trace = generate_synthetic(spec);
    std::map<uint64_t, int> counts;
    for (const Request& request : trace.requests) {
      REQUIRE(trace.object_ids[request.id] < spec.objects);
      ++counts[trace.object_ids[request.id]];
    }
    CHECK(counts[0] > counts[1]);
    CHECK(counts[1] > counts[spec.objects - 1]);
  }

  TEST_CASE("out-of-range synthetic fields are rejected with the field named") {
    struct Case {
      void (*mutate)(SyntheticSpec&);
      std::string message;
    };
    const std::vector<Case> cases = {
        {[](SyntheticSpec& s) { s.requests = 0; },
         "synthetic.requests: must be in 1..1000000000, got 0"},
        {[](SyntheticSpec& s) { s.objects = 0; },
         "synthetic.objects: must be in 1..100000000, got 0"},
        {[](SyntheticSpec& s) { s.zipf_alpha = -0.5; },
         "synthetic.zipf_alpha: must be a finite number >= 0, got -0.5"},
        {[](SyntheticSpec& s) { s.zipf_alpha = NAN; },
         "synthetic.zipf_alpha: must be a finite number >= 0, got nan"},
        {[](SyntheticSpec& s) { s.scan_fraction = 1.5; },
         "synthetic.scan_fraction: must be in [0, 1], got 1.5"},
        {[](SyntheticSpec& s) { s.loop_fraction = -0.1; },
         "synthetic.loop_fraction: must be in [0, 1], got -0.1"},
        {[](SyntheticSpec& s) { s.scan_fraction = 0.7, s.loop_fraction = 0.5; },
         "synthetic.loop_fraction: scan_fraction + loop_fraction must be at most 1, got 0.7 + "
         "0.5"},
        {[](SyntheticSpec& s) { s.scan_length = 0; },
         "synthetic.scan_length: must be positive when scan_fraction > 0"},
        {[](SyntheticSpec& s) { s.loop_length = 0; },
         "synthetic.loop_length: must be positive when loop_fraction > 0"},
        {[](SyntheticSpec& s) { s.object_size = 0; },
         "synthetic.object_size: must be at least 1, got 0"},
        {[](SyntheticSpec& s) { s.loop_length = UINT64_MAX - 5; },
         "synthetic.loop_length: is too large: ids would overflow 64 bits"},
    };
    for (const Case& bad : cases) {
      SyntheticSpec spec = small_spec();
      bad.mutate(spec);
      CHECK(invalid_message(spec) == bad.message);
    }
    // The boundaries themselves are valid.
    SyntheticSpec edge = small_spec();
    edge.scan_fraction = 0.7;
    edge.loop_fraction = 0.3;
    edge.zipf_alpha = 0.0;
    CHECK_NOTHROW(validate_synthetic(edge));
    CHECK(generate_synthetic(edge).requests.size() == edge.requests);
  }

  TEST_CASE("a synthetic spec round-trips through JSON") {
    SyntheticSpec spec;
    spec.requests = 1'234;
    spec.objects = 56;
    spec.zipf_alpha = 1.25;
    spec.scan_fraction = 0.3;
    spec.scan_length = 78;
    spec.loop_fraction = 0.05;
    spec.loop_length = 9;
    spec.object_size = 4'096;
    spec.seed = 0xfeedfacecafebeefULL;
    const nlohmann::json json = synthetic_to_json(spec);
    CHECK(json.size() == 9);
    const SyntheticSpec back = synthetic_from_json(nlohmann::json::parse(json.dump()), "spec");
    CHECK(back.requests == spec.requests);
    CHECK(back.objects == spec.objects);
    CHECK(back.zipf_alpha == spec.zipf_alpha);
    CHECK(back.scan_fraction == spec.scan_fraction);
    CHECK(back.scan_length == spec.scan_length);
    CHECK(back.loop_fraction == spec.loop_fraction);
    CHECK(back.loop_length == spec.loop_length);
    CHECK(back.object_size == spec.object_size);
    CHECK(back.seed == spec.seed);
  }

  TEST_CASE("absent JSON keys keep the defaults and integers may be written in code") {
    const SyntheticSpec spec = synthetic_from_json(nlohmann::json{{"requests", 500}}, "spec");
    CHECK(spec.requests == 500);
    CHECK(spec.objects == SyntheticSpec{}.objects);
    CHECK(spec.zipf_alpha == SyntheticSpec{}.zipf_alpha);
    // An integer is a valid number for a fractional field.
    CHECK(synthetic_from_json(nlohmann::json{{"zipf_alpha", 1}}, "spec").zipf_alpha == 1.0);
  }

  TEST_CASE("an unknown key in a synthetic spec is rejected with the known keys listed") {
    CHECK(json_error(nlohmann::json::parse(R"({"requests": 10, "zipf": 0.9})")) ==
          "workload.traces[0].synthetic.zipf: unknown key (known: requests, objects, zipf_alpha, "
          "scan_fraction, scan_length, loop_fraction, loop_length, object_size, seed)");
  }

  TEST_CASE("a wrongly typed synthetic value names the key and the expected type") {
    const std::string prefix = "workload.traces[0].synthetic.";
    CHECK(json_error(nlohmann::json::parse(R"({"requests": "1000"})")) ==
          prefix + "requests: expected a non-negative integer, got \"1000\"");
    CHECK(json_error(nlohmann::json::parse(R"({"objects": -3})")) ==
          prefix + "objects: expected a non-negative integer, got -3");
    CHECK(json_error(nlohmann::json::parse(R"({"seed": 1.5})")) ==
          prefix + "seed: expected a non-negative integer, got 1.5");
    CHECK(json_error(nlohmann::json::parse(R"({"zipf_alpha": true})")) ==
          prefix + "zipf_alpha: expected a number, got true");
    CHECK(json_error(nlohmann::json::parse(R"({"object_size": 4294967296})")) ==
          prefix + "object_size: must be at most 4294967295, got 4294967296");
    CHECK(json_error(nlohmann::json::parse("[1, 2]")) ==
          "workload.traces[0].synthetic: expected an object, got [1,2]");
  }

  TEST_CASE("range errors from a JSON spec name the context and the key") {
    CHECK(json_error(nlohmann::json::parse(R"({"zipf_alpha": -1})")) ==
          "workload.traces[0].synthetic.zipf_alpha: must be a finite number >= 0, got -1");
    CHECK(json_error(nlohmann::json::parse(R"({"scan_fraction": 0.5, "loop_fraction": 0.6})")) ==
          "workload.traces[0].synthetic.loop_fraction: scan_fraction + loop_fraction must be at "
          "most 1, got 0.5 + 0.6");
  }
}
