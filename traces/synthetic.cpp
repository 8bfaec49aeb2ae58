// The synthetic workload generator and its validation.
//
// Reproducibility: std::mt19937_64's output sequence is fixed by the standard, but the standard
// distributions are not, so every sample here is drawn by hand from the raw 64-bit output. The
// Zipf table uses std::pow, which the C standard does not require to be correctly rounded; another
// C library could differ in a last bit, which moves only a sample landing on a table boundary. The
// pinned-output test in tests/traces/test_synthetic.cpp would catch that.

#include "synthetic.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "random_draws.hpp"

namespace crucible::traces {
namespace {

constexpr uint64_t kZipfSegmentRequests = 1'000;
// Bounds that keep memory sane: a Request is 16 bytes and the Zipf table 8 bytes per object.
constexpr uint64_t kMaxRequests = 1'000'000'000;
constexpr uint64_t kMaxObjects = 100'000'000;
// Lets 0.7 + 0.3 and similar decimal sums pass despite binary rounding.
constexpr double kFractionSlack = 1e-9;

std::string number_text(double value) {
  std::array<char, 32> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

[[noreturn]] void invalid(std::string_view context, std::string_view field, std::string_view what) {
  std::string message(context);
  if (!message.empty()) message += '.';
  message += field;
  message += ": ";
  message += what;
  throw std::invalid_argument(message);
}

void check_fraction(std::string_view context, std::string_view field, double value) {
  if (!(value >= 0.0 && value <= 1.0)) {
    invalid(context, field, "must be in [0, 1], got " + number_text(value));
  }
}

void check_length(std::string_view context, std::string_view field, uint64_t length,
                  std::string_view fraction_field, double fraction) {
  if (fraction > 0.0 && length == 0) {
    invalid(context, field, "must be positive when " + std::string(fraction_field) + " > 0");
  }
}

using detail::uniform_unit;
using detail::ZipfSampler;

enum class Segment : size_t { kZipf = 0, kScan = 1, kLoop = 2 };
constexpr size_t kSegmentKinds = 3;

// Picks segment kinds with probability proportional to fraction / segment length, which makes
// each fraction the expected share of requests. A kind already ahead of its share by more than one
// segment sits out; without that, a default trace holds only ~20 scans and its scan share swings
// by a third from seed to seed. Some kind is always behind its share, so one is always eligible.
class SegmentChooser {
 public:
  explicit SegmentChooser(const SyntheticSpec& spec)
      : fractions_{std::max(0.0, 1.0 - spec.scan_fraction - spec.loop_fraction), spec.scan_fraction,
                   spec.loop_fraction},
        lengths_{kZipfSegmentRequests, spec.scan_length, spec.loop_length} {}

  [[nodiscard]] Segment choose(std::mt19937_64& engine) const {
    std::array<double, kSegmentKinds> weights{};
    double total = 0.0;
    for (size_t kind = 0; kind < kSegmentKinds; ++kind) {
      if (fractions_[kind] <= 0.0 || !is_eligible(kind)) continue;
      weights[kind] = fractions_[kind] / static_cast<double>(lengths_[kind]);
      total += weights[kind];
    }
    // Drawn even when only one kind is eligible, so the engine advances the same way every step.
    double pick = uniform_unit(engine) * total;
    size_t last = 0;
    for (size_t kind = 0; kind < kSegmentKinds; ++kind) {
      if (weights[kind] == 0.0) continue;
      if (pick < weights[kind]) return static_cast<Segment>(kind);
      pick -= weights[kind];
      last = kind;
    }
    return static_cast<Segment>(last);  // pick rounded up to the total
  }

  void record(Segment segment, uint64_t requests) {
    produced_[static_cast<size_t>(segment)] += requests;
    total_produced_ += requests;
  }

 private:
  [[nodiscard]] bool is_eligible(size_t kind) const {
    const double allowance =
        fractions_[kind] * static_cast<double>(total_produced_ + lengths_[kind]);
    return static_cast<double>(produced_[kind]) <= allowance;
  }

  std::array<double, kSegmentKinds> fractions_;
  std::array<uint64_t, kSegmentKinds> lengths_;
  std::array<uint64_t, kSegmentKinds> produced_{};
  uint64_t total_produced_ = 0;
};

}  // namespace

void validate_synthetic(const SyntheticSpec& spec, std::string_view context) {
  if (spec.requests == 0 || spec.requests > kMaxRequests) {
    invalid(context, "requests", "must be in 1..1000000000, got " + std::to_string(spec.requests));
  }
  if (spec.objects == 0 || spec.objects > kMaxObjects) {
    invalid(context, "objects", "must be in 1..100000000, got " + std::to_string(spec.objects));
  }
  if (!(std::isfinite(spec.zipf_alpha) && spec.zipf_alpha >= 0.0)) {
    invalid(context, "zipf_alpha",
            "must be a finite number >= 0, got " + number_text(spec.zipf_alpha));
  }
  check_fraction(context, "scan_fraction", spec.scan_fraction);
  check_fraction(context, "loop_fraction", spec.loop_fraction);
  if (spec.scan_fraction + spec.loop_fraction > 1.0 + kFractionSlack) {
    invalid(context, "loop_fraction",
            "scan_fraction + loop_fraction must be at most 1, got " +
                number_text(spec.scan_fraction) + " + " + number_text(spec.loop_fraction));
  }
  check_length(context, "scan_length", spec.scan_length, "scan_fraction", spec.scan_fraction);
  check_length(context, "loop_length", spec.loop_length, "loop_fraction", spec.loop_fraction);
  // Scan ids start after the popular and loop ids and grow by at most `requests`.
  if (spec.loop_length > std::numeric_limits<uint64_t>::max() - spec.objects - spec.requests) {
    invalid(context, "loop_length", "is too large: ids would overflow 64 bits");
  }
  if (spec.object_size == 0) invalid(context, "object_size", "must be at least 1, got 0");
}

Trace generate_synthetic(const SyntheticSpec& spec) {
  validate_synthetic(spec);
  const ZipfSampler zipf(spec.objects, spec.zipf_alpha);
  SegmentChooser chooser(spec);
  std::mt19937_64 engine(spec.seed);
  const uint64_t loop_base = spec.objects;
  uint64_t next_scan_id = spec.objects + spec.loop_length;

  TraceBuilder requests(spec.requests);
  const auto push = [&](uint64_t id) { requests.add(RawRequest{id, spec.object_size, 0}); };
  while (requests.size() < spec.requests) {
    const uint64_t before = requests.size();
    const uint64_t remaining = spec.requests - before;
    const Segment segment = chooser.choose(engine);
    switch (segment) {
      case Segment::kZipf:
        for (uint64_t i = 0; i < std::min(kZipfSegmentRequests, remaining); ++i) {
          push(zipf.sample(engine));
        }
        break;
      case Segment::kScan:
        for (uint64_t i = 0; i < std::min(spec.scan_length, remaining); ++i) push(next_scan_id++);
        break;
      case Segment::kLoop:
        for (uint64_t i = 0; i < std::min(spec.loop_length, remaining); ++i) push(loop_base + i);
        break;
    }
    chooser.record(segment, requests.size() - before);
  }
  Trace trace = requests.finish();
  trace.name = "synthetic";
  trace.format = Format::kSynthetic;
  return trace;
}

}  // namespace crucible::traces
