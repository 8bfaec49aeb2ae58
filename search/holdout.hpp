// The final evaluation: the best candidates of a run, and every seed and baseline, scored on the
// inputs the workload held out of search, so a report can tell fitting from generalizing.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "evaluators/domain.hpp"
#include "search/experiment.hpp"
#include "search/store.hpp"

namespace crucible::search {

struct HoldoutSummary {
  size_t candidates = 0;  // candidates scored on the held-out instances
  size_t failed = 0;      // of those, how many did not come back ok there
};

// Scores the `top` fittest ok candidates of `run_id` (seeds always included, and the ok ones
// named in `also`, such as a simplified winner) on `held_out` through the sandbox, without
// recheck, and stores their metrics; `baselines` are scored natively and stored too. `on_line`
// receives one progress line per finished candidate.
HoldoutSummary evaluate_holdout(const ExperimentConfig& config, const evaluators::Domain& domain,
                                const evaluators::Workload& held_out,
                                const std::vector<std::string>& baselines, Store& store,
                                int64_t run_id, size_t top,
                                const std::function<void(const std::string&)>& on_line = {},
                                const std::vector<int64_t>& also = {});

}  // namespace crucible::search
