#include "search/winners.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "sandbox/status.hpp"
#include "search/candidate_eval.hpp"

namespace crucible::search {

std::optional<int64_t> simplify_best(const ExperimentConfig& config,
                                     const evaluators::Domain& domain,
                                     const evaluators::Workload& workload, Store& store,
                                     int64_t run_id, int64_t best_id,
                                     const SimplifyOptions& options,
                                     const std::function<void(const std::string&)>& on_line) {
  auto say = [&](const std::string& line) {
    if (on_line) on_line(line);
  };
  const auto records = store.candidates(run_id);
  const auto best = std::find_if(records.begin(), records.end(),
                                 [&](const CandidateRecord& record) { return record.id == best_id; });
  if (best == records.end() || !best->fitness) {
    say(fmt::format("simplify: candidate #{} has no fitness to keep", best_id));
    return std::nullopt;
  }
  const auto& interface = workload.policy_interface();
  const auto pipeline = pipeline_options(config.search, nullptr, &workload);
  const BatchScorer score = [&](const std::vector<std::string>& sources) {
    std::vector<sandbox::Job> jobs;
    for (const auto& source : sources) {
      jobs.push_back(make_job(domain, workload, source, /*recheck=*/false));
    }
    std::vector<std::optional<double>> scores(sources.size());
    sandbox::run_jobs(jobs, pipeline, [&](size_t index, sandbox::JobResult raw) {
      ScoredCandidate scored = score_result(domain, workload, std::move(raw));
      if (scored.status == sandbox::Status::kOk) scores[index] = scored.fitness;
    });
    return scores;
  };
  say(fmt::format("simplifying #{} (fitness {:.6f}, tolerance {}) ...", best_id, *best->fitness,
                  options.tolerance));
  const SimplifyResult simplified =
      simplify(best->source, *best->fitness, header_files(interface), interface.entry_symbol,
               score, options, parse_prelude(interface), on_line);
  if (simplified.steps.empty() || simplified.source == best->source) {
    say(fmt::format("simplify: nothing in #{} could go", best_id));
    return std::nullopt;
  }
  // The stored figures come from a run checked as a search candidate's are.
  auto altered = config.search.causality_checks != SearchOptions::Scope::kOff
                     ? workload.make_altered(config.seed)
                     : nullptr;
  std::vector<sandbox::Job> jobs;
  jobs.push_back(make_job(domain, workload, simplified.source, config.search.recheck !=
                                                                   SearchOptions::Scope::kOff,
                          nullptr, {}, altered.get()));
  std::optional<ScoredCandidate> checked;
  sandbox::run_jobs(jobs, pipeline, [&](size_t, sandbox::JobResult raw) {
    checked = score_result(domain, workload, std::move(raw), nullptr, altered.get());
  });
  if (!checked || checked->status != sandbox::Status::kOk || !checked->fitness) {
    say(fmt::format("simplify: the simplified #{} failed its check ({}): not stored", best_id,
                    checked ? std::string(sandbox::status_name(checked->status)) : "no result"));
    return std::nullopt;
  }
  CandidateRecord record;
  record.run_id = run_id;
  record.generation = best->generation;
  record.origin = fmt::format("simplified #{}: {} -> {} AST nodes, {} changes", best_id,
                              simplified.nodes_before, simplified.nodes_after,
                              simplified.steps.size());
  record.parent_id = best_id;
  record.source = simplified.source;
  record.source_hash = source_hash(simplified.source);
  record.status = "ok";
  record.fitness = checked->fitness;
  record.verify_ms = checked->verify_ms;
  record.compile_ms = checked->compile_ms;
  record.eval_ms = checked->eval_ms;
  record.proposer = "simplify";
  // The steps quote the candidate's source: bounded and escaped as a child's diagnostics are.
  record.diagnostics = sandbox::bounded_text(fmt::format("{}", fmt::join(simplified.steps, "\n")),
                                             sandbox::kMaxDiagnosticsBytes);
  const int64_t id = store.add_candidate(record, checked->metrics, {{best_id, "parent"}});
  say(fmt::format("simplified #{} stored as #{}: fitness {:.6f} (original {:.6f})", best_id, id,
                  *checked->fitness, *best->fitness));
  return id;
}

}  // namespace crucible::search
