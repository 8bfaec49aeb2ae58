#include "domain.hpp"

#include "baselines/baselines.hpp"
#include "interfaces.hpp"
#include "workload.hpp"

namespace crucible::evaluators::tiering {

std::string_view TieringDomain::summary() const {
  return "page placement across fast and slow memory over page-access traces; speedup over "
         "all-slow (higher is better)";
}

std::vector<PolicyInterface> TieringDomain::interfaces() const { return tiering_interfaces(); }

std::vector<std::string> TieringDomain::baselines() const {
  std::vector<std::string> names;
  for (const auto& baseline : all_baselines()) names.emplace_back(baseline.name);
  return names;
}

// The oracle is a bound, not a policy to beat: it is run only when asked for by name.
std::vector<std::string> TieringDomain::default_baselines() const {
  std::vector<std::string> names;
  for (const auto& baseline : all_baselines()) {
    if (!baseline.is_oracle) names.emplace_back(baseline.name);
  }
  return names;
}

std::unique_ptr<Workload> TieringDomain::load_workload(const nlohmann::json& spec,
                                                       const std::filesystem::path& base_dir) const {
  return TierWorkload::load(spec, base_dir, interfaces());
}

}  // namespace crucible::evaluators::tiering
