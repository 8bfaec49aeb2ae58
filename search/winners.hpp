// After search: the run's best candidate simplified (simplify.hpp) through the sandbox, and the
// result stored as a candidate of its own, so the report can show it beside the original.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "evaluators/domain.hpp"
#include "search/experiment.hpp"
#include "search/simplify.hpp"
#include "search/store.hpp"

namespace crucible::search {

// Simplifies candidate `best_id` of `run_id`, every trial scored in the sandbox on `workload`
// (the searched one) without recheck. The result is scored once more as a search candidate is
// (recheck, and the causality check unless search.causality is off) and, when it is ok and
// differs from the original, stored with the original as its parent: proposer "simplify", its
// origin "simplified #N: A -> B AST nodes, K changes". Returns its id; nullopt when nothing
// could be simplified or the final check failed (said through `on_line`).
std::optional<int64_t> simplify_best(const ExperimentConfig& config,
                                     const evaluators::Domain& domain,
                                     const evaluators::Workload& workload, Store& store,
                                     int64_t run_id, int64_t best_id,
                                     const SimplifyOptions& options,
                                     const std::function<void(const std::string&)>& on_line = {});

}  // namespace crucible::search
