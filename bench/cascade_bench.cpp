// What the cascade saves: the same candidates through the search's pipeline (verify, compile,
// runs, recheck on), one at a time, as one-stage jobs, as two-stage jobs cut after the quick
// stage, and as two-stage jobs that pass it. Prints per-candidate medians.
// Usage: crucible_bench_cascade EXPERIMENT.json [fraction=0.1] [candidates=8]
#include <fmt/core.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <string>
#include <vector>

#include "evaluators/registry.hpp"
#include "sandbox/worker.hpp"
#include "search/candidate_eval.hpp"
#include "search/experiment.hpp"

namespace {

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values.empty() ? 0 : values[values.size() / 2];
}

struct Figures {
  std::vector<double> wall, quick, run;
  int failures = 0;
};

Figures time_jobs(std::vector<crucible::sandbox::Job> jobs,
                  const crucible::sandbox::PipelineOptions& options) {
  Figures figures;
  for (auto& job : jobs) {  // one at a time: latency, not throughput
    using Clock = std::chrono::steady_clock;
    auto start = Clock::now();
    auto result = crucible::sandbox::run_job(std::move(job), options);
    figures.wall.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    figures.quick.push_back(result.quick_ms);
    figures.run.push_back(result.run_ms);
    if (result.status != crucible::sandbox::Status::kOk) ++figures.failures;
  }
  return figures;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace crucible;
  if (argc < 2) {
    fmt::print(stderr, "usage: crucible_bench_cascade EXPERIMENT.json [fraction] [candidates]\n");
    return 2;
  }
  const double fraction = argc > 2 ? std::atof(argv[2]) : 0.1;
  const int count = argc > 3 ? std::max(1, std::atoi(argv[3])) : 8;
  auto config = search::load_experiment(argv[1], {});
  const auto& domain = evaluators::find_domain(config.domain);
  auto workload = domain.load_workload(config.workload, config.base_dir);
  auto quick = workload->make_quick(fraction);
  if (!quick) {
    fmt::print(stderr, "domain {} has no quick stage\n", config.domain);
    return 1;
  }
  auto worker = sandbox::Worker::start(search::make_bodies(*workload, quick.get()));
  search::SearchOptions options = config.search;
  options.jobs = 1;
  auto pipeline = search::pipeline_options(options, worker.get());
  const auto& seeds = workload->policy_interface().seeds;
  // Distinct sources, so nothing is reused between modes: a seed with a comment naming its turn.
  auto source = [&](int i, const char* mode) {
    return seeds[static_cast<size_t>(i) % seeds.size()].source + "\n// " + mode + " " +
           std::to_string(i) + "\n";
  };
  // Every candidate rechecked, as search.recheck "all" does.
  const bool recheck = options.recheck != search::SearchOptions::Scope::kOff;
  std::vector<sandbox::Job> full, cut, passed;
  for (int i = 0; i < count; ++i) {
    full.push_back(search::make_job(domain, *workload, source(i, "full"), recheck));
    cut.push_back(search::make_job(domain, *workload, source(i, "cut"), recheck,
                                   quick.get(), [](double) { return false; }));
    passed.push_back(search::make_job(domain, *workload, source(i, "passed"), recheck,
                                      quick.get(), [](double) { return true; }));
  }
  fmt::print("cascade benchmark: {} candidates ({} seeds), fraction {}, recheck {}, {} instances\n",
             count, seeds.size(), fraction, recheck, workload->instances().size());
  fmt::print("{:<22} {:>14} {:>12} {:>12} {:>9}\n", "mode", "median wall ms", "quick ms",
             "full run ms", "failed");
  for (auto& [name, jobs] : {std::pair<const char*, std::vector<sandbox::Job>*>{"one stage", &full},
                             {"two stage, cut", &cut},
                             {"two stage, passed", &passed}}) {
    Figures figures = time_jobs(std::move(*jobs), pipeline);
    fmt::print("{:<22} {:>14.1f} {:>12.1f} {:>12.1f} {:>9}\n", name, median(figures.wall),
               median(figures.quick), median(figures.run), figures.failures);
  }
  return 0;
}
