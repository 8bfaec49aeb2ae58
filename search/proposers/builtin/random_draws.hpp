// The built-in proposer reads its rng only through these helpers, never through
// std::*_distribution, whose output differs between standard libraries: a seed must give the same
// child everywhere.
#pragma once

#include <cmath>
#include <cstddef>
#include <numbers>
#include <random>
#include <vector>

namespace crucible::search::proposers {

// Uniform in [0, 1), from the top 53 bits.
inline double uniform_unit(std::mt19937_64& rng) {
  return static_cast<double>(rng() >> 11) * 0x1.0p-53;
}

inline double uniform_between(std::mt19937_64& rng, double low, double high) {
  return low + (high - low) * uniform_unit(rng);
}

// Uniform in [0, count) for count > 0; the modulo bias is below 2^-50 for any count used here.
inline std::size_t uniform_index(std::mt19937_64& rng, std::size_t count) {
  return static_cast<std::size_t>(rng() % count);
}

// Standard normal by Box-Muller.
inline double standard_normal(std::mt19937_64& rng) {
  const double radius = std::sqrt(-2.0 * std::log(1.0 - uniform_unit(rng)));
  return radius * std::cos(2.0 * std::numbers::pi * uniform_unit(rng));
}

// One item of a non-empty vector, uniformly.
template <typename T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& items) {
  return items[uniform_index(rng, items.size())];
}

}  // namespace crucible::search::proposers
