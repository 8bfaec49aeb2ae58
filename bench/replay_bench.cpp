// What the parent-side scoring costs: each seed of the experiment's interface through the
// search's pipeline (verify, compile, run, recheck, and the causality check's run on the altered
// inputs), one at a time; then, in this process, the replay of its decision records and the
// comparison of the two runs' decisions before the change points, against the child's run.
// Usage: crucible_bench_replay EXPERIMENT.json [repeats=3]
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "evaluators/registry.hpp"
#include "search/candidate_eval.hpp"
#include "search/experiment.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  using namespace crucible;
  if (argc < 2) {
    fmt::print(stderr, "usage: crucible_bench_replay EXPERIMENT.json [repeats]\n");
    return 2;
  }
  const int repeats = argc > 2 ? std::max(1, std::atoi(argv[2])) : 3;
  auto config = search::load_experiment(argv[1], {});
  const auto& domain = evaluators::find_domain(config.domain);
  auto workload = domain.load_workload(config.workload, config.base_dir);
  auto start = Clock::now();
  auto altered = workload->make_altered(config.seed);
  const double altered_setup_ms = ms_since(start);
  if (!altered) {
    fmt::print(stderr, "domain {} has no causality check\n", config.domain);
    return 1;
  }
  fmt::print("{}: {} instances; altered twin built in {:.1f} ms; reply limit {:.1f} MiB\n",
             config.name, workload->instances().size(), altered_setup_ms,
             static_cast<double>(workload->max_record_bytes()) / (1 << 20));
  fmt::print("| seed | child run ms | record KiB | replay ms | causality run ms | compare ms | "
             "replay / run |\n|---|---:|---:|---:|---:|---:|---:|\n");
  auto options = search::pipeline_options(config.search, nullptr, workload.get());
  std::vector<double> shares;
  for (const auto& seed : workload->policy_interface().seeds) {
    std::vector<double> run, replay, causal, compare;
    size_t record_bytes = 0;
    for (int r = 0; r < repeats; ++r) {
      auto result = sandbox::run_job(
          search::make_job(domain, *workload, seed.source, /*recheck=*/false, nullptr, {},
                           altered.get()),
          options);
      if (result.status != sandbox::Status::kOk || !result.has_altered_run) {
        fmt::print(stderr, "seed {}: {} {}\n", seed.name, sandbox::status_name(result.status),
                   result.diagnostics);
        return 1;
      }
      record_bytes = result.payload.size();
      run.push_back(result.run_ms);
      causal.push_back(result.altered_ms);
      std::string why;
      auto records = evaluators::decode_decision_records(result.payload,
                                                         workload->instances().size(), why);
      auto altered_records = evaluators::decode_decision_records(
          result.altered_payload, altered->instances().size(), why);
      start = Clock::now();
      (void)workload->replay(*records);
      replay.push_back(ms_since(start));
      start = Clock::now();
      auto difference = altered->first_difference_before_change(*records, *altered_records);
      compare.push_back(ms_since(start));
      if (difference) {
        fmt::print(stderr, "seed {}: {}\n", seed.name, *difference);
        return 1;
      }
    }
    const double share = median(replay) / median(run);
    shares.push_back(share);
    fmt::print("| {} | {:.1f} | {:.0f} | {:.1f} | {:.1f} | {:.1f} | {:.1f}% |\n", seed.name,
               median(run), static_cast<double>(record_bytes) / 1024, median(replay),
               median(causal), median(compare), 100 * share);
  }
  fmt::print("median replay / child run: {:.1f}%\n", 100 * median(shares));
  return 0;
}
