// SyntheticSpec <-> JSON, strict about keys and types so that a typo in a config is an error.

#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "json_text.hpp"
#include "synthetic.hpp"

namespace crucible::traces {
namespace {

constexpr std::string_view kKnownKeys =
    "requests, objects, zipf_alpha, scan_fraction, scan_length, loop_fraction, loop_length, "
    "object_size, seed";

using detail::key_path;
using detail::value_text;

[[noreturn]] void wrong_type(std::string_view context, std::string_view key,
                             std::string_view expected, const nlohmann::json& value) {
  throw std::invalid_argument(key_path(context, key) + ": expected " + std::string(expected) +
                              ", got " + value_text(value));
}

uint64_t read_unsigned(const nlohmann::json& value, std::string_view context, std::string_view key,
                       uint64_t max = std::numeric_limits<uint64_t>::max()) {
  constexpr std::string_view kExpected = "a non-negative integer";
  uint64_t result = 0;
  if (value.is_number_unsigned()) {
    result = value.get<uint64_t>();
  } else if (value.is_number_integer() && value.get<int64_t>() >= 0) {
    // Values built in code (json{{"requests", 5}}) are signed even when non-negative.
    result = static_cast<uint64_t>(value.get<int64_t>());
  } else {
    wrong_type(context, key, kExpected, value);
  }
  if (result > max) {
    throw std::invalid_argument(key_path(context, key) + ": must be at most " +
                                std::to_string(max) + ", got " + std::to_string(result));
  }
  return result;
}

double read_number(const nlohmann::json& value, std::string_view context, std::string_view key) {
  if (!value.is_number()) wrong_type(context, key, "a number", value);
  return value.get<double>();
}

}  // namespace

SyntheticSpec synthetic_from_json(const nlohmann::json& json, std::string_view context) {
  if (!json.is_object()) {
    throw std::invalid_argument(std::string(context.empty() ? "synthetic" : context) +
                                ": expected an object, got " + value_text(json));
  }
  SyntheticSpec spec;
  for (const auto& [key, value] : json.items()) {
    if (key == "requests") {
      spec.requests = read_unsigned(value, context, key);
    } else if (key == "objects") {
      spec.objects = read_unsigned(value, context, key);
    } else if (key == "zipf_alpha") {
      spec.zipf_alpha = read_number(value, context, key);
    } else if (key == "scan_fraction") {
      spec.scan_fraction = read_number(value, context, key);
    } else if (key == "scan_length") {
      spec.scan_length = read_unsigned(value, context, key);
    } else if (key == "loop_fraction") {
      spec.loop_fraction = read_number(value, context, key);
    } else if (key == "loop_length") {
      spec.loop_length = read_unsigned(value, context, key);
    } else if (key == "object_size") {
      spec.object_size = static_cast<uint32_t>(
          read_unsigned(value, context, key, std::numeric_limits<uint32_t>::max()));
    } else if (key == "seed") {
      spec.seed = read_unsigned(value, context, key);
    } else {
      throw std::invalid_argument(key_path(context, key) +
                                  ": unknown key (known: " + std::string(kKnownKeys) + ")");
    }
  }
  validate_synthetic(spec, context);
  return spec;
}

nlohmann::json synthetic_to_json(const SyntheticSpec& spec) {
  return nlohmann::json{
      {"requests", spec.requests},
      {"objects", spec.objects},
      {"zipf_alpha", spec.zipf_alpha},
      {"scan_fraction", spec.scan_fraction},
      {"scan_length", spec.scan_length},
      {"loop_fraction", spec.loop_fraction},
      {"loop_length", spec.loop_length},
      {"object_size", spec.object_size},
      {"seed", spec.seed},
  };
}

}  // namespace crucible::traces
