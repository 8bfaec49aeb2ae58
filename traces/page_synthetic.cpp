#include "page_synthetic.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "random_draws.hpp"

namespace crucible::traces {
namespace {

using detail::uniform_below;
using detail::uniform_unit;
using detail::ZipfSampler;

// Fisher-Yates with uniform_below, so the order is the same everywhere.
std::vector<uint64_t> shuffled(uint64_t n, std::mt19937_64& rng) {
  std::vector<uint64_t> order(n);
  std::iota(order.begin(), order.end(), uint64_t{0});
  for (uint64_t i = n; i > 1; --i) std::swap(order[i - 1], order[uniform_below(rng, i)]);
  return order;
}

void check(bool is_ok, const std::string& what) {
  if (!is_ok) throw TraceError("synthetic page trace: " + what);
}

}  // namespace

PageTrace generate_page_trace(const PageSyntheticSpec& spec) {
  check(spec.accesses > 0, "accesses must be at least 1");
  check(spec.pages > 0 && spec.pages < (uint64_t{1} << 31), "pages must be in [1, 2^31)");
  check(spec.write_fraction >= 0 && spec.write_fraction <= 1, "write_fraction must be in [0, 1]");
  check(spec.sample_period >= 1, "sample_period must be at least 1");
  check(spec.page_size > 0 && (spec.page_size & (spec.page_size - 1)) == 0,
        "page_size must be a power of two");
  std::mt19937_64 rng(spec.seed);
  PageTraceBuilder builder(spec.page_size, spec.sample_period);
  auto emit = [&](uint64_t index, uint64_t page) {
    builder.add(index * spec.sample_period, page, uniform_unit(rng) < spec.write_fraction);
  };
  switch (spec.kind) {
    case PageSyntheticSpec::Kind::kGups: {
      check(spec.hot_pages >= 1 && spec.hot_pages <= spec.pages, "hot_pages must be in [1, pages]");
      check(spec.hot_fraction >= 0 && spec.hot_fraction <= 1, "hot_fraction must be in [0, 1]");
      uint64_t hot_start = 0;
      for (uint64_t i = 0; i < spec.accesses; ++i) {
        if (spec.shift_every > 0 && i > 0 && i % spec.shift_every == 0) {
          hot_start = uniform_below(rng, spec.pages);  // the hot set moves to another stretch
        }
        const uint64_t page = uniform_unit(rng) < spec.hot_fraction
                                  ? (hot_start + uniform_below(rng, spec.hot_pages)) % spec.pages
                                  : uniform_below(rng, spec.pages);
        emit(i, page);
      }
      break;
    }
    case PageSyntheticSpec::Kind::kZipf: {
      check(spec.zipf_alpha > 0, "zipf_alpha must be positive");
      const ZipfSampler zipf(spec.pages, spec.zipf_alpha);
      const auto pages = shuffled(spec.pages, rng);
      for (uint64_t i = 0; i < spec.accesses; ++i) emit(i, pages[zipf.sample(rng)]);
      break;
    }
    case PageSyntheticSpec::Kind::kPhases: {
      check(spec.zipf_alpha > 0, "zipf_alpha must be positive");
      check(spec.phases >= 1 && spec.phases <= spec.pages, "phases must be in [1, pages]");
      const uint64_t per_phase = spec.pages / spec.phases;
      const ZipfSampler zipf(per_phase, spec.zipf_alpha);
      const auto pages = shuffled(spec.pages, rng);
      const uint64_t length = (spec.accesses + spec.phases - 1) / spec.phases;
      for (uint64_t i = 0; i < spec.accesses; ++i) {
        const uint64_t phase = i / length;
        emit(i, pages[phase * per_phase + zipf.sample(rng)]);
      }
      break;
    }
  }
  PageTrace trace = builder.finish();
  trace.name = spec.kind == PageSyntheticSpec::Kind::kGups   ? "gups"
               : spec.kind == PageSyntheticSpec::Kind::kZipf ? "zipf-pages"
                                                             : "phases";
  return trace;
}

PageSyntheticSpec parse_page_synthetic(const nlohmann::json& json, const std::string& context) {
  if (!json.is_object()) throw TraceError(context + ": expected an object, got " + json.dump());
  PageSyntheticSpec spec;
  static const char* const kKeys[] = {"kind",        "accesses",     "pages",
                                      "hot_pages",   "hot_fraction", "shift_every",
                                      "zipf_alpha",  "phases",       "write_fraction",
                                      "sample_period", "page_size",  "seed"};
  for (const auto& [key, value] : json.items()) {
    if (std::find(std::begin(kKeys), std::end(kKeys), key) == std::end(kKeys)) {
      throw TraceError(context + "." + key + ": unknown key");
    }
  }
  auto uint_of = [&](const char* key, uint64_t fallback) {
    if (!json.contains(key)) return fallback;
    if (!json[key].is_number_integer() || json[key].get<int64_t>() < 0) {
      throw TraceError(context + "." + key + ": expected a non-negative integer, got " +
                       json[key].dump());
    }
    return json[key].get<uint64_t>();
  };
  auto double_of = [&](const char* key, double fallback) {
    if (!json.contains(key)) return fallback;
    if (!json[key].is_number()) {
      throw TraceError(context + "." + key + ": expected a number, got " + json[key].dump());
    }
    return json[key].get<double>();
  };
  if (json.contains("kind")) {
    const auto& kind = json["kind"];
    if (kind == "gups") {
      spec.kind = PageSyntheticSpec::Kind::kGups;
    } else if (kind == "zipf") {
      spec.kind = PageSyntheticSpec::Kind::kZipf;
    } else if (kind == "phases") {
      spec.kind = PageSyntheticSpec::Kind::kPhases;
    } else {
      throw TraceError(context + ".kind: expected \"gups\", \"zipf\" or \"phases\", got " +
                       kind.dump());
    }
  }
  spec.accesses = uint_of("accesses", spec.accesses);
  spec.pages = uint_of("pages", spec.pages);
  spec.hot_pages = uint_of("hot_pages", spec.hot_pages);
  spec.hot_fraction = double_of("hot_fraction", spec.hot_fraction);
  spec.shift_every = uint_of("shift_every", spec.shift_every);
  spec.zipf_alpha = double_of("zipf_alpha", spec.zipf_alpha);
  spec.phases = uint_of("phases", spec.phases);
  spec.write_fraction = double_of("write_fraction", spec.write_fraction);
  spec.sample_period = uint_of("sample_period", spec.sample_period);
  const uint64_t page_size = uint_of("page_size", spec.page_size);
  if (page_size > UINT32_MAX) throw TraceError(context + ".page_size: too large");
  spec.page_size = static_cast<uint32_t>(page_size);
  spec.seed = uint_of("seed", spec.seed);
  return spec;
}

}  // namespace crucible::traces
