#include "workload.hpp"

#include <tbb/parallel_for.h>

#include <string>

#include "baselines/baselines.hpp"
#include "cache_size.hpp"
#include "evaluators/config.hpp"
#include "rank_mechanism.hpp"
#include "traces/synthetic.hpp"

namespace crucible::evaluators::cache {
namespace {

traces::Trace load_trace(const nlohmann::json& entry, const std::string& context,
                         const std::filesystem::path& base_dir) {
  require_keys(entry, context, {"path", "format", "synthetic"});
  bool has_path = entry.contains("path");
  if (has_path == entry.contains("synthetic")) {
    throw ConfigError(context + ": give exactly one of \"path\" or \"synthetic\"");
  }
  if (!has_path) {
    if (entry.contains("format")) throw ConfigError(context + ".format: only for \"path\" traces");
    try {
      return traces::generate_synthetic(
          traces::synthetic_from_json(entry["synthetic"], context + ".synthetic"));
    } catch (const std::invalid_argument& error) {
      throw ConfigError(error.what());
    }
  }
  std::filesystem::path path = *get_string(entry, "path", context);
  if (path.is_relative()) path = base_dir / path;
  std::optional<traces::Format> format;
  if (auto name = get_string(entry, "format", context)) {
    try {
      format = traces::parse_format(*name);
    } catch (const traces::TraceError& error) {
      throw ConfigError(context + ".format: " + error.what());
    }
  }
  return traces::read_trace(path, format);
}

std::vector<CacheSize> load_sizes(const nlohmann::json& spec) {
  auto it = spec.find("sizes");
  if (it == spec.end() || !it->is_array() || it->empty()) {
    throw ConfigError("workload.sizes: expected a non-empty list of cache sizes like [\"1%\", 1000]");
  }
  std::vector<CacheSize> sizes;
  for (size_t i = 0; i < it->size(); ++i) {
    const auto& value = (*it)[i];
    std::string context = "workload.sizes[" + std::to_string(i) + "]";
    if (value.is_string()) {
      sizes.push_back(parse_cache_size(value.get<std::string>(), context));
    } else if (value.is_number()) {
      sizes.push_back(parse_cache_size(value.dump(), context));
    } else {
      throw ConfigError(context + ": expected a number or a string like \"1%\", got " + value.dump());
    }
  }
  return sizes;
}

}  // namespace

std::unique_ptr<CacheWorkload> CacheWorkload::load(const nlohmann::json& spec,
                                                   const std::filesystem::path& base_dir) {
  require_keys(spec, "workload", {"traces", "sizes"});
  auto workload = std::make_unique<CacheWorkload>();
  auto list = spec.find("traces");
  if (list == spec.end() || !list->is_array() || list->empty()) {
    throw ConfigError("workload.traces: expected a non-empty list of traces");
  }
  for (size_t i = 0; i < list->size(); ++i) {
    std::string context = "workload.traces[" + std::to_string(i) + "]";
    workload->traces_.push_back(load_trace((*list)[i], context, base_dir));
    for (size_t j = 0; j + 1 < workload->traces_.size(); ++j) {
      if (workload->traces_[j].name == workload->traces_.back().name) {
        throw ConfigError(context + ": a second trace named \"" + workload->traces_.back().name +
                          "\"; trace names must be unique within a workload");
      }
    }
  }
  auto sizes = load_sizes(spec);
  for (size_t t = 0; t < workload->traces_.size(); ++t) {
    const auto& trace = workload->traces_[t];
    if (trace.requests.empty()) throw ConfigError("trace " + trace.name + " has no requests");
    uint64_t unique = trace.objects();
    for (const auto& size : sizes) {
      uint64_t capacity = resolve_capacity(size, unique, trace.name);
      workload->cells_.push_back({t, capacity});
      std::string setting = size.is_percent ? size.label + " (" + std::to_string(capacity) + ")"
                                            : size.label;
      workload->infos_.push_back({trace.name + "@" + size.label, trace.name, setting});
    }
  }
  return workload;
}

CacheConfig CacheWorkload::config_of(const CacheInstance& cell) const {
  return {cell.capacity, false, traces_[cell.trace].objects(), 0};
}

InstanceMetrics CacheWorkload::to_metrics(size_t instance, const CacheResult& result) const {
  return {infos_[instance].key, result.miss_ratio(),
          {{"requests", result.requests},
           {"hits", result.hits},
           {"misses", result.misses()},
           {"capacity", result.capacity},
           {"miss_ratio", result.miss_ratio()},
           {"byte_miss_ratio", result.byte_miss_ratio()}}};
}

std::vector<InstanceMetrics> CacheWorkload::evaluate_candidate(void* entry) const {
  auto priority = reinterpret_cast<PriorityFunction>(entry);
  std::vector<InstanceMetrics> metrics;
  for (size_t i = 0; i < cells_.size(); ++i) {
    const auto& cell = cells_[i];
    metrics.push_back(
        to_metrics(i, simulate_rank(traces_[cell.trace].requests, config_of(cell), priority)));
  }
  return metrics;
}

std::vector<InstanceMetrics> CacheWorkload::evaluate_baseline(std::string_view name) const {
  const Baseline* baseline = find_baseline(name);
  if (baseline == nullptr) {
    std::string known;
    for (const auto& b : all_baselines()) known += (known.empty() ? "" : ", ") + std::string(b.name);
    throw ConfigError("unknown cache baseline \"" + std::string(name) + "\" (known: " + known + ")");
  }
  std::vector<InstanceMetrics> metrics(cells_.size());
  tbb::parallel_for(size_t{0}, cells_.size(), [&](size_t i) {
    const auto& cell = cells_[i];
    metrics[i] = to_metrics(i, baseline->run(traces_[cell.trace].requests, config_of(cell)));
  });
  return metrics;
}

}  // namespace crucible::evaluators::cache
