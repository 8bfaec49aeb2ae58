// The one list of domains. Adding a domain: a folder under evaluators/, a header under
// interfaces/, and one line in registry.cpp.
#pragma once

#include <span>
#include <string_view>

#include "domain.hpp"

namespace crucible::evaluators {

std::span<const Domain* const> all_domains();

// Throws ConfigError naming the value and the known domains.
const Domain& find_domain(std::string_view name);

}  // namespace crucible::evaluators
