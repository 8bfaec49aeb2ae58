#include "domain.hpp"

#include "baselines/baselines.hpp"
#include "interfaces.hpp"
#include "workload.hpp"

namespace crucible::evaluators::cache {

std::string_view CacheDomain::summary() const {
  return "cache eviction over request traces; rank policies, miss ratio (lower is better)";
}

std::vector<PolicyInterface> CacheDomain::interfaces() const { return cache_interfaces(); }

std::vector<std::string> CacheDomain::baselines() const {
  std::vector<std::string> names;
  for (const auto& baseline : all_baselines()) names.emplace_back(baseline.name);
  return names;
}

std::vector<std::string> CacheDomain::default_baselines() const { return baselines(); }

std::unique_ptr<Workload> CacheDomain::load_workload(const nlohmann::json& spec,
                                                     const std::filesystem::path& base_dir) const {
  return CacheWorkload::load(spec, base_dir, interfaces());
}

}  // namespace crucible::evaluators::cache
