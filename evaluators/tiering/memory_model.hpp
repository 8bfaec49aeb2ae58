// The memory a tiering workload models, from the workload's "memory" object: a preset named
// after the hardware pairing, with any field overridden.
//   {"preset": "cxl" | "optane", "fast_read_ns", "fast_write_ns", "slow_read_ns",
//    "slow_write_ns", "migration_ns", "migration_limit"}
// The presets' figures and their sources are in docs/domains/tiering.md.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "simulation.hpp"

namespace crucible::evaluators::tiering {

// "cxl": local DRAM and a CXL memory expander at about twice its latency; "optane": local DRAM
// and Optane DC persistent memory, whose stores cost more than its loads. Both move a page for
// 2 us and at most 256 pages after an epoch. Throws ConfigError naming the known presets.
MemoryModel memory_preset(std::string_view name, std::string_view context);

// Every key is optional ("cxl" by default). Latencies must be positive with the slow tier no
// faster than the fast one; throws ConfigError naming `context`.field.
MemoryModel memory_model_from_json(const nlohmann::json& spec, std::string_view context);

}  // namespace crucible::evaluators::tiering
