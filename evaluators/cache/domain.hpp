// Cache eviction: candidates rank cached objects; the cache evicts the lowest rank.
#pragma once

#include "evaluators/domain.hpp"

namespace crucible::evaluators::cache {

class CacheDomain final : public Domain {
 public:
  std::string_view name() const override { return "cache"; }
  std::string_view summary() const override;
  std::vector<InterfaceHeader> interface_headers() const override;
  std::string_view entry_symbol() const override { return "crucible_cache_priority"; }
  std::vector<NamedSource> seeds() const override;
  CandidateAllowances candidate_allowances() const override;
  std::string_view metric_name() const override { return "miss_ratio"; }
  bool is_lower_better() const override { return true; }
  double fitness(std::span<const InstanceMetrics> metrics) const override;
  std::string_view fitness_name() const override { return "mean hit ratio"; }
  std::vector<std::string> baselines() const override;
  std::vector<std::string> default_baselines() const override;
  std::unique_ptr<Workload> load_workload(const nlohmann::json& spec,
                                          const std::filesystem::path& base_dir) const override;
};

}  // namespace crucible::evaluators::cache
