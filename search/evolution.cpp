#include "evolution.hpp"

#include <algorithm>
#include <fstream>
#include <random>
#include <sstream>
#include <unordered_set>

#include "search/candidate_eval.hpp"

namespace crucible::search {
namespace {

using Clock = std::chrono::steady_clock;

struct Pending {
  std::string source;
  std::string origin;
  std::optional<int64_t> parent_id;
};

struct Member {
  int64_t id = 0;
  double fitness = 0;
  std::string source;
};

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw evaluators::ConfigError("seed " + path.string() + ": cannot read");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

class Loop {
 public:
  Loop(const ExperimentConfig& config, const evaluators::Domain& domain,
       const evaluators::Workload& workload, proposers::Proposer& proposer, Store& store,
       int64_t run_id, const ProgressCallback& on_progress, sandbox::Worker* worker)
      : config_(config),
        domain_(domain),
        workload_(workload),
        proposer_(proposer),
        store_(store),
        run_id_(run_id),
        on_progress_(on_progress),
        worker_(worker),
        rng_(config.seed),
        started_(Clock::now()) {}

  EvolutionResult run() {
    evaluate_generation(0, seeds());
    if (population_.empty()) {
      throw evaluators::ConfigError(
          "no seed policy compiled and ran; see the candidates' diagnostics with crucible report --format json");
    }
    for (uint64_t generation = 1; generation <= config_.search.generations; ++generation) {
      evaluate_generation(generation, propose_children());
    }
    EvolutionResult result;
    result.evaluated = progress_.evaluated;
    result.best_candidate = population_.front().id;
    result.best_fitness = population_.front().fitness;
    return result;
  }

 private:
  std::vector<Pending> seeds() {
    std::vector<Pending> out;
    if (config_.use_domain_seeds) {
      for (const auto& seed : workload_.policy_interface().seeds) {
        out.push_back({seed.source, "seed " + seed.name, {}});
      }
    }
    for (const auto& path : config_.seed_files) {
      out.push_back({read_text(path), "seed " + path.filename().string(), {}});
    }
    return out;
  }

  const Member& tournament_pick() {
    const Member* best = nullptr;
    for (uint64_t i = 0; i < std::max<uint64_t>(1, config_.search.tournament); ++i) {
      const Member& pick = population_[rng_() % population_.size()];
      if (best == nullptr || pick.fitness > best->fitness) best = &pick;
    }
    return *best;
  }

  std::vector<Pending> propose_children() {
    std::vector<Pending> children;
    uint64_t attempts = 0;
    while (children.size() < config_.search.children && attempts < config_.search.children * 10) {
      ++attempts;
      const Member& parent = tournament_pick();
      auto proposal = proposer_.propose({{parent.id, parent.source, parent.fitness}, {}}, rng_);
      if (!proposal || !seen_.insert(source_hash(proposal->source)).second) continue;
      children.push_back({std::move(proposal->source), std::move(proposal->origin), parent.id});
    }
    return children;
  }

  void evaluate_generation(uint64_t generation, std::vector<Pending> pending) {
    std::vector<sandbox::Job> jobs;
    for (const auto& item : pending) {
      seen_.insert(source_hash(item.source));
      jobs.push_back(make_job(domain_, workload_, item.source, config_.search.recheck));
    }
    // Results are kept by index so that completion order never changes the next generation.
    std::vector<std::optional<Member>> finished(pending.size());
    sandbox::run_jobs(jobs, pipeline_options(config_.search, worker_), [&](size_t index, sandbox::JobResult raw) {
      ScoredCandidate scored = score_result(domain_, workload_, std::move(raw));
      CandidateRecord record;
      record.run_id = run_id_;
      record.generation = static_cast<int64_t>(generation);
      record.origin = pending[index].origin;
      record.parent_id = pending[index].parent_id;
      record.source = pending[index].source;
      record.source_hash = source_hash(record.source);
      record.status = std::string(sandbox::status_name(scored.status));
      record.diagnostics = scored.diagnostics;
      record.output = scored.output;
      record.fitness = scored.fitness;
      record.verify_ms = scored.verify_ms;
      record.compile_ms = scored.compile_ms;
      record.eval_ms = scored.eval_ms;
      int64_t id = store_.add_candidate(record, scored.metrics);
      ++progress_.evaluated;
      if (scored.fitness) {
        finished[index] = Member{id, *scored.fitness, record.source};
        if (!progress_.best_fitness || *scored.fitness > *progress_.best_fitness) {
          progress_.best_fitness = scored.fitness;
          progress_.best_candidate = id;
        }
      } else {
        ++progress_.failed;
      }
      report(generation, false);
    });
    for (auto& member : finished) {
      if (member) population_.push_back(std::move(*member));
    }
    // Stable: among equal fitness the older candidate (earlier in the vector) stays ahead.
    std::stable_sort(population_.begin(), population_.end(),
                     [](const Member& a, const Member& b) { return a.fitness > b.fitness; });
    if (population_.size() > config_.search.population) population_.resize(config_.search.population);
    report(generation, true);
  }

  void report(uint64_t generation, bool is_generation_end) {
    if (!on_progress_) return;
    progress_.generation = generation;
    progress_.generations = config_.search.generations;
    progress_.elapsed = Clock::now() - started_;
    progress_.is_generation_end = is_generation_end;
    on_progress_(progress_);
  }

  const ExperimentConfig& config_;
  const evaluators::Domain& domain_;
  const evaluators::Workload& workload_;
  proposers::Proposer& proposer_;
  Store& store_;
  int64_t run_id_;
  const ProgressCallback& on_progress_;
  sandbox::Worker* worker_;
  std::mt19937_64 rng_;
  Clock::time_point started_;
  std::vector<Member> population_;
  std::unordered_set<std::string> seen_;
  Progress progress_;
};

}  // namespace

EvolutionResult evolve(const ExperimentConfig& config, const evaluators::Domain& domain,
                       const evaluators::Workload& workload, proposers::Proposer& proposer,
                       Store& store, int64_t run_id, const ProgressCallback& on_progress,
                       sandbox::Worker* worker) {
  return Loop(config, domain, workload, proposer, store, run_id, on_progress, worker).run();
}

}  // namespace crucible::search
