#include "interfaces.hpp"

#include <string>

#include "evaluators/embedded.hpp"

namespace crucible::evaluators::cache {
namespace {

NamedSource seed(const char* name, const char* file) {
  return {name, std::string(embedded_file(std::string("evaluators/cache/seeds/") + file))};
}

// Pure arithmetic on the features: math, min/max, small fixed tables. The helpers of cache.h
// need no entry here: they are the interface's own functions, which the verifier accepts.
CandidateAllowances rank_allowances() {
  return {{"cmath", "math.h", "cstdint", "stdint.h", "cstddef", "climits", "cfloat", "limits",
           "algorithm", "array", "utility", "type_traits"},
          {"log", "log2", "log10", "log1p", "exp", "exp2", "expm1", "sqrt", "cbrt", "pow", "fabs",
           "abs", "fmin", "fmax", "min", "max", "clamp", "floor", "ceil", "round", "trunc", "fmod",
           "isnan", "isinf", "isfinite", "tanh", "atan", "atan2", "sin", "cos", "hypot", "copysign",
           "swap"},
          {"array", "pair", "numeric_limits"},
          false};
}

// A hooks policy keeps its own state: the same, plus the heap and std::vector. The candidate is
// linked with -nostdlib, so new, delete and the vector's out-of-line parts bind to the host's
// libstdc++ when the child loads it, under the child's memory limit; bounds stay checked by
// _GLIBCXX_ASSERTIONS.
CandidateAllowances hooks_allowances() {
  CandidateAllowances allowances = rank_allowances();
  allowances.headers.emplace_back("vector");
  allowances.types.emplace_back("vector");
  allowances.allows_heap = true;
  return allowances;
}

}  // namespace

std::vector<PolicyInterface> cache_interfaces() {
  PolicyInterface rank{
      "rank",
      "one function scores each object (higher = keep); the mechanism evicts the lowest",
      {{"cache.h", std::string(embedded_file("interfaces/cache.h"))}},
      "crucible_cache_priority",
      rank_allowances(),
      {seed("lru", "lru.cpp"), seed("lfu", "lfu.cpp"), seed("gdsf", "gdsf.cpp"),
       seed("hyperbolic", "hyperbolic.cpp")}};
  PolicyInterface hooks{
      "hooks",
      "init/on_hit/on_miss/choose_victim/on_evict/free with the policy's own state",
      {{"cache.h", std::string(embedded_file("interfaces/cache.h"))},
       {"cache_hooks.h", std::string(embedded_file("interfaces/cache_hooks.h"))}},
      "crucible_cache_hooks",
      hooks_allowances(),
      {seed("lru_hooks", "lru_hooks.cpp")}};
  return {std::move(rank), std::move(hooks)};
}

}  // namespace crucible::evaluators::cache
