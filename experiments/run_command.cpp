// crucible run: the whole experiment, from configuration to leaderboard.
#include <fmt/core.h>
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>

#include "commands.hpp"
#include "evaluators/registry.hpp"
#include "search/candidate_eval.hpp"
#include "search/evolution.hpp"
#include "search/experiment.hpp"
#include "search/proposers/builtin/builtin_proposer.hpp"
#include "search/holdout.hpp"
#include "search/report.hpp"
#include "search/store.hpp"

namespace crucible::cli {
namespace {

// The best synthesized candidates scored on held-out inputs after search (seeds always are).
constexpr size_t kHeldOutCandidates = 3;

void print_progress(const search::Progress& progress, const evaluators::Workload& workload) {
  bool is_tty = ::isatty(STDERR_FILENO) != 0;
  if (!progress.is_generation_end && !is_tty) return;
  std::string best = progress.best_fitness
                         ? fmt::format("best {:.4f} {} (#{})", *progress.best_fitness,
                                       workload.fitness_name(), progress.best_candidate)
                         : std::string("no working candidate yet");
  std::string label = progress.generation == 0
                          ? std::string("seeds")
                          : fmt::format("gen {}/{}", progress.generation, progress.generations);
  fmt::print(stderr, "{}[{}] evaluated {} ({} failed)  {}  {:.1f} s{}", is_tty ? "\r\033[K" : "",
             label, progress.evaluated, progress.failed, best, progress.elapsed.count(),
             progress.is_generation_end ? "\n" : "");
}

std::vector<std::string> chosen_baselines(const search::ExperimentConfig& config,
                                          const evaluators::Domain& domain) {
  if (config.baselines.empty()) return domain.default_baselines();
  auto known = domain.baselines();
  for (const auto& name : config.baselines) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      throw evaluators::ConfigError("baselines: unknown baseline \"" + name + "\" for domain " +
                                    std::string(domain.name()) + " (known: " +
                                    fmt::format("{}", fmt::join(known, ", ")) + ")");
    }
  }
  return config.baselines;
}

}  // namespace

int run_experiment(const RunArgs& args) {
  auto config = search::load_experiment(args.config, args.overrides);
  const auto& domain = evaluators::find_domain(config.domain);
  auto baselines = chosen_baselines(config, domain);
  fmt::print(stderr, "loading workload for {} ...\n", config.name);
  auto workload = domain.load_workload(config.workload, config.base_dir);
  fmt::print(stderr, "{} instances; results go to {}\n", workload->instances().size(), args.db);
  // Forked now, while this process is still single-threaded and holds the loaded traces: every
  // candidate run is forked from it and shares the traces copy-on-write.
  auto worker = sandbox::Worker::start(search::make_body(*workload));

  const evaluators::Workload* held_out = workload->held_out();
  auto instances = workload->instances();
  if (held_out != nullptr) {
    instances.insert(instances.end(), held_out->instances().begin(), held_out->instances().end());
    fmt::print(stderr, "{} held-out instances for the final evaluation\n",
               held_out->instances().size());
  }
  search::Store store(args.db);
  int64_t run_id =
      store.begin_run(config.name, config.domain, config.raw, config.seed, instances);
  try {
    for (const auto& name : baselines) {
      auto metrics = workload->evaluate_baseline(name);
      store.add_baseline(run_id, name, metrics);
      double mean = 0;
      for (const auto& m : metrics) mean += m.metric / static_cast<double>(metrics.size());
      fmt::print(stderr, "baseline {}: mean {} {:.4f}\n", name, domain.metric_name(), mean);
    }
    std::vector<sandbox::HeaderFile> headers;
    const auto& interface = workload->policy_interface();
    for (const auto& header : interface.headers) headers.push_back({header.name, header.text});
    search::proposers::BuiltinProposer proposer(std::move(headers), interface.entry_symbol,
                                                static_cast<int>(config.search.max_edits));
    fmt::print(stderr, "run {}: {} generations of {} children, population {}\n", run_id,
               config.search.generations, config.search.children, config.search.population);
    search::evolve(config, domain, *workload, proposer, store, run_id,
                   [&](const search::Progress& progress) { print_progress(progress, *workload); },
                   worker.get());
    if (held_out != nullptr) {
      fmt::print(stderr, "final evaluation on held-out inputs ...\n");
      search::evaluate_holdout(config, domain, *held_out, baselines, store, run_id,
                               kHeldOutCandidates,
                               [](const std::string& line) { fmt::print(stderr, "{}\n", line); });
    }
  } catch (...) {
    store.finish_run(run_id, "failed");
    throw;
  }
  store.finish_run(run_id, "finished");
  fmt::print("{}", search::render_markdown(search::build_leaderboard(store, run_id)));
  if (held_out != nullptr) {
    fmt::print("\n{}", search::render_markdown(search::build_leaderboard(
                           store, run_id, kHeldOutCandidates, /*held_out=*/true)));
  }
  return 0;
}

}  // namespace crucible::cli
