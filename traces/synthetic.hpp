// A deterministic synthetic cache workload: Zipf-popular objects interleaved with sequential scans
// and loops, so that no single classic policy is best on it.
#pragma once

#include <cstdint>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "trace.hpp"

namespace crucible::traces {

struct SyntheticSpec {
  uint64_t requests = 200'000;     // total requests, at most 1e9
  uint64_t objects = 20'000;       // size of the Zipf-popular object population, at most 1e8
  double zipf_alpha = 0.8;         // Zipf exponent of the popular population
  double scan_fraction = 0.2;      // share of requests that belong to one-pass sequential scans
  uint64_t scan_length = 2'000;    // objects per scan; every scan touches fresh objects
  double loop_fraction = 0.1;      // share of requests that belong to repeated loops
  uint64_t loop_length = 3'000;    // objects in the loop working set, replayed in order
  uint32_t object_size = 1;        // size given to every object
  uint64_t seed = 1;               // generator seed: the same spec yields the same trace
};

// Throws std::invalid_argument naming `context` + the field for out-of-range values:
// requests and objects must be positive, zipf_alpha finite and >= 0, each fraction in [0, 1] with
// scan_fraction + loop_fraction <= 1, a length positive when its fraction is, object_size >= 1.
void validate_synthetic(const SyntheticSpec& spec, std::string_view context = "synthetic");

// Ids never overlap between kinds: popular objects are 0..objects-1 (by decreasing popularity),
// the loop set follows them, and scans take fresh ids above both. The stream is a sequence of
// segments chosen at random so that each fraction is the expected share of requests: 1,000 Zipf
// requests, one scan of scan_length new ids, or one in-order pass over the loop set. The last
// segment is cut so the trace holds exactly `requests` requests. Trace::name is "synthetic".
// Validates first (see validate_synthetic).
Trace generate_synthetic(const SyntheticSpec& spec);

// Reads a spec from JSON; unknown keys and wrong types throw std::invalid_argument naming
// `context` + the key (for example "workload.traces[0].synthetic.zipf_alpha").
// Absent keys keep SyntheticSpec's defaults; the result is validated with the same context.
SyntheticSpec synthetic_from_json(const nlohmann::json& json, std::string_view context);
nlohmann::json synthetic_to_json(const SyntheticSpec& spec);

}  // namespace crucible::traces
