// The evolutionary loop: seeds, then generations of children proposed from tournament-selected
// parents, evaluated in the sandbox, stored as they finish, and the best kept.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "evaluators/domain.hpp"
#include "sandbox/worker.hpp"
#include "search/experiment.hpp"
#include "search/proposers/proposer.hpp"
#include "search/store.hpp"

namespace crucible::search {

struct Progress {
  uint64_t generation = 0;       // 0 = seeds
  uint64_t generations = 0;      // planned
  uint64_t evaluated = 0;        // candidates finished so far
  uint64_t failed = 0;           // of those, not ok
  std::optional<double> best_fitness;
  int64_t best_candidate = 0;
  std::chrono::duration<double> elapsed{};
  bool is_generation_end = false;
};

using ProgressCallback = std::function<void(const Progress&)>;

struct EvolutionResult {
  uint64_t evaluated = 0;
  std::optional<int64_t> best_candidate;
  std::optional<double> best_fitness;
};

// Runs the search for `run_id` (already begun in `store`). Throws ConfigError when no seed works.
// `worker`, when given, must have been started with make_body(workload); it forks every run.
EvolutionResult evolve(const ExperimentConfig& config, const evaluators::Domain& domain,
                       const evaluators::Workload& workload, proposers::Proposer& proposer,
                       Store& store, int64_t run_id, const ProgressCallback& on_progress,
                       sandbox::Worker* worker = nullptr);

}  // namespace crucible::search
