// crucible run: the whole experiment, from configuration to leaderboard.
#include <fmt/core.h>
#include <fmt/format.h>

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <csignal>
#include <map>
#include <memory>
#include <thread>

#include "commands.hpp"
#include "proposer_setup.hpp"
#include "evaluators/registry.hpp"
#include "search/candidate_eval.hpp"
#include "search/evolution.hpp"
#include "search/experiment.hpp"
#include "search/history.hpp"
#include "search/holdout.hpp"
#include "search/winners.hpp"
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
  fmt::print(stderr, "{}[{}] evaluated {} ({} failed, {} cut)  {}  {:.1f} s{}",
             is_tty ? "\r\033[K" : "", label, progress.evaluated, progress.failed, progress.cut,
             best, progress.elapsed.count(),
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

// The best baseline's metric on each search instance, for the archive's "wins" descriptor.
std::vector<double> best_baseline_metrics(search::Store& store, int64_t run_id,
                                          const evaluators::Workload& workload,
                                          bool is_lower_better) {
  std::map<std::string, double> best;
  for (const auto& row : store.evaluations(run_id)) {
    if (row.baseline.empty()) continue;
    auto [it, is_new] = best.try_emplace(row.metrics.instance, row.metrics.metric);
    if (!is_new) {
      it->second = is_lower_better ? std::min(it->second, row.metrics.metric)
                                   : std::max(it->second, row.metrics.metric);
    }
  }
  std::vector<double> out;
  for (const auto& instance : workload.instances()) {
    auto found = best.find(instance.key);
    if (found == best.end()) return {};  // no baseline on some instance: no wins descriptor
    out.push_back(found->second);
  }
  return out;
}

// Set by the first Ctrl-C: the search stops after the batch in flight. A second one kills.
std::atomic<bool> g_stop_requested{false};

extern "C" void on_interrupt(int) {
  g_stop_requested.store(true);
  std::signal(SIGINT, SIG_DFL);
}

// The stored configuration of the run to resume or replay, with --set applied.
search::ExperimentConfig stored_config(search::Store& store, const RunArgs& args) {
  const int64_t id = args.resume ? *args.resume : *args.replay;
  const char* flag = args.resume ? "--resume " : "--replay ";
  auto run = store.find_run(id);
  if (!run) {
    throw evaluators::ConfigError(flag + std::to_string(id) + ": no run " + std::to_string(id) +
                                  " in " + args.db);
  }
  nlohmann::json json = run->config;
  for (const auto& assignment : args.overrides) search::apply_override(json, assignment);
  return search::parse_experiment(json, run->base_dir);
}

}  // namespace

