#include "holdout.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "search/candidate_eval.hpp"
#include "search/report.hpp"

namespace crucible::search {

HoldoutSummary evaluate_holdout(const ExperimentConfig& config, const evaluators::Domain& domain,
                                const evaluators::Workload& held_out,
                                const std::vector<std::string>& baselines, Store& store,
                                int64_t run_id, size_t top,
                                const std::function<void(const std::string&)>& on_line,
                                const std::vector<int64_t>& also) {
  for (const auto& name : baselines) {
    store.add_baseline(run_id, name, held_out.evaluate_baseline(name));
  }
  auto records = store.candidates(run_id);
  std::vector<const CandidateRecord*> ranked;
  for (const auto& record : records) {
    if (record.fitness) ranked.push_back(&record);
  }
  sort_by_fitness(ranked);
  std::vector<const CandidateRecord*> chosen = seeds_and_top(ranked, top);
  for (const auto* record : ranked) {
    const bool wanted = std::find(also.begin(), also.end(), record->id) != also.end();
    if (wanted && std::find(chosen.begin(), chosen.end(), record) == chosen.end()) {
      chosen.push_back(record);
    }
  }
  // Every held-out figure is a claim: each candidate is checked for causality on it too.
  auto altered = config.search.causality_checks != SearchOptions::Scope::kOff
                     ? held_out.make_altered(config.seed ^ 0x686f6c64)
                     : nullptr;
  std::vector<sandbox::Job> jobs;
  for (const auto* record : chosen) {
    jobs.push_back(make_job(domain, held_out, record->source, /*recheck=*/false, nullptr, {},
                            altered.get()));
  }
  HoldoutSummary summary;
  // Forked from this process: the worker holds the search inputs, not the held-out ones.
  sandbox::run_jobs(jobs, pipeline_options(config.search, nullptr, &held_out),
                    [&](size_t index, sandbox::JobResult raw) {
    ScoredCandidate scored = score_result(domain, held_out, std::move(raw), nullptr, altered.get());
    ++summary.candidates;
    const CandidateRecord& record = *chosen[index];
    if (scored.status == sandbox::Status::kOk) {
      store.add_evaluations(run_id, record.id, scored.metrics);
      if (on_line) {
        on_line(fmt::format("held-out #{}: {} {:.4f}", record.id, held_out.fitness_name(),
                            *scored.fitness));
      }
    } else {
      ++summary.failed;
      if (on_line) {
        on_line(fmt::format("held-out #{}: {} ({})", record.id, sandbox::status_name(scored.status),
                            scored.diagnostics));
      }
    }
  });
  return summary;
}

}  // namespace crucible::search
