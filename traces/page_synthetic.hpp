// Synthetic page-access traces with known structure, for tests and for trying tiering policies
// before a real program is captured. Deterministic for a given spec (std::mt19937_64 and
// distributions implemented here, so every standard library gives the same trace).
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

#include "page_trace.hpp"

namespace crucible::traces {

struct PageSyntheticSpec {
  enum class Kind {
    kGups,    // uniform updates over a hot set that moves: `hot_fraction` of the accesses go to
              // `hot_pages` pages, which shift to other pages every `shift_every` accesses
    kZipf,    // page popularity Zipf(`zipf_alpha`) over `pages`, ranks shuffled over the pages
    kPhases,  // `phases` equal phases, each a Zipf over its own disjoint part of the pages
  } kind = Kind::kGups;
  uint64_t accesses = 1'000'000;
  uint64_t pages = 65'536;
  uint64_t hot_pages = 4'096;     // kGups
  double hot_fraction = 0.9;      // kGups
  uint64_t shift_every = 250'000; // kGups: 0 keeps the hot set still
  double zipf_alpha = 0.9;        // kZipf, kPhases
  uint64_t phases = 4;            // kPhases
  double write_fraction = 0.3;    // share of accesses that are stores
  uint64_t sample_period = 1;     // recorded in the trace; times advance by it
  uint32_t page_size = 4096;
  uint64_t seed = 1;
};

// Throws TraceError naming the field for a spec that makes no sense (no pages, a hot set larger
// than the pages, a fraction outside [0, 1], ...).
PageTrace generate_page_trace(const PageSyntheticSpec& spec);

// {"kind": "gups"|"zipf"|"phases", "accesses", "pages", ...} with the fields above; unknown keys
// are errors naming `context`.
PageSyntheticSpec parse_page_synthetic(const nlohmann::json& json, const std::string& context);

}  // namespace crucible::traces
