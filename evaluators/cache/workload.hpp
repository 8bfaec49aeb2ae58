// The cache domain's workload: traces, each simulated at several cache sizes.
#pragma once

#include <filesystem>
#include <memory>
#include <vector>

#include <nlohmann/json.hpp>

#include "evaluators/domain.hpp"
#include "simulation.hpp"
#include "traces/trace.hpp"

namespace crucible::evaluators::cache {

struct CacheInstance {
  size_t trace = 0;      // index into the workload's traces
  uint64_t capacity = 0; // objects
};

class CacheWorkload final : public Workload {
 public:
  // spec: {"traces": [{"path": P, "format": F} | {"synthetic": {...}}, ...],
  //        "sizes": ["1%", 1000, ...]}
  static std::unique_ptr<CacheWorkload> load(const nlohmann::json& spec,
                                             const std::filesystem::path& base_dir);

  const std::vector<InstanceInfo>& instances() const override { return infos_; }
  std::vector<InstanceMetrics> evaluate_candidate(void* entry) const override;
  std::vector<InstanceMetrics> evaluate_baseline(std::string_view name) const override;

  const std::vector<traces::Trace>& traces() const { return traces_; }

 private:
  InstanceMetrics to_metrics(size_t instance, const CacheResult& result) const;
  CacheConfig config_of(const CacheInstance& cell) const;

  std::vector<traces::Trace> traces_;
  std::vector<CacheInstance> cells_;
  std::vector<InstanceInfo> infos_;
};

}  // namespace crucible::evaluators::cache
