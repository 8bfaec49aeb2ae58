#include "config.hpp"

#include "domain.hpp"

namespace crucible::evaluators {
namespace {

[[noreturn]] void type_error(const nlohmann::json& value, std::string_view context,
                             std::string_view key, std::string_view expected) {
  throw ConfigError(field_path(context, key) + ": expected " + std::string(expected) + ", got " +
                    value.dump());
}

}  // namespace

std::string field_path(std::string_view context, std::string_view key) {
  if (context.empty()) return std::string(key);
  return std::string(context) + "." + std::string(key);
}

void require_keys(const nlohmann::json& value, std::string_view context,
                  std::initializer_list<std::string_view> known) {
  if (!value.is_object()) {
    throw ConfigError(std::string(context.empty() ? "configuration" : context) +
                      ": expected an object, got " + value.dump());
  }
  for (const auto& [key, ignored] : value.items()) {
    bool is_known = false;
    for (auto name : known) is_known = is_known || name == key;
    if (is_known) continue;
    std::string list;
    for (auto name : known) list += (list.empty() ? "" : ", ") + std::string(name);
    throw ConfigError(field_path(context, key) + ": unknown key (known: " + list + ")");
  }
}

std::optional<uint64_t> get_uint(const nlohmann::json& object, std::string_view key,
                                 std::string_view context, uint64_t min) {
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  std::string expected = "an integer >= " + std::to_string(min);
  if (it->is_number_unsigned()) {
    auto value = it->get<uint64_t>();
    if (value >= min) return value;
  } else if (it->is_number_integer() && it->get<int64_t>() >= 0) {
    auto value = static_cast<uint64_t>(it->get<int64_t>());
    if (value >= min) return value;
  }
  type_error(*it, context, key, expected);
}

std::optional<double> get_double(const nlohmann::json& object, std::string_view key,
                                 std::string_view context) {
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (!it->is_number()) type_error(*it, context, key, "a number");
  return it->get<double>();
}

std::optional<std::string> get_string(const nlohmann::json& object, std::string_view key,
                                      std::string_view context) {
  auto it = object.find(key);
  if (it == object.end()) return std::nullopt;
  if (!it->is_string()) type_error(*it, context, key, "a string");
  return it->get<std::string>();
}

}  // namespace crucible::evaluators
