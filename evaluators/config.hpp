// Strict reading of JSON configuration: every unknown key and wrong type is an error that names
// the full path of the field, for example `search.population: expected an integer >= 1, got "x"`.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace crucible::evaluators {

// "a.b" joined to "c" -> "a.b.c"; an empty context gives just "c".
std::string field_path(std::string_view context, std::string_view key);

// Throws ConfigError when `value` is not an object or holds a key outside `known`.
void require_keys(const nlohmann::json& value, std::string_view context,
                  std::initializer_list<std::string_view> known);

// Typed getters: nullopt when the key is absent, ConfigError when present with a wrong type or
// out of range.
std::optional<uint64_t> get_uint(const nlohmann::json& object, std::string_view key,
                                 std::string_view context, uint64_t min = 0);
std::optional<double> get_double(const nlohmann::json& object, std::string_view key,
                                 std::string_view context);
std::optional<std::string> get_string(const nlohmann::json& object, std::string_view key,
                                      std::string_view context);

}  // namespace crucible::evaluators
