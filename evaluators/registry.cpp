#include "registry.hpp"

#include <string>

#include "cache/domain.hpp"
#include "tiering/domain.hpp"

namespace crucible::evaluators {

std::span<const Domain* const> all_domains() {
  static const cache::CacheDomain kCache;
  static const tiering::TieringDomain kTiering;
  static const Domain* const kDomains[] = {&kCache, &kTiering};
  return kDomains;
}

const Domain& find_domain(std::string_view name) {
  std::string known;
  for (const Domain* domain : all_domains()) {
    if (domain->name() == name) return *domain;
    known += (known.empty() ? "" : ", ") + std::string(domain->name());
  }
  throw ConfigError("unknown domain \"" + std::string(name) + "\" (known: " + known + ")");
}

}  // namespace crucible::evaluators

namespace crucible::evaluators {

PolicyInterface find_interface(const Domain& domain, std::string_view name) {
  auto interfaces = domain.interfaces();
  if (interfaces.empty()) {
    throw ConfigError("domain " + std::string(domain.name()) + " defines no policy interface");
  }
  if (name.empty()) return interfaces.front();
  std::string known;
  for (auto& interface : interfaces) {
    if (interface.name == name) return interface;
    known += (known.empty() ? "" : ", ") + interface.name;
  }
  throw ConfigError("unknown " + std::string(domain.name()) + " policy interface \"" +
                    std::string(name) + "\" (known: " + known + ")");
}

}  // namespace crucible::evaluators
