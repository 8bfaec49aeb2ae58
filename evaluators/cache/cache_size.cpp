#include "cache_size.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include "evaluators/domain.hpp"

namespace crucible::evaluators::cache {
namespace {

struct ByteUnit {
  std::string_view suffix;
  double bytes;
};
// Longest first, so "MiB" is not read as "B" after a number "…Mi".
constexpr std::array<ByteUnit, 10> kByteUnits{{
    {"KiB", 1024.0},
    {"MiB", 1024.0 * 1024},
    {"GiB", 1024.0 * 1024 * 1024},
    {"TiB", 1024.0 * 1024 * 1024 * 1024},
    {"KB", 1e3},
    {"MB", 1e6},
    {"GB", 1e9},
    {"TB", 1e12},
    {"kB", 1e3},
    {"B", 1.0},
}};

constexpr std::string_view kHowToWrite =
    "; write an object count (1000), a byte size (64MiB, 512KB, 4096B) or a percentage (1%)";

}  // namespace

CacheSize parse_cache_size(std::string_view text, std::string_view context) {
  auto fail = [&](std::string_view why) -> CacheSize {
    throw ConfigError(std::string(context) + ": cache size \"" + std::string(text) + "\" " +
                      std::string(why));
  };
  CacheSize size;
  std::string_view number = text;
  double scale = 1;
  if (number.ends_with('%')) {
    size.kind = CacheSize::Kind::kPercent;
    number.remove_suffix(1);
  } else {
    for (const ByteUnit& unit : kByteUnits) {
      if (number.size() > unit.suffix.size() && number.ends_with(unit.suffix)) {
        size.kind = CacheSize::Kind::kBytes;
        scale = unit.bytes;
        number.remove_suffix(unit.suffix.size());
        break;
      }
    }
  }
  if (number.empty()) return fail(std::string("is empty") + std::string(kHowToWrite));
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), size.value);
  if (error != std::errc() || end != number.data() + number.size() || !std::isfinite(size.value)) {
    return fail(std::string("is not a number with a known unit") + std::string(kHowToWrite));
  }
  if (size.value <= 0) return fail("must be greater than 0");
  if (size.kind == CacheSize::Kind::kPercent && size.value > 100) {
    return fail("is more than 100% of the working set");
  }
  size.value *= scale;
  if (size.kind != CacheSize::Kind::kPercent && size.value != std::floor(size.value)) {
    return fail(size.kind == CacheSize::Kind::kBytes ? "is not a whole number of bytes"
                                                     : "must be a whole number");
  }
  size.label = std::string(text);
  return size;
}

CapacityUnit parse_capacity_unit(std::string_view text, std::string_view context) {
  if (text == "objects") return CapacityUnit::kObjects;
  if (text == "bytes") return CapacityUnit::kBytes;
  throw ConfigError(std::string(context) + ": unknown capacity unit \"" + std::string(text) +
                    "\" (known: objects, bytes)");
}

std::string_view capacity_unit_name(CapacityUnit unit) {
  return unit == CapacityUnit::kBytes ? "bytes" : "objects";
}

ResolvedCapacity resolve_capacity(const CacheSize& size, CapacityUnit unit, uint64_t objects,
                                  uint64_t footprint_bytes, std::string_view trace) {
  const bool is_bytes = size.kind == CacheSize::Kind::kBytes || unit == CapacityUnit::kBytes;
  if (size.kind != CacheSize::Kind::kPercent) {
    return {static_cast<uint64_t>(size.value), is_bytes};
  }
  const uint64_t whole = is_bytes ? footprint_bytes : objects;
  auto capacity = static_cast<uint64_t>(std::floor(size.value / 100.0 * static_cast<double>(whole)));
  if (capacity == 0) {
    throw ConfigError("cache size " + size.label + " of trace " + std::string(trace) + " (" +
                      std::to_string(whole) + (is_bytes ? " bytes" : " objects") +
                      ") is 0; use a larger size");
  }
  return {capacity, is_bytes};
}

}  // namespace crucible::evaluators::cache
