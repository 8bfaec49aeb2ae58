// Cache eviction: candidates rank cached objects (or drive the cache through hooks); the cache
// evicts by their decisions.
#pragma once

#include "evaluators/domain.hpp"

namespace crucible::evaluators::cache {

class CacheDomain final : public Domain {
 public:
  std::string_view name() const override { return "cache"; }
  std::string_view summary() const override;
  std::vector<PolicyInterface> interfaces() const override;
  std::string_view metric_name() const override { return "miss_ratio"; }
  bool is_lower_better() const override { return true; }
  std::vector<std::string> baselines() const override;
  std::vector<std::string> default_baselines() const override;
  std::unique_ptr<Workload> load_workload(const nlohmann::json& spec,
                                          const std::filesystem::path& base_dir) const override;
};

}  // namespace crucible::evaluators::cache
