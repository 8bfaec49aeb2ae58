#include "interfaces.hpp"

#include <string>

#include "evaluators/allowances.hpp"
#include "evaluators/embedded.hpp"

namespace crucible::evaluators::cache {
namespace {

NamedSource seed(const char* name, const char* file) {
  return {name, std::string(embedded_file(std::string("evaluators/cache/seeds/") + file))};
}

}  // namespace

std::vector<PolicyInterface> cache_interfaces() {
  PolicyInterface rank{
      "rank",
      "one function scores each object (higher = keep); the mechanism evicts the lowest",
      {{"cache.h", std::string(embedded_file("interfaces/cache.h"))}},
      "crucible_cache_priority",
      arithmetic_allowances(),
      {seed("lru", "lru.cpp"), seed("lfu", "lfu.cpp"), seed("gdsf", "gdsf.cpp"),
       seed("hyperbolic", "hyperbolic.cpp"), seed("irr", "irr.cpp")}};
  PolicyInterface hooks{
      "hooks",
      "init/on_hit/on_miss/choose_victim/on_evict/free with the policy's own state",
      {{"cache.h", std::string(embedded_file("interfaces/cache.h"))},
       {"cache_hooks.h", std::string(embedded_file("interfaces/cache_hooks.h"))}},
      "crucible_cache_hooks",
      stateful_allowances(),
      {seed("lru_hooks", "lru_hooks.cpp")}};
  // A dense id is the order of first request, and the trace's clock is absolute: a priority that
  // reads either can single out objects or stretches of the searched trace. A hooks policy keys
  // its own state by id, so there only the clock is gated.
  const GatedFeature clock{"CacheState.trace_time", "an absolute timestamp of the trace"};
  rank.gated_features = {{"CacheObject.id", "the object's identity (its order of first request)"},
                         clock};
  hooks.gated_features = {clock};
  return {std::move(rank), std::move(hooks)};
}

}  // namespace crucible::evaluators::cache
