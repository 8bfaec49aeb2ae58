#include "cache_size.hpp"

#include <charconv>
#include <cmath>

#include "evaluators/domain.hpp"

namespace crucible::evaluators::cache {

CacheSize parse_cache_size(std::string_view text, std::string_view context) {
  auto fail = [&](std::string_view why) -> CacheSize {
    throw ConfigError(std::string(context) + ": cache size \"" + std::string(text) + "\" " +
                      std::string(why));
  };
  CacheSize size;
  std::string_view number = text;
  if (number.ends_with('%')) {
    size.is_percent = true;
    number.remove_suffix(1);
  }
  if (number.empty()) return fail("is empty; write an object count (1000) or a percentage (1%)");
  auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), size.value);
  if (error != std::errc() || end != number.data() + number.size() || !std::isfinite(size.value)) {
    return fail("is not a number; write an object count (1000) or a percentage (1%)");
  }
  if (size.value <= 0) return fail("must be greater than 0");
  if (size.is_percent && size.value > 100) return fail("is more than 100% of the objects");
  if (!size.is_percent && size.value != std::floor(size.value)) {
    return fail("must be a whole number of objects");
  }
  size.label = std::string(text);
  return size;
}

uint64_t resolve_capacity(const CacheSize& size, uint64_t unique_objects, std::string_view trace) {
  if (!size.is_percent) return static_cast<uint64_t>(size.value);
  auto objects = static_cast<uint64_t>(std::floor(size.value / 100.0 * static_cast<double>(unique_objects)));
  if (objects == 0) {
    throw ConfigError("cache size " + size.label + " of trace " + std::string(trace) + " (" +
                      std::to_string(unique_objects) + " objects) is 0 objects; use a larger size");
  }
  return objects;
}

}  // namespace crucible::evaluators::cache
