// Internal to traces/: random draws that give the same values on every standard library. The
// output of std::mt19937_64 is fixed by the standard, its distributions are not, so the synthetic
// generators draw by hand from the raw 64-bit output.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

namespace crucible::traces::detail {

// A double uniform in [0, 1) from the top 53 bits, the mantissa's width.
inline double uniform_unit(std::mt19937_64& engine) {
  return static_cast<double>(engine() >> 11) * 0x1.0p-53;
}

// An integer uniform in [0, n).
inline uint64_t uniform_below(std::mt19937_64& engine, uint64_t n) {
  return static_cast<uint64_t>(uniform_unit(engine) * static_cast<double>(n));
}

// Inverse-CDF sampling of ranks 0..objects-1 with P(rank k) proportional to (k + 1)^-alpha.
// std::pow need not be correctly rounded, so another C library could move a sample that lands on
// a table boundary.
class ZipfSampler {
 public:
  ZipfSampler(uint64_t objects, double alpha) : cumulative_(objects) {
    double total = 0.0;
    for (uint64_t rank = 0; rank < objects; ++rank) {
      total += 1.0 / std::pow(static_cast<double>(rank + 1), alpha);
      cumulative_[rank] = total;
    }
  }

  uint64_t sample(std::mt19937_64& engine) const {
    const double target = uniform_unit(engine) * cumulative_.back();
    const auto found = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
    // Rounding can leave target equal to the total; that belongs to the last rank.
    const auto rank = static_cast<uint64_t>(found - cumulative_.begin());
    return std::min<uint64_t>(rank, cumulative_.size() - 1);
  }

 private:
  std::vector<double> cumulative_;
};

}  // namespace crucible::traces::detail
