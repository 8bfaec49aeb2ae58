#include "registry.hpp"

#include <string>

#include "cache/domain.hpp"

namespace crucible::evaluators {

std::span<const Domain* const> all_domains() {
  static const cache::CacheDomain kCache;
  static const Domain* const kDomains[] = {&kCache};
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
