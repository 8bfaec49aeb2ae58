#include "interfaces.hpp"

#include <string>

#include "evaluators/allowances.hpp"
#include "evaluators/embedded.hpp"

namespace crucible::evaluators::tiering {
namespace {

NamedSource seed(const char* name, const char* file) {
  return {name, std::string(embedded_file(std::string("evaluators/tiering/seeds/") + file))};
}

}  // namespace

std::vector<PolicyInterface> tiering_interfaces() {
  const InterfaceHeader header{"tiering.h", std::string(embedded_file("interfaces/tiering.h"))};
  PolicyInterface rank{
      "rank",
      "one function scores each page after every epoch (higher = fast memory); the mechanism "
      "places the top pages within the migration budget",
      {header},
      "crucible_tier_score",
      arithmetic_allowances(),
      {seed("recent", "recent.cpp"), seed("ewma", "ewma.cpp"), seed("active", "active.cpp"),
       seed("reclaim", "reclaim.cpp"), seed("frequency", "frequency.cpp"),
       seed("reclaim_promote", "reclaim_promote.cpp")}};
  PolicyInterface hooks{
      "hooks",
      "init/on_epoch/free with the policy's own state; on_epoch names the pages to move",
      {header,
       {"tiering_hooks.h", std::string(embedded_file("interfaces/tiering_hooks.h"))}},
      "crucible_tier_hooks",
      stateful_allowances(),
      {seed("hot_swap_hooks", "hot_swap_hooks.cpp")}};
  // A dense page index is the order of first access and first_epoch its absolute time: a score
  // that reads either can single out pages or phases of the searched trace. A hooks policy keys
  // its own state by id, so there only the first access's epoch is gated.
  const GatedFeature first{"TierPage.first_epoch", "the absolute epoch of the page's first access"};
  rank.gated_features = {{"TierPage.id", "the page's identity (its order of first access)"}, first};
  hooks.gated_features = {first};
  return {std::move(rank), std::move(hooks)};
}

}  // namespace crucible::evaluators::tiering
