#include "memory_model.hpp"

#include <string>

#include "evaluators/config.hpp"
#include "evaluators/domain.hpp"

namespace crucible::evaluators::tiering {
namespace {

// Idle load latency of local DDR4 DRAM (Izraelevitz et al. 2019, random loads).
constexpr double kDramNs = 81;
// A CXL expander: 2x to 5x local DRAM in measurements of three devices (Sun et al. 2023; Liu et
// al. 2024); the preset takes the fast end.
constexpr double kCxlNs = 170;
// Optane DC PMM random loads (Izraelevitz et al. 2019); stores scaled by its read/write bandwidth
// ratio per DIMM, 6.6 / 2.3 GB/s, since under load a store costs the device that much more.
constexpr double kOptaneReadNs = 305;
constexpr double kOptaneWriteNs = 875;

}  // namespace

MemoryModel memory_preset(std::string_view name, std::string_view context) {
  MemoryModel model;
  model.fast_read_ns = kDramNs;
  model.fast_write_ns = kDramNs;
  if (name == "cxl") {
    model.slow_read_ns = kCxlNs;
    model.slow_write_ns = kCxlNs;
  } else if (name == "optane") {
    model.slow_read_ns = kOptaneReadNs;
    model.slow_write_ns = kOptaneWriteNs;
  } else {
    throw ConfigError(std::string(context) + ": unknown memory preset \"" + std::string(name) +
                      "\" (known: cxl, optane)");
  }
  return model;
}

MemoryModel memory_model_from_json(const nlohmann::json& spec, std::string_view context) {
  require_keys(spec, context,
               {"preset", "fast_read_ns", "fast_write_ns", "slow_read_ns", "slow_write_ns",
                "migration_ns", "migration_limit"});
  const std::string preset = get_string(spec, "preset", context).value_or("cxl");
  MemoryModel model = memory_preset(preset, field_path(context, "preset"));
  auto latency = [&](std::string_view key, double& field) {
    if (auto value = get_double(spec, key, context)) {
      if (!(*value > 0)) {
        throw ConfigError(field_path(context, key) + ": expected a latency > 0 ns, got " +
                          nlohmann::json(*value).dump());
      }
      field = *value;
    }
  };
  latency("fast_read_ns", model.fast_read_ns);
  latency("fast_write_ns", model.fast_write_ns);
  latency("slow_read_ns", model.slow_read_ns);
  latency("slow_write_ns", model.slow_write_ns);
  if (auto value = get_double(spec, "migration_ns", context)) {
    if (!(*value >= 0)) {
      throw ConfigError(field_path(context, "migration_ns") + ": expected a cost >= 0 ns, got " +
                        nlohmann::json(*value).dump());
    }
    model.migration_ns = *value;
  }
  if (auto value = get_uint(spec, "migration_limit", context, 1)) model.migration_limit = *value;
  if (model.slow_read_ns < model.fast_read_ns || model.slow_write_ns < model.fast_write_ns) {
    throw ConfigError(std::string(context) +
                      ": the slow tier must be no faster than the fast one (reads " +
                      nlohmann::json(model.fast_read_ns).dump() + " vs " +
                      nlohmann::json(model.slow_read_ns).dump() + " ns, writes " +
                      nlohmann::json(model.fast_write_ns).dump() + " vs " +
                      nlohmann::json(model.slow_write_ns).dump() + " ns)");
  }
  return model;
}

}  // namespace crucible::evaluators::tiering
