// The tiering domain's two ways to write a policy, for the Domain API: "rank" (the default) and
// "hooks", each with its headers, entry symbol, what the verifier allows, and seeds.
#pragma once

#include <vector>

#include "evaluators/domain.hpp"

namespace crucible::evaluators::tiering {

// {"rank", "hooks"}, in that order.
std::vector<PolicyInterface> tiering_interfaces();

}  // namespace crucible::evaluators::tiering
