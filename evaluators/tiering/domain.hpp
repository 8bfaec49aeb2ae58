// Memory tiering: candidates score pages (or name moves through hooks) after every epoch; the
// simulator places pages in a fast and a slow tier and models the program's memory time.
#pragma once

#include "evaluators/domain.hpp"

namespace crucible::evaluators::tiering {

class TieringDomain final : public Domain {
 public:
  std::string_view name() const override { return "tiering"; }
  std::string_view summary() const override;
  std::vector<PolicyInterface> interfaces() const override;
  std::string_view metric_name() const override { return "speedup"; }
  bool is_lower_better() const override { return false; }
  std::vector<std::string> baselines() const override;
  std::vector<std::string> default_baselines() const override;
  std::unique_ptr<Workload> load_workload(const nlohmann::json& spec,
                                          const std::filesystem::path& base_dir) const override;
};

}  // namespace crucible::evaluators::tiering
