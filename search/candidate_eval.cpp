#include "candidate_eval.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <thread>

#include "sandbox/prelude.hpp"

namespace crucible::search {
namespace {

// A child's payload replayed on the parent's simulator: its metrics, or why there are none.
struct Replayed {
  std::optional<std::vector<evaluators::InstanceMetrics>> metrics;
  std::optional<evaluators::DecisionRecords> records;
  sandbox::Status status = sandbox::Status::kOk;  // kBadOutput or kInvalidDecision without metrics
  std::string why;
};

// Never trusts the child: the payload must hold one decision record per instance, and every
// figure comes from replaying those decisions here.
Replayed replay_payload(const std::string& payload, const evaluators::Workload& workload) {
  Replayed replayed;
  replayed.records =
      evaluators::decode_decision_records(payload, workload.instances().size(), replayed.why);
  if (!replayed.records) {
    replayed.status = sandbox::Status::kBadOutput;
    return replayed;
  }
  try {
    replayed.metrics = workload.replay(*replayed.records);
  } catch (const evaluators::InvalidDecision& error) {
    replayed.status = sandbox::Status::kInvalidDecision;
    replayed.why = error.what();
  }
  return replayed;
}

// The fitness of a payload's replay, or nullopt when it does not replay.
std::optional<double> fitness_of(const std::string& payload, const evaluators::Workload& workload) {
  Replayed replayed = replay_payload(payload, workload);
  if (!replayed.metrics) return std::nullopt;
  return workload.fitness(*replayed.metrics);
}

}  // namespace

bool passes_cascade(double quick_fitness, std::optional<double> reference, double margin,
                    std::optional<double> parent_quick) {
  if (parent_quick && quick_fitness == *parent_quick) return false;
  if (!reference) return true;
  return quick_fitness >= *reference - margin * std::abs(*reference);
}

std::vector<sandbox::ChildBody> make_bodies(const evaluators::Workload& full,
                                            const evaluators::Workload* quick,
                                            const evaluators::Workload* altered) {
  std::vector<sandbox::ChildBody> bodies;
  bodies.push_back(make_body(full));
  if (quick != nullptr) bodies.push_back(make_body(*quick));
  if (altered != nullptr) bodies.push_back(make_body(*altered));
  return bodies;
}

std::vector<sandbox::HeaderFile> header_files(const evaluators::PolicyInterface& interface) {
  std::vector<sandbox::HeaderFile> headers;
  for (const auto& header : interface.headers) headers.push_back({header.name, header.text});
  return headers;
}

std::string parse_prelude(const evaluators::PolicyInterface& interface) {
  const auto prelude =
      sandbox::Prelude::for_parsing(header_files(interface), interface.allowances.headers);
  return prelude != nullptr ? prelude->pch().string() : std::string();
}

std::vector<evaluators::GatedFeature> hidden_features(
    const evaluators::PolicyInterface& interface, const FeatureAllowance& allowed) {
  const auto& gated = interface.gated_features;
  for (size_t i = 0; i < allowed.names.size(); ++i) {
    const bool is_gated = std::any_of(gated.begin(), gated.end(), [&](const auto& feature) {
      return feature.name == allowed.names[i];
    });
    if (is_gated) continue;
    std::string known;
    for (const auto& feature : gated) known += (known.empty() ? "" : ", ") + feature.name;
    throw evaluators::ConfigError(
        "search.allow_features[" + std::to_string(i) + "]: \"" + allowed.names[i] +
        "\" is not a gated feature of the \"" + interface.name + "\" interface (gated: " +
        (known.empty() ? std::string("none") : known) + ")");
  }
  std::vector<evaluators::GatedFeature> hidden;
  if (allowed.all) return hidden;
  for (const auto& feature : gated) {
    if (std::find(allowed.names.begin(), allowed.names.end(), feature.name) == allowed.names.end()) {
      hidden.push_back(feature);
    }
  }
  return hidden;
}

sandbox::CandidateSource make_candidate(const evaluators::PolicyInterface& interface,
                                        std::string source) {
  sandbox::CandidateSource candidate;
  candidate.text = std::move(source);
  candidate.headers = header_files(interface);
  candidate.entry_symbol = interface.entry_symbol;
  const auto& allowances = interface.allowances;
  candidate.rules.allowed_headers = allowances.headers;
  candidate.rules.allowed_functions = allowances.functions;
  candidate.rules.allowed_types = allowances.types;
  candidate.rules.allows_heap = allowances.allows_heap;
  return candidate;
}

sandbox::Job make_job(const evaluators::Domain& domain, const evaluators::Workload& workload,
                      std::string source, bool recheck, const evaluators::Workload* quick,
                      std::function<bool(double quick_fitness)> passes,
                      const evaluators::Workload* altered,
                      std::function<bool(double fitness)> check_when,
                      std::function<bool(double fitness)> recheck_when) {
  (void)domain;
  sandbox::Job job;
  job.recheck = recheck;
  // The full payload's fitness, replayed once for the recheck's and the causality check's
  // judgements (the recheck's payload, when it ran, is the same).
  struct FullFitness {
    std::string payload;
    std::optional<double> fitness;
    bool is_known = false;
  };
  auto memo = std::make_shared<FullFitness>();
  auto full_fitness = [memo, &workload](const std::string& payload) {
    if (!memo->is_known || memo->payload != payload) {
      memo->payload = payload;
      memo->fitness = fitness_of(payload, workload);
      memo->is_known = true;
    }
    return memo->fitness;
  };
  if (recheck && recheck_when) {
    // A payload that does not replay fails in score_result; no recheck needed for it.
    job.should_recheck = [full_fitness, recheck_when = std::move(recheck_when)](
                             const std::string& payload) {
      auto fitness = full_fitness(payload);
      return fitness.has_value() && recheck_when(*fitness);
    };
  }
  job.candidate = make_candidate(workload.policy_interface(), std::move(source));
  job.body = make_body(workload);
  job.worker_body = 0;
  if (quick != nullptr) {
    job.quick_body = make_body(*quick);
    job.worker_quick_body = 1;
    // A quick payload that does not replay stops here; score_result then says why.
    job.should_continue = [quick, passes = std::move(passes)](const std::string& payload) {
      auto fitness = fitness_of(payload, *quick);
      return fitness.has_value() && (!passes || passes(*fitness));
    };
  }
  if (altered != nullptr) {
    job.altered_body = make_body(*altered);
    job.worker_altered_body = quick != nullptr ? 2 : 1;
    if (check_when) {
      job.should_check = [full_fitness, check_when = std::move(check_when)](
                             const std::string& payload) {
        // A payload that does not replay fails in score_result; no check needed for it.
        auto fitness = full_fitness(payload);
        return fitness.has_value() && check_when(*fitness);
      };
    }
  }
  return job;
}

sandbox::ChildBody make_body(const evaluators::Workload& workload) {
  return [&workload](void* entry) -> sandbox::ChildReply {
    try {
      return {sandbox::ChildReply::Kind::kResult,
              evaluators::encode_decision_records(workload.record_candidate(entry))};
    } catch (const evaluators::InvalidDecision& error) {
      return {sandbox::ChildReply::Kind::kInvalid, error.what()};
    }
  };
}

ScoredCandidate score_result(const evaluators::Domain& domain,
                             const evaluators::Workload& workload, sandbox::JobResult result,
                             const evaluators::Workload* quick,
                             const evaluators::Workload* altered) {
  (void)domain;
  ScoredCandidate scored;
  scored.status = result.status;
  scored.diagnostics = std::move(result.diagnostics);
  scored.output = std::move(result.output);
  scored.verify_ms = result.verify_ms;
  scored.compile_ms = result.compile_ms;
  scored.quick_ms = result.quick_ms;
  scored.eval_ms = result.run_ms;
  scored.causality_ms = result.altered_ms;
  if (scored.status != sandbox::Status::kOk) return scored;
  const auto fail = [&](sandbox::Status status, std::string why) {
    scored.status = status;
    scored.diagnostics = sandbox::bounded_text(std::move(why), sandbox::kMaxDiagnosticsBytes);
    scored.metrics.clear();
    scored.fitness.reset();
    return scored;
  };
  if (quick != nullptr && !result.quick_payload.empty()) {
    Replayed replayed = replay_payload(result.quick_payload, *quick);
    if (!replayed.metrics) return fail(replayed.status, "quick stage: " + replayed.why);
    scored.quick_fitness = quick->fitness(*replayed.metrics);
  }
  if (!result.has_full_run && !result.quick_payload.empty()) {
    scored.is_cut = true;
    return scored;
  }
  Replayed replayed = replay_payload(result.payload, workload);
  if (!replayed.metrics) return fail(replayed.status, replayed.why);
  scored.metrics = std::move(*replayed.metrics);
  scored.fitness = workload.fitness(scored.metrics);
  if (altered != nullptr && result.has_altered_run) {
    scored.causality_checked = true;
    auto altered_records = evaluators::decode_decision_records(
        result.altered_payload, altered->instances().size(), replayed.why);
    if (!altered_records) {
      return fail(sandbox::Status::kBadOutput, "the causality check's run: " + replayed.why);
    }
    try {
      if (auto difference =
              altered->first_difference_before_change(*replayed.records, *altered_records)) {
        return fail(sandbox::Status::kSandboxViolation,
                    "reads the future: its decisions before a change point of the inputs "
                    "depend on the inputs after it (" + *difference + ")");
      }
    } catch (const evaluators::InvalidDecision& error) {
      return fail(sandbox::Status::kInvalidDecision,
                  std::string("the causality check's run: ") + error.what());
    }
  }
  return scored;
}

sandbox::PipelineOptions pipeline_options(const SearchOptions& options, sandbox::Worker* worker,
                                          const evaluators::Workload* workload) {
  sandbox::PipelineOptions pipeline;
  if (workload != nullptr) {
    pipeline.limits.max_result_bytes =
        std::max(pipeline.limits.max_result_bytes, workload->max_record_bytes());
  }
  pipeline.worker = worker;
  pipeline.max_in_flight =
      options.jobs > 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
  pipeline.compiler.timeout = options.compile_timeout;
  pipeline.verify_timeout = options.compile_timeout;
  pipeline.limits.wall = options.eval_timeout;
  pipeline.limits.extra_memory_bytes = options.memory_mb << 20;
  return pipeline;
}

}  // namespace crucible::search