int run_experiment(const RunArgs& args) {
  std::unique_ptr<search::Store> store;
  search::ExperimentConfig config;
  if (args.resume || args.replay) {
    store = std::make_unique<search::Store>(args.db, /*must_exist=*/true);
    config = stored_config(*store, args);
  } else {
    config = search::load_experiment(args.config, args.overrides);
  }
  const auto& domain = evaluators::find_domain(config.domain);
  auto baselines = chosen_baselines(config, domain);
  fmt::print(stderr, "loading workload for {} ...\n", config.name);
  auto workload = domain.load_workload(config.workload, config.base_dir);
  // Checked before the run is stored: an allowed feature the interface does not gate is a typo.
  (void)search::hidden_features(workload->policy_interface(), config.search.allow_features);
  // The archive's descriptors, the workload's own among them, checked before the run is stored.
  config.search.database =
      search::with_workload_features(config.search.database, evaluators::behaviour_names(*workload));
  search::check_features(config.search.database.features, config.search.database.workload_features);
  fmt::print(stderr, "{} instances; results go to {}\n", workload->instances().size(), args.db);
  // Forked now, while this process is still single-threaded and holds the loaded traces: every
  // candidate run is forked from it and shares the traces copy-on-write.
  // The cascade's cheap stage, when asked for and the domain has one.
  std::unique_ptr<evaluators::Workload> quick;
  if (config.search.cascade.enabled) {
    quick = workload->make_quick(config.search.cascade.fraction);
    if (quick == nullptr) {
      fmt::print(stderr, "search.cascade: domain {} has no cheap stage; every candidate is "
                         "evaluated in full\n", config.domain);
    } else {
      fmt::print(stderr, "cascade: a quick stage on {:.0f}% of each instance first\n",
                 100 * config.search.cascade.fraction);
    }
  }
  // The causality check's twin: the same instances with their inputs altered after change points
  // drawn from the experiment's seed.
  std::unique_ptr<evaluators::Workload> altered;
  if (config.search.causality_checks != search::SearchOptions::Scope::kOff) {
    altered = workload->make_altered(config.seed);
    if (altered == nullptr) {
      fmt::print(stderr, "search.causality: domain {} has no causality check\n", config.domain);
    }
  }
  auto worker =
      sandbox::Worker::start(search::make_bodies(*workload, quick.get(), altered.get()));

  const evaluators::Workload* held_out = workload->held_out();
  auto instances = workload->instances();
  if (held_out != nullptr) {
    instances.insert(instances.end(), held_out->instances().begin(), held_out->instances().end());
    fmt::print(stderr, "{} held-out instances for the final evaluation\n",
               held_out->instances().size());
  }
  int64_t run_id = 0;
  if (args.resume) {
    run_id = *args.resume;
    store->mark_running(run_id);
    fmt::print(stderr, "resuming run {} from its latest checkpoint\n", run_id);
  } else {
    if (!store) store = std::make_unique<search::Store>(args.db);
    run_id = store->begin_run(config.name, config.domain, config.raw, config.seed, instances,
                              config.base_dir);
    if (args.replay) {
      fmt::print(stderr, "run {} replays run {} from its recorded model answers\n", run_id,
                 *args.replay);
    }
  }
  search::EvolutionResult result;
  try {
    if (!args.resume) {
      for (const auto& name : baselines) {
        auto metrics = workload->evaluate_baseline(name);
        store->add_baseline(run_id, name, metrics);
        double mean = 0;
        for (const auto& m : metrics) mean += m.metric / static_cast<double>(metrics.size());
        fmt::print(stderr, "baseline {}: mean {} {:.4f}\n", name, domain.metric_name(), mean);
      }
    }
    std::optional<uint64_t> resumed_through;
    if (args.resume) {
      if (auto checkpoint = store->latest_checkpoint(run_id)) {
        resumed_through = static_cast<uint64_t>(checkpoint->first);
      }
    }
    auto proposers = make_proposers(config, domain, *workload, args.db, run_id, args.replay,
                                    resumed_through, &g_stop_requested);
    search::SandboxEvaluator evaluator(domain, *workload, config.search, worker.get(),
                                       quick.get(), altered.get());
    search::TimeProfile profile;
    evaluator.set_profile(&profile);
    search::SearchInputs inputs{config,
                                *workload,
                                *proposers.proposer,
                                evaluator,
                                *store,
                                run_id,
                                best_baseline_metrics(*store, run_id, *workload,
                                                      domain.is_lower_better()),
                                domain.is_lower_better(),
                                std::string(domain.metric_name()),
                                &g_stop_requested,
                                &profile};
    const auto search_started = std::chrono::steady_clock::now();
    fmt::print(stderr, "run {}: {} generations of {} children on {} islands\n", run_id,
               config.search.generations, config.search.children,
               config.search.database.islands);
    std::signal(SIGINT, on_interrupt);
    result = search::evolve(
        inputs, [&](const search::Progress& progress) { print_progress(progress, *workload); },
        args.resume.has_value());
    std::signal(SIGINT, SIG_DFL);
    fmt::print(stderr, "stopped after generation {}: {}\n", result.generation,
               search::stop_reason_name(result.reason));
    const std::chrono::duration<double> searched = std::chrono::steady_clock::now() - search_started;
    fmt::print(stderr, "\n{}\n", profile.render(searched.count(),
                                                 std::max(1U, std::thread::hardware_concurrency()),
                                                 profile.count(search::TimeProfile::kVerify)));
    if (altered != nullptr) {
      fmt::print(stderr, "causality check: {} candidates run on altered inputs, {} read the future\n",
                 evaluator.causality_checked(), evaluator.causality_violations());
    }
    if (proposers.llm) {
      const auto counts = proposers.llm->reply_counts();
      const auto spent = proposers.llm->budget().total();
      fmt::print(stderr,
                 "language models: {} requests, {} input and {} output tokens, ${:.4f}; replies "
                 "{} truncated, {} without code, {} with edits that did not apply; {} requests "
                 "failed after their tries\n",
                 spent.requests, spent.input_tokens, spent.output_tokens, spent.dollars,
                 counts.truncated, counts.without_code, counts.edits_failed, counts.failed);
    }
    if (result.reason == search::StopReason::kInterrupted) {
      store->finish_run(run_id, "interrupted");
      fmt::print(stderr, "continue with: crucible run --resume {} --db {}\n", run_id, args.db);
      fmt::print("{}", search::render_markdown(search::build_leaderboard(*store, run_id)));
      return 130;
    }
    auto print_line = [](const std::string& line) { fmt::print(stderr, "{}\n", line); };
    std::vector<int64_t> simplified;
    if (config.search.simplify && result.best_candidate) {
      if (auto id = search::simplify_best(config, domain, *workload, *store, run_id,
                                          *result.best_candidate, *config.search.simplify,
                                          print_line)) {
        simplified.push_back(*id);
      }
    }
    if (held_out != nullptr) {
      fmt::print(stderr, "final evaluation on held-out inputs ...\n");
      search::evaluate_holdout(config, domain, *held_out, baselines, *store, run_id,
                               kHeldOutCandidates, print_line, simplified);
    }
  } catch (...) {
    std::signal(SIGINT, SIG_DFL);
    store->finish_run(run_id, "failed");
    throw;
  }
  store->finish_run(run_id, "finished");
  fmt::print("{}", search::render_markdown(search::build_leaderboard(*store, run_id)));
  if (held_out != nullptr) {
    fmt::print("\n{}", search::render_markdown(search::build_leaderboard(
                           *store, run_id, kHeldOutCandidates, /*held_out=*/true)));
  }
  fmt::print("{}", search::render_history_markdown(search::build_history(*store, run_id),
                                                   workload->fitness_name()));
  return 0;
}

}  // namespace crucible::cli
