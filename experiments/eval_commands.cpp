// crucible eval and crucible baselines: one policy, or the human ones, on traces given as flags.
#include <fmt/core.h>
#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <random>
#include <sstream>

#include "commands.hpp"
#include "evaluators/registry.hpp"
#include "search/candidate_eval.hpp"
#include "traces/trace_spec.hpp"

namespace crucible::cli {
namespace {

std::string read_policy(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw evaluators::ConfigError("policy " + path + ": no such file or not readable");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

void print_metrics_table(const evaluators::Workload& workload, const evaluators::Domain& domain,
                         const std::vector<std::pair<std::string, std::vector<evaluators::InstanceMetrics>>>& rows) {
  fmt::print("| policy |");
  for (const auto& instance : workload.instances()) fmt::print(" {} {} |", instance.trace, instance.setting);
  fmt::print("\n|---|");
  for (size_t i = 0; i < workload.instances().size(); ++i) fmt::print("---:|");
  fmt::print("\n");
  for (const auto& [name, metrics] : rows) {
    fmt::print("| {} |", name);
    for (const auto& m : metrics) fmt::print(" {:.4f} |", m.metric);
    fmt::print("\n");
  }
  fmt::print("\n{} per instance ({} is better)\n", domain.metric_name(),
             domain.is_lower_better() ? "lower" : "higher");
}

}  // namespace

nlohmann::json workload_spec(const WorkloadArgs& args) {
  auto traces = nlohmann::json::array();
  for (const auto& trace : args.traces) {
    if (trace == "synthetic") {
      traces.push_back({{"synthetic", nlohmann::json::object()}});
      continue;
    }
    nlohmann::json entry = {{"path", trace}};
    if (!args.trace_format.empty()) entry["format"] = args.trace_format;
    if (!args.csv.empty()) entry["csv"] = traces::csv_spec_to_json(traces::parse_csv_spec(args.csv));
    traces.push_back(entry);
  }
  auto sizes = nlohmann::json::array();
  for (const auto& size : args.sizes) sizes.push_back(size);
  nlohmann::json spec = {{"traces", traces}, {"sizes", sizes}};
  if (!args.capacity.empty()) spec["capacity"] = args.capacity;
  if (!args.fitness.empty()) spec["fitness"] = args.fitness;
  nlohmann::json policy = nlohmann::json::object();
  if (!args.interface.empty()) policy["interface"] = args.interface;
  if (!args.mechanism.empty()) policy["mechanism"] = args.mechanism;
  if (args.sample != 0) policy["sample"] = args.sample;
  if (!policy.empty()) spec["policy"] = policy;
  if (!args.warmup.empty()) {
    // A plain count travels as a number, a share as text, as in a config file.
    uint64_t count = 0;
    const auto* end = args.warmup.data() + args.warmup.size();
    auto [ptr, error] = std::from_chars(args.warmup.data(), end, count);
    spec["warmup"] = error == std::errc() && ptr == end ? nlohmann::json(count)
                                                        : nlohmann::json(args.warmup);
  }
  return spec;
}

int eval_policy(const EvalArgs& args) {
  const auto& domain = evaluators::find_domain(args.workload.domain);
  std::string source = read_policy(args.policy);
  auto workload = domain.load_workload(workload_spec(args.workload), std::filesystem::current_path());
  search::SearchOptions options;
  options.jobs = 1;
  options.eval_timeout = std::chrono::milliseconds(args.timeout_ms);
  // The causality check's change points come from a seed nobody sees, so a policy cannot aim at
  // them; a causal policy passes whatever they are.
  auto altered = workload->make_altered(std::random_device{}());
  auto result = sandbox::run_job(
      search::make_job(domain, *workload, source, /*recheck=*/true, nullptr, {}, altered.get()),
      search::pipeline_options(options, nullptr, workload.get()));
  auto scored =
      search::score_result(domain, *workload, std::move(result), nullptr, altered.get());
  bool is_ok = scored.status == sandbox::Status::kOk;
  if (args.json) {
    nlohmann::json out = {{"policy", args.policy},
                          {"domain", domain.name()},
                          {"status", sandbox::status_name(scored.status)},
                          {"diagnostics", scored.diagnostics},
                          {"output", scored.output},
                          {"metrics", evaluators::metrics_to_json(scored.metrics)},
                          {"causality_checked", scored.causality_checked},
                          {"timings_ms", {{"verify", scored.verify_ms},
                                          {"compile", scored.compile_ms},
                                          {"run", scored.eval_ms},
                                          {"causality", scored.causality_ms}}}};
    out["fitness"] = scored.fitness ? nlohmann::json(*scored.fitness) : nlohmann::json();
    fmt::print("{}\n", out.dump(2));
    return is_ok ? 0 : 1;
  }
  fmt::print("{}: {} (verify {:.0f} ms, compile {:.0f} ms, run {:.0f} ms{})\n", args.policy,
             sandbox::status_name(scored.status), scored.verify_ms, scored.compile_ms, scored.eval_ms,
             scored.causality_checked
                 ? fmt::format(", causality check {:.0f} ms", scored.causality_ms)
                 : std::string());
  if (!is_ok) {
    fmt::print("{}\n", scored.diagnostics);
    return 1;
  }
  print_metrics_table(*workload, domain, {{args.policy, scored.metrics}});
  fmt::print("{}: {:.4f}\n", workload->fitness_name(), *scored.fitness);
  return 0;
}

int run_baselines(const BaselinesArgs& args) {
  const auto& domain = evaluators::find_domain(args.workload.domain);
  auto workload = domain.load_workload(workload_spec(args.workload), std::filesystem::current_path());
  auto names = args.algos.empty() ? domain.baselines() : args.algos;
  std::vector<std::pair<std::string, std::vector<evaluators::InstanceMetrics>>> rows;
  for (const auto& name : names) rows.emplace_back(name, workload->evaluate_baseline(name));
  if (args.json) {
    nlohmann::json out = {{"domain", domain.name()}, {"metric", domain.metric_name()}};
    nlohmann::json baselines = nlohmann::json::object();
    for (const auto& [name, metrics] : rows) baselines[name] = evaluators::metrics_to_json(metrics);
    out["baselines"] = baselines;
    fmt::print("{}\n", out.dump(2));
    return 0;
  }
  print_metrics_table(*workload, domain, rows);
  return 0;
}

}  // namespace crucible::cli
