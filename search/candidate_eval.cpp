#include "candidate_eval.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <thread>

namespace crucible::search {
namespace {

// The deepest nesting of arrays and objects in `text`, read as JSON (strings skipped), stopping
// once past `limit`: a reply nested millions deep is refused before any parser or copy recurses.
size_t json_depth(std::string_view text, size_t limit) {
  size_t depth = 0;
  size_t deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size() && deepest <= limit; ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return deepest;
}

// A metrics reply nests three deep ([{"details": {...}}]); a domain's details may nest a little.
constexpr size_t kMaxReplyDepth = 8;

// Never trusts the child: the reply's depth is bounded before it is parsed, and every field is
// checked against what the workload expects.
std::optional<std::vector<evaluators::InstanceMetrics>> parse_metrics(
    const std::string& payload, const evaluators::Workload& workload, std::string& why) {
  if (json_depth(payload, kMaxReplyDepth) > kMaxReplyDepth) {
    why = "result nests deeper than " + std::to_string(kMaxReplyDepth) + " levels";
    return std::nullopt;
  }
  auto json = nlohmann::json::parse(payload, nullptr, false);
  const auto& instances = workload.instances();
  if (!json.is_array() || json.size() != instances.size()) {
    why = "result is not a list of " + std::to_string(instances.size()) + " instance metrics";
    return std::nullopt;
  }
  std::vector<evaluators::InstanceMetrics> metrics;
  for (size_t i = 0; i < json.size(); ++i) {
    const auto& item = json[i];
    if (!item.is_object() || item.value("instance", "") != instances[i].key ||
        !item.contains("metric") || !item["metric"].is_number() ||
        !std::isfinite(item["metric"].get<double>()) || !item.contains("details")) {
      why = "result entry " + std::to_string(i) + " is malformed";
      return std::nullopt;
    }
    metrics.push_back({instances[i].key, item["metric"].get<double>(), item["details"]});
  }
  return metrics;
}

// The quick stage's fitness, or nullopt (with `why`) for a malformed payload.
std::optional<double> quick_fitness_of(const std::string& payload,
                                       const evaluators::Workload& quick, std::string& why) {
  auto metrics = parse_metrics(payload, quick, why);
  if (!metrics) return std::nullopt;
  return quick.fitness(*metrics);
}

}  // namespace

bool passes_cascade(double quick_fitness, std::optional<double> reference, double margin) {
  if (!reference) return true;
  return quick_fitness >= *reference - margin * std::abs(*reference);
}

std::vector<sandbox::ChildBody> make_bodies(const evaluators::Workload& full,
                                            const evaluators::Workload* quick) {
  std::vector<sandbox::ChildBody> bodies;
  bodies.push_back(make_body(full));
  if (quick != nullptr) bodies.push_back(make_body(*quick));
  return bodies;
}

sandbox::CandidateSource make_candidate(const evaluators::PolicyInterface& interface,
                                        std::string source) {
  sandbox::CandidateSource candidate;
  candidate.text = std::move(source);
  for (const auto& header : interface.headers) {
    candidate.headers.push_back({header.name, header.text});
  }
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
                      std::function<bool(double quick_fitness)> passes) {
  sandbox::Job job;
  job.recheck = recheck;
  job.candidate = make_candidate(workload.policy_interface(), std::move(source));
  job.body = make_body(workload);
  if (quick != nullptr) {
    job.quick_body = make_body(*quick);
    job.worker_body = 0;
    job.worker_quick_body = 1;
    // A malformed quick payload stops here; score_result then reports it as bad_output.
    job.should_continue = [quick, passes = std::move(passes)](const std::string& payload) {
      std::string why;
      auto fitness = quick_fitness_of(payload, *quick, why);
      return fitness.has_value() && (!passes || passes(*fitness));
    };
  }
  return job;
}

sandbox::ChildBody make_body(const evaluators::Workload& workload) {
  return [&workload](void* entry) -> sandbox::ChildReply {
    try {
      return {sandbox::ChildReply::Kind::kResult,
              evaluators::metrics_to_json(workload.evaluate_candidate(entry)).dump()};
    } catch (const evaluators::InvalidDecision& error) {
      return {sandbox::ChildReply::Kind::kInvalid, error.what()};
    }
  };
}

ScoredCandidate score_result(const evaluators::Domain& domain,
                             const evaluators::Workload& workload, sandbox::JobResult result,
                             const evaluators::Workload* quick) {
  ScoredCandidate scored;
  scored.status = result.status;
  scored.diagnostics = std::move(result.diagnostics);
  scored.output = std::move(result.output);
  scored.verify_ms = result.verify_ms;
  scored.compile_ms = result.compile_ms;
  scored.quick_ms = result.quick_ms;
  scored.eval_ms = result.run_ms;
  if (scored.status != sandbox::Status::kOk) return scored;
  std::string why;
  if (quick != nullptr && !result.quick_payload.empty()) {
    scored.quick_fitness = quick_fitness_of(result.quick_payload, *quick, why);
    if (!scored.quick_fitness) {
      scored.status = sandbox::Status::kBadOutput;
      scored.diagnostics = "quick stage: " + why;
      return scored;
    }
  }
  if (!result.has_full_run && !result.quick_payload.empty()) {
    scored.is_cut = true;
    return scored;
  }
  auto metrics = parse_metrics(result.payload, workload, why);
  if (!metrics) {
    scored.status = sandbox::Status::kBadOutput;
    scored.diagnostics = why;
    return scored;
  }
  scored.metrics = std::move(*metrics);
  scored.fitness = workload.fitness(scored.metrics);
  return scored;
}

sandbox::PipelineOptions pipeline_options(const SearchOptions& options, sandbox::Worker* worker) {
  sandbox::PipelineOptions pipeline;
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
