#include "evolution.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <fstream>
#include <exception>
#include <condition_variable>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <tbb/parallel_for.h>

#include "search/database.hpp"
#include "search/novelty.hpp"
#include "search/tuning.hpp"

namespace crucible::search {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kProposalAttempts = 4;
constexpr int64_t kSlotsPerGeneration = 1'000'000;  // ProgramEntry::order = generation * it + slot
// Repairs of the last generation's failed candidates take the slots from here on.
constexpr size_t kFirstRepairSlot = 500'000;
// The tuning of the last generation's new best takes the slots from here on.
constexpr size_t kFirstTuningSlot = 900'000;
bool is_repairable(const std::string& status) {
  return status == "compile_error" || status == "rejected";
}

// A generator for one slot of one generation: the same (seed, generation, slot) always gives the
// same draws, whatever ran before (std::seed_seq's mixing is fixed by the standard).
std::mt19937_64 rng_for(uint64_t seed, uint64_t generation, uint64_t slot) {
  std::seed_seq sequence{static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32),
                         static_cast<uint32_t>(generation), static_cast<uint32_t>(generation >> 32),
                         static_cast<uint32_t>(slot), static_cast<uint32_t>(slot >> 32)};
  return std::mt19937_64(sequence);
}

double ms_since(Clock::time_point since) {
  return std::chrono::duration<double, std::milli>(Clock::now() - since).count();
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw evaluators::ConfigError("seed " + path.string() + ": cannot read");
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// One candidate of a batch, before and after its evaluation.
struct Child {
  size_t slot = 0;
  std::optional<size_t> island;  // none for seeds
  std::optional<int64_t> parent;
  std::vector<int64_t> donors;
  std::string source;
  std::string origin;
  std::string proposer;
  double dollars = 0;  // what proposing it cost
  NoveltyKeys keys;
  // Filled in once stored:
  std::optional<int64_t> id;
  std::optional<double> fitness;
  std::optional<double> quick_fitness;
  std::vector<double> features;
  std::string status;    // the sandbox's verdict
  std::string feedback;  // for proposers: per-instance results, or the diagnostics
  uint64_t repair_depth = 0;  // repairs between it and the last candidate that was not one
};

// A failed candidate to send back to its proposer in the next generation.
struct RepairTicket {
  int64_t candidate = 0;
  size_t island = 0;
  uint64_t depth = 0;  // its own repair depth
  std::string proposer;
};

class Loop {
 public:
  Loop(const SearchInputs& inputs, const ProgressCallback& on_progress)
      : in_(inputs),
        options_(inputs.config.search),
        on_progress_(on_progress),
        database_(with_workload_features(options_.database,
                                         evaluators::behaviour_names(inputs.workload))),
        headers_(header_files(inputs.workload.policy_interface())),
        parse_pch_(parse_prelude(inputs.workload.policy_interface())),
        started_(Clock::now()) {}

  EvolutionResult run(bool resume) {
    uint64_t generation = 0;
    if (resume && restore()) {
      generation = generation_ + 1;
    } else {
      if (resume) load_programs(in_.store.candidates(in_.run_id));  // no checkpoint: the seeds are replayed, stored ones reused
      run_seeds();
      generation = 1;
    }
    for (; !stop_reason_; ++generation) {
      if (generation > options_.generations) {
        stop_reason_ = StopReason::kGenerations;
        break;
      }
      run_generation(generation);
    }
    EvolutionResult result;
    result.evaluated = evaluated_;
    result.best_candidate = database_.best_overall();
    if (result.best_candidate) result.best_fitness = database_.entry(*result.best_candidate).fitness;
    result.generation = generation_;
    result.reason = *stop_reason_;
    return result;
  }

 private:
  // --- seeds and generations ---

  void run_seeds() {
    std::vector<Child> seeds;
    auto add_seed = [&](std::string source, std::string origin) {
      Child child;
      child.slot = seeds.size();
      child.source = std::move(source);
      child.origin = std::move(origin);
      child.proposer = "seed";
      child.keys = keys_of(child.source);
      seeds.push_back(std::move(child));
    };
    if (in_.config.use_domain_seeds) {
      for (const auto& seed : in_.workload.policy_interface().seeds) {
        add_seed(seed.source, "seed " + seed.name);
      }
    }
    for (const auto& path : in_.config.seed_files) {
      add_seed(read_text(path), "seed " + path.filename().string());
    }
    evaluate(0, seeds);
    std::vector<Placement> placements;
    for (const Child& seed : seeds) {
      if (!seed.fitness) continue;
      for (size_t island = 0; island < database_.island_count(); ++island) {
        bool is_elite = database_.add(island, entry_of(seed, 0), Arrival::kSeed, 0);
        placements.push_back({static_cast<int64_t>(island), *seed.id, "seed", is_elite});
      }
    }
    if (!database_.best_overall()) {
      throw evaluators::ConfigError(
          "no seed policy compiled and ran; see the candidates' diagnostics with crucible report "
          "--format json");
    }
    finish_generation(0, placements);
  }

  void run_generation(uint64_t generation) {
    std::vector<Child> tuned;
    std::vector<Child> children = propose_and_evaluate(generation, tuned);
    if (in_.proposer.was_interrupted()) {
      // Some slot was never proposed: the generation stays open. Its stored candidates are
      // reused when a resume replays it.
      stop_reason_ = StopReason::kInterrupted;
      return;
    }
    std::vector<Placement> placements;
    // The proposals, then the tuned points, each in slot order.
    const auto place = [&](const std::vector<Child>& scored, const char* kind) {
      for (const Child& child : scored) {
        if (!child.fitness) continue;
        const bool is_elite = database_.add(*child.island, entry_of(child, generation),
                                            Arrival::kProposed, generation);
        placements.push_back({static_cast<int64_t>(*child.island), *child.id, kind, is_elite});
      }
    };
    place(children, "proposed");
    place(tuned, "tuned");
    const uint64_t interval = options_.database.migration_interval;
    if (interval > 0 && generation % interval == 0) {
      for (const auto& [island, id] : database_.migrate(generation)) {
        placements.push_back({static_cast<int64_t>(island), id, "migrant", false});
      }
    }
    for (size_t island : database_.reset_stagnant(generation)) {
      placements.push_back({static_cast<int64_t>(island), *database_.best(island), "reset", true});
    }
    finish_generation(generation, placements);
  }

  // A generation's proposals while they are drafted; every field under `mutex`.
  struct GenerationDrafts {
    explicit GenerationDrafts(size_t count) : slots(count), is_drafted(count, false) {}
    std::mutex mutex;
    // By position: the generation's slots in order (its proposals', then its repairs'). An
    // element never moves once set.
    std::vector<std::optional<Child>> slots;
    std::vector<bool> is_drafted;
    size_t next_release = 0;
    std::map<std::string, size_t> in_batch;  // canonical hash -> slot, this generation
    std::vector<size_t> kept;                 // the positions kept, in order
    // Request index -> (a tuned point?, its position in `slots` or `tuned`).
    std::vector<std::pair<bool, size_t>> evaluating;
    std::deque<Child> tuned;                  // the tuning's points, in slot order (never move)
    size_t tuning_pending = 0;                // of the tuning's batch in flight, not yet stored
    std::condition_variable tuning_stored;    // tuning_pending fell
    uint64_t duplicates = 0;
    uint64_t literal_capped = 0;
    std::vector<std::pair<size_t, proposers::Outcome>> dropped;  // by slot: never evaluated
  };

  // The last generation's new best, when tuning its literals is to start in this generation (as
  // of the last checkpoint, so a replayed generation starts the same).
  std::optional<int64_t> tuning_target(uint64_t generation) const {
    if (options_.tuning.evaluations == 0 || generation < 2) return std::nullopt;
    const auto best = database_.best_overall();
    if (!best || *best == last_tuned_) return std::nullopt;
    if (database_.entry(*best).order / kSlotsPerGeneration != static_cast<int64_t>(generation) - 1) {
      return std::nullopt;
    }
    return best;
  }

  // The generation's children, one per slot at most, slot s proposed on island s mod islands.
  // Slots are drafted in parallel on oneTBB, from a thread of their own, while this thread feeds
  // the evaluator. Each draft reads only the state as of the last checkpoint and its own
  // generator; a sequencer then releases the drafts in slot order, runs the novelty filters in
  // that order and hands each survivor to the evaluator at once. So proposing overlaps compiling
  // and evaluating, and what is proposed and kept does not depend on scheduling. Nothing the
  // drafts read changes before the generation ends.
  // `tuned` receives the tuning's points (stored, in slot order) for placement after the
  // children. The tuning session's next batch runs on a thread of its own beside the drafts:
  // its points go through the same feed, so the sandbox is not left with one candidate at a time
  // while Nelder-Mead waits on its (mostly one-point) batches.
  std::vector<Child> propose_and_evaluate(uint64_t generation, std::vector<Child>& tuned) {
    const std::vector<RepairTicket> repairs = std::move(repairs_);
    repairs_.clear();
    GenerationDrafts drafts(options_.children + repairs.size());
    RequestFeed feed;
    std::atomic<bool> is_cancelled{false};
    std::exception_ptr draft_failure;
    std::exception_ptr tuning_failure;
    if (const std::optional<int64_t> target = tuning_target(generation)) start_tuning(*target);
    // The tuning's next batch, evaluated beside the proposals.
    const std::vector<std::vector<double>> points =
        tuning_ ? tuning_->search.ask() : std::vector<std::vector<double>>();
    std::vector<double> scores;
    // The feed closes when the last of its producers is done.
    std::atomic<int> producers{points.empty() ? 1 : 2};
    auto producer_done = [&] {
      if (producers.fetch_sub(1) == 1) feed.close();
    };
    std::thread tuning;
    if (!points.empty()) {
      tuning = std::thread([&] {
        try {
          scores = tune(generation, points, drafts, feed, is_cancelled);
        } catch (...) {
          tuning_failure = std::current_exception();
        }
        producer_done();
      });
    }
    std::thread drafting([&] {
      try {
        tbb::parallel_for(size_t{0}, drafts.slots.size(), [&](size_t position) {
          std::optional<Child> child;
          if (!is_cancelled.load()) {
            child = position < options_.children
                        ? draft(generation, position)
                        : draft_repair(generation, kFirstRepairSlot + position - options_.children,
                                       repairs[position - options_.children]);
          }
          std::lock_guard lock(drafts.mutex);
          release(generation, drafts, position, std::move(child), feed);
        });
      } catch (...) {
        draft_failure = std::current_exception();
      }
      producer_done();
    });
    auto join_all = [&] {
      drafting.join();
      if (tuning.joinable()) tuning.join();
    };
    try {
      in_.evaluator.evaluate(feed, [&](size_t index, ScoredCandidate scored) {
        // Found under the lock (the containers may grow meanwhile); an element never moves.
        Child* child = nullptr;
        bool is_tuning = false;
        {
          std::lock_guard lock(drafts.mutex);
          const auto [tuned_point, position] = drafts.evaluating.at(index);
          is_tuning = tuned_point;
          child = is_tuning ? &drafts.tuned[position] : &*drafts.slots[position];
        }
        store_result(generation, *child, std::move(scored));
        if (is_tuning) {
          std::lock_guard lock(drafts.mutex);
          --drafts.tuning_pending;
          drafts.tuning_stored.notify_all();
        }
      });
    } catch (...) {
      // The evaluator cannot go on: the drafts and tuned points left are not worth making.
      {
        std::lock_guard lock(drafts.mutex);
        is_cancelled = true;
        drafts.tuning_stored.notify_all();
      }
      join_all();
      throw;
    }
    join_all();
    if (draft_failure) std::rethrow_exception(draft_failure);
    if (tuning_failure) std::rethrow_exception(tuning_failure);
    if (!points.empty()) {
      tuning_->search.tell(scores);
      if (tuning_->search.is_done()) tuning_.reset();
    }
    tuned.assign(std::make_move_iterator(drafts.tuned.begin()),
                 std::make_move_iterator(drafts.tuned.end()));
    remember(tuned);
    duplicates_ += drafts.duplicates;
    literal_capped_ += drafts.literal_capped;
    std::vector<Child> children;
    for (size_t position : drafts.kept) children.push_back(std::move(*drafts.slots[position]));
    remember(children);
    // A proposer's child that did not verify or compile goes back to it with its diagnostics.
    for (const Child& child : children) {
      if (child.id && !child.fitness && is_repairable(child.status) && child.island &&
          child.proposer.starts_with("llm:") && child.repair_depth < max_repairs()) {
        repairs_.push_back({*child.id, *child.island, child.repair_depth, child.proposer});
      }
    }
    // What became of every proposal, in slot order, for the proposer to learn from.
    std::vector<std::pair<size_t, proposers::Outcome>> outcomes = std::move(drafts.dropped);
    for (const Child& child : children) outcomes.emplace_back(child.slot, outcome_of(child));
    std::sort(outcomes.begin(), outcomes.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<proposers::Outcome> in_order;
    for (auto& [slot, outcome] : outcomes) in_order.push_back(std::move(outcome));
    in_.proposer.observe(in_order);
    return children;
  }

  proposers::Outcome outcome_of(const Child& child) const {
    proposers::Outcome outcome;
    outcome.proposer = child.proposer;
    if (child.parent) outcome.parent_fitness = programs_.at(*child.parent).fitness;
    outcome.fitness = child.fitness;
    outcome.dollars = child.dollars;
    return outcome;
  }

  // Records slot's draft, then releases every draft now complete in slot order: the novelty
  // filters, then the evaluator (or, on a resume, the result already stored). Under drafts.mutex.
  void release(uint64_t generation, GenerationDrafts& drafts, size_t position,
               std::optional<Child> draft, RequestFeed& feed) const {
    drafts.slots[position] = std::move(draft);
    drafts.is_drafted[position] = true;
    for (; drafts.next_release < drafts.slots.size() && drafts.is_drafted[drafts.next_release];
         ++drafts.next_release) {
      std::optional<Child>& child = drafts.slots[drafts.next_release];
      if (!child) continue;
      const bool is_duplicate =
          seen_.contains(child->keys.hash) || drafts.in_batch.contains(child->keys.hash);
      if (is_duplicate || database_.is_literal_capped(*child->island, child->keys.skeleton)) {
        // An exact duplicate is never evaluated again; nor is a literal variant over the cap.
        ++(is_duplicate ? drafts.duplicates : drafts.literal_capped);
        drafts.dropped.emplace_back(child->slot, outcome_of(*child));
        child.reset();
        continue;
      }
      drafts.in_batch[child->keys.hash] = child->slot;
      drafts.kept.push_back(drafts.next_release);
      if (reuse_stored(generation, *child)) continue;
      drafts.evaluating.emplace_back(false, drafts.next_release);
      feed.push(request_for(*child));
    }
  }

  // One slot's proposal with its novelty keys, or none when the proposer made nothing.
  std::optional<Child> draft(uint64_t generation, size_t slot) const {
    const size_t island = slot % database_.island_count();
    auto rng = rng_for(in_.config.seed, generation, slot);
    const int64_t parent = database_.select_parent(island, rng);
    proposers::ProposalRequest request;
    request.parent = program(parent);
    for (int64_t id : database_.inspirations(island, parent, rng)) {
      request.inspirations.push_back(program(id));
    }
    request.generation = generation;
    request.slot = slot;
    return ask(request, rng, island, parent, 0);
  }

  // A repair of a failed candidate, on its island, by the proposer that made it.
  std::optional<Child> draft_repair(uint64_t generation, size_t slot,
                                    const RepairTicket& ticket) const {
    auto rng = rng_for(in_.config.seed, generation, slot);
    proposers::ProposalRequest request;
    request.parent = program(ticket.candidate);
    request.generation = generation;
    request.slot = slot;
    request.is_repair = true;
    request.parent_proposer = ticket.proposer;
    return ask(request, rng, ticket.island, ticket.candidate, ticket.depth + 1);
  }

  // The proposer's answer to `request` (a few tries), as a child of `parent` on `island`.
  std::optional<Child> ask(proposers::ProposalRequest& request, std::mt19937_64& rng,
                           size_t island, int64_t parent, uint64_t repair_depth) const {
    std::optional<proposers::Proposal> proposal;
    const auto drafting = Clock::now();
    for (int attempt = 0; attempt < kProposalAttempts && !proposal; ++attempt) {
      request.attempt = static_cast<uint32_t>(attempt);
      proposal = in_.proposer.propose(request, rng);
    }
    profile(TimeProfile::kDraft, drafting);
    if (!proposal) return std::nullopt;
    Child child;
    child.slot = request.slot;
    child.island = island;
    child.parent = parent;
    child.donors = proposal->donors;
    child.source = std::move(proposal->source);
    child.origin = std::move(proposal->origin);
    child.proposer = !proposal->proposer.empty() ? proposal->proposer
                     : request.is_repair          ? request.parent_proposer
                                                  : in_.proposer.name();
    child.dollars = proposal->dollars;
    child.repair_depth = repair_depth;
    child.keys = keys_of(child.source, proposal->parsed.get());
    return child;
  }

  // With `parsed` (the proposer's parse of `source` against the same headers), read off it.
  NoveltyKeys keys_of(const std::string& source,
                      const sandbox::ParsedSource* parsed = nullptr) const {
    const auto started = Clock::now();
    NoveltyKeys keys = parsed != nullptr ? novelty_of(source, *parsed)
                                          : novelty_of(source, headers_, parse_pch_);
    profile(TimeProfile::kNovelty, started);
    return keys;
  }

  void profile(TimeProfile::Phase phase, Clock::time_point since) const {
    if (in_.profile != nullptr) in_.profile->add(phase, ms_since(since));
  }

  uint64_t max_repairs() const { return in_.config.llm ? in_.config.llm->repairs : 0; }

  // A Nelder-Mead session over the numeric literals of `target` (the last generation's new
  // best), replacing any session still running: tuning follows the best.
  void start_tuning(int64_t target) {
    last_tuned_ = target;
    tuning_.reset();
    auto tunable = TunableSource::parse(programs_.at(target).source, headers_, parse_pch_);
    if (!tunable) return;
    size_t island = 0;
    while (island < database_.island_count() && database_.best(island) != target) ++island;
    if (island == database_.island_count()) return;
    NelderMeadOptions options;
    options.max_evaluations = options_.tuning.evaluations;
    NelderMead search(tunable->values(), tunable->initial_steps(), options);
    tuning_.emplace(TuningSession{target, island, std::move(*tunable), std::move(search)});
  }

  // One batch of the tuning session: `points` written into the target's literals, evaluated
  // through the generation's feed beside the drafts (on a thread of its own), each point's score
  // returned once the batch is stored. Its points take the slots from kFirstTuningSlot, so a
  // replayed generation finds them stored; the optimizer is deterministic and checkpointed, so
  // it asks the same points again. Reads only the state of the last checkpoint.
  std::vector<double> tune(uint64_t generation, const std::vector<std::vector<double>>& points,
                           GenerationDrafts& drafts, RequestFeed& feed,
                           const std::atomic<bool>& is_cancelled) const {
    constexpr double kFailed = -std::numeric_limits<double>::infinity();
    const TuningSession& session = *tuning_;
    std::vector<double> scores(points.size(), kFailed);
    std::vector<std::optional<size_t>> evaluated_as(points.size());  // position in drafts.tuned
    std::map<std::string, size_t> in_batch;                          // canonical hash -> position
    std::unique_lock lock(drafts.mutex, std::defer_lock);
    for (size_t i = 0; i < points.size(); ++i) {
      std::string source;
      const auto drafting = Clock::now();
      try {
        source = session.tunable.with_values(points[i]);
      } catch (const std::invalid_argument&) {
        continue;  // a point that cannot be written (not finite): failed
      }
      profile(TimeProfile::kDraft, drafting);
      Child child;
      child.slot = kFirstTuningSlot + i;
      child.island = session.island;
      child.parent = session.target;
      child.source = std::move(source);
      child.origin = "tuning: the literals of #" + std::to_string(session.target);
      child.proposer = "tuning";
      child.keys = keys_of(child.source);
      if (auto seen = seen_.find(child.keys.hash); seen != seen_.end()) {
        scores[i] = programs_.at(seen->second).fitness.value_or(kFailed);  // stored: reused
        continue;
      }
      if (auto twin = in_batch.find(child.keys.hash); twin != in_batch.end()) {
        evaluated_as[i] = twin->second;
        continue;
      }
      lock.lock();
      const size_t position = drafts.tuned.size();
      in_batch[child.keys.hash] = position;
      evaluated_as[i] = position;
      drafts.tuned.push_back(std::move(child));
      Child& queued = drafts.tuned.back();
      if (!reuse_stored(generation, queued)) {
        drafts.evaluating.emplace_back(true, position);
        ++drafts.tuning_pending;
        feed.push(request_for(queued));
      }
      lock.unlock();
    }
    lock.lock();
    drafts.tuning_stored.wait(lock,
                              [&] { return drafts.tuning_pending == 0 || is_cancelled.load(); });
    for (size_t i = 0; i < points.size(); ++i) {
      if (evaluated_as[i]) scores[i] = drafts.tuned[*evaluated_as[i]].fitness.value_or(kFailed);
    }
    return scores;
  }

  // Evaluates the children not already stored for this generation (a resume) and stores each
  // result as it arrives.
  void evaluate(uint64_t generation, std::vector<Child>& children) {
    std::vector<size_t> pending;
    std::vector<EvaluationRequest> requests;
    for (size_t i = 0; i < children.size(); ++i) {
      if (reuse_stored(generation, children[i])) continue;
      pending.push_back(i);
      requests.push_back(request_for(children[i]));
    }
    in_.evaluator.evaluate_all(requests, [&](size_t index, ScoredCandidate scored) {
      store_result(generation, children[pending[index]], std::move(scored));
    });
    remember(children);
  }

  // The stored children become parents, inspirations and the novelty set for what follows.
  void remember(const std::vector<Child>& children) {
    for (const Child& child : children) {
      if (!child.id) continue;
      seen_[child.keys.hash] = *child.id;
      programs_[*child.id] = {*child.id, child.source, child.fitness, child.status,
                              child.feedback};
      if (child.quick_fitness) quick_fitness_[*child.id] = *child.quick_fitness;
    }
  }

  // What the evaluator needs to judge `child` by: its source and the cascade's references.
  EvaluationRequest request_for(const Child& child) const {
    EvaluationRequest request{child.source, quick_reference(child.island), best_reference(child),
                              std::nullopt};
    if (options_.cascade.cut_parent_ties && child.parent) {
      if (auto found = quick_fitness_.find(*child.parent); found != quick_fitness_.end()) {
        request.parent_quick = found->second;
      }
    }
    return request;
  }

  // The quick fitness of the island's best (as of the last checkpoint: the batch's snapshot).
  std::optional<double> quick_reference(std::optional<size_t> island) const {
    if (!island) return std::nullopt;
    const auto best = database_.best(*island);
    if (!best) return std::nullopt;
    auto found = quick_fitness_.find(*best);
    if (found == quick_fitness_.end()) return std::nullopt;
    return found->second;
  }

  // The fitness `child` must beat to displace its island's best (as of the last checkpoint: the
  // batch's snapshot): the best's score plus the child's own parsimony penalty, so that
  // fitness > reference exactly when the child's score beats the best's. With no parsimony, the
  // best's fitness.
  std::optional<double> best_reference(const Child& child) const {
    if (!child.island) return std::nullopt;
    const auto best = database_.best(*child.island);
    if (!best) return std::nullopt;
    return database_.score(database_.entry(*best)) +
           options_.database.parsimony * static_cast<double>(child.keys.tokens);
  }

  bool reuse_stored(uint64_t generation, Child& child) const {
    auto found = stored_.find({generation, child.slot});
    if (found == stored_.end() || found->second.source_hash != source_hash(child.source)) {
      return false;
    }
    const CandidateRecord& record = found->second;
    child.id = record.id;
    child.fitness = record.fitness;
    child.quick_fitness = record.quick_fitness;
    if (record.features.is_array()) child.features = record.features.get<std::vector<double>>();
    child.status = record.status;
    auto metrics = stored_metrics_.find(record.id);
    child.feedback = record.fitness && metrics != stored_metrics_.end()
                         ? feedback_of(metrics->second)
                         : record.diagnostics;
    return true;
  }

  void store_result(uint64_t generation, Child& child, ScoredCandidate scored) {
    CandidateRecord record;
    record.run_id = in_.run_id;
    record.generation = static_cast<int64_t>(generation);
    record.origin = child.origin;
    record.parent_id = child.parent;
    record.source = child.source;
    record.source_hash = source_hash(child.source);
    record.status = std::string(sandbox::status_name(scored.status));
    record.diagnostics = scored.diagnostics;
    record.output = scored.output;
    record.fitness = scored.fitness;
    record.verify_ms = scored.verify_ms;
    record.compile_ms = scored.compile_ms;
    record.eval_ms = scored.eval_ms;
    if (child.island) record.island = static_cast<int64_t>(*child.island);
    record.slot = static_cast<int64_t>(child.slot);
    record.proposer = child.proposer;
    record.canonical_hash = child.keys.hash;
    record.skeleton = child.keys.skeleton;
    if (scored.fitness) child.features = features_of(child, scored.metrics);
    child.status = record.status;
    child.feedback = scored.fitness ? feedback_of(scored.metrics) : record.diagnostics;
    record.features = child.features;
    record.stage = scored.is_cut ? "quick" : "full";
    record.quick_fitness = scored.quick_fitness;
    child.quick_fitness = scored.quick_fitness;
    std::vector<LineageEdge> lineage;
    if (child.parent) lineage.push_back({*child.parent, "parent"});
    for (int64_t donor : child.donors) lineage.push_back({donor, "donor"});
    child.id = in_.store.add_candidate(record, scored.metrics, lineage);
    child.fitness = scored.fitness;
    ++evaluated_;
    if (scored.is_cut) {
      ++cut_;
    } else if (!scored.fitness) {
      ++failed_;
    }
    if (scored.fitness && (!best_fitness_ || *scored.fitness > *best_fitness_)) {
      best_fitness_ = scored.fitness;
      best_candidate_ = *child.id;
    }
    report(generation, false);
  }

  // Per-instance results as a proposer's prompt shows them, the best baseline's beside each.
  std::string feedback_of(const std::vector<evaluators::InstanceMetrics>& metrics) const {
    if (metrics.empty()) return {};
    std::string text = "Per instance, " + in_.metric_name +
                       (in_.is_lower_better ? " (lower is better)" : " (higher is better)") +
                       (in_.best_baseline.empty() ? "" : ", the best baseline's in brackets") +
                       ":\n";
    for (size_t i = 0; i < metrics.size(); ++i) {
      char line[160];
      if (i < in_.best_baseline.size()) {
        std::snprintf(line, sizeof line, "- %s: %.6g (%.6g)\n", metrics[i].instance.c_str(),
                      metrics[i].metric, in_.best_baseline[i]);
      } else {
        std::snprintf(line, sizeof line, "- %s: %.6g\n", metrics[i].instance.c_str(),
                      metrics[i].metric);
      }
      text += line;
    }
    return text;
  }

  std::vector<double> features_of(const Child& child,
                                   const std::vector<evaluators::InstanceMetrics>& metrics) const {
    double wins = 0;
    const size_t n = std::min(metrics.size(), in_.best_baseline.size());
    for (size_t i = 0; i < n; ++i) {
      const double mine = metrics[i].metric;
      const double theirs = in_.best_baseline[i];
      wins += (in_.is_lower_better ? mine < theirs : mine > theirs) ? 1 : 0;
    }
    const double share = metrics.empty() ? 0.0 : wins / static_cast<double>(metrics.size());
    const DatabaseOptions& archive = database_.options();
    return describe(archive.features, child.keys.tokens, share, child.keys.fields,
                    archive.workload_features, in_.workload.behaviour(metrics));
  }

  ProgramEntry entry_of(const Child& child, uint64_t generation) const {
    return {*child.id, static_cast<int64_t>(generation) * kSlotsPerGeneration +
                           static_cast<int64_t>(child.slot),
            *child.fitness, static_cast<double>(child.keys.tokens), child.features,
            child.keys.skeleton};
  }

  proposers::Program program(int64_t id) const { return programs_.at(id); }

  // --- checkpoints, resume, stopping ---

  void finish_generation(uint64_t generation, const std::vector<Placement>& placements) {
    generation_ = generation;
    const auto best = database_.best_overall();
    const std::optional<double> fitness =
        best ? std::optional<double>(database_.entry(*best).fitness) : std::nullopt;
    if (fitness && (!checkpoint_best_ || *fitness > *checkpoint_best_)) {
      checkpoint_best_ = fitness;
      best_generation_ = generation;
    }
    const double elapsed = elapsed_before_ + seconds_since_start();
    nlohmann::json state = {{"generation", generation},
                            {"database", database_.to_json()},
                            {"evaluated", evaluated_},
                            {"failed", failed_},
                            {"cut", cut_},
                            {"duplicates", duplicates_},
                            {"literal_capped", literal_capped_},
                            {"elapsed_s", elapsed},
                            {"best_generation", best_generation_},
                            {"last_tuned", last_tuned_},
                            {"tuning", tuning_json()},
                            {"proposer", in_.proposer.save_state()},
                            {"repairs", repairs_json()},
                            {"rng", "derived per slot from (seed, generation, slot)"}};
    if (checkpoint_best_) state["best_fitness"] = *checkpoint_best_;
    in_.store.save_generation(in_.run_id, static_cast<int64_t>(generation), placements, state);
    report(generation, true);
    check_stop(generation, elapsed);
  }

  void check_stop(uint64_t generation, double elapsed) {
    const StopOptions& stop = options_.stop;
    if (in_.stop_requested != nullptr && in_.stop_requested->load()) {
      stop_reason_ = StopReason::kInterrupted;
    } else if (stop.evaluations > 0 && evaluated_ >= stop.evaluations) {
      stop_reason_ = StopReason::kEvaluations;
    } else if (stop.wall_time.count() > 0 && elapsed >= static_cast<double>(stop.wall_time.count())) {
      stop_reason_ = StopReason::kWallTime;
    } else if (stop.target && checkpoint_best_ && *checkpoint_best_ >= *stop.target) {
      stop_reason_ = StopReason::kTarget;
    } else if (stop.stagnation > 0 && generation >= best_generation_ + stop.stagnation) {
      stop_reason_ = StopReason::kStagnation;
    } else if (in_.proposer.is_exhausted()) {
      stop_reason_ = StopReason::kBudget;
    }
  }

  // Every stored candidate of the run: sources for proposals, the novelty set, and the results
  // of the generation being replayed.
  void load_programs(const std::vector<CandidateRecord>& records,
                     std::optional<uint64_t> completed = std::nullopt) {
    if (!records.empty()) {
      for (auto& evaluation : in_.store.evaluations(in_.run_id)) {
        if (evaluation.candidate_id) {
          stored_metrics_[*evaluation.candidate_id].push_back(std::move(evaluation.metrics));
        }
      }
    }
    for (const auto& record : records) {
      auto metrics = stored_metrics_.find(record.id);
      programs_[record.id] = {record.id, record.source, record.fitness, record.status,
                              record.fitness && metrics != stored_metrics_.end()
                                  ? feedback_of(metrics->second)
                                  : record.diagnostics};
      const auto generation = static_cast<uint64_t>(record.generation);
      const bool is_completed = completed && generation <= *completed;
      if (record.quick_fitness && (!completed || is_completed)) {
        quick_fitness_[record.id] = *record.quick_fitness;
      }
      if (is_completed) {
        seen_[record.canonical_hash] = record.id;
      } else if (record.slot) {
        stored_[{generation, static_cast<size_t>(*record.slot)}] = record;
      }
    }
  }

  bool restore() {
    auto checkpoint = in_.store.latest_checkpoint(in_.run_id);
    if (!checkpoint) return false;
    const auto& [generation, state] = *checkpoint;
    const auto stored = in_.store.candidates(in_.run_id);
    load_programs(stored, static_cast<uint64_t>(generation));
    std::map<int64_t, const CandidateRecord*> records;
    for (const auto& record : stored) records[record.id] = &record;
    database_ = ProgramDatabase::from_json(
        database_.options(), state.at("database"), [&](int64_t id) {
          const CandidateRecord& record = *records.at(id);
          ProgramEntry entry;
          entry.id = id;
          entry.order = record.generation * kSlotsPerGeneration + record.slot.value_or(0);
          entry.fitness = record.fitness.value_or(0);
          if (options_.database.parsimony != 0) {
            entry.tokens = static_cast<double>(keys_of(record.source).tokens);
          }
          if (record.features.is_array()) entry.features = record.features.get<std::vector<double>>();
          entry.skeleton = record.skeleton;
          return entry;
        });
    generation_ = static_cast<uint64_t>(generation);
    evaluated_ = state.at("evaluated").get<uint64_t>();
    failed_ = state.at("failed").get<uint64_t>();
    cut_ = state.value("cut", uint64_t{0});
    duplicates_ = state.at("duplicates").get<uint64_t>();
    literal_capped_ = state.at("literal_capped").get<uint64_t>();
    elapsed_before_ = state.at("elapsed_s").get<double>();
    best_generation_ = state.at("best_generation").get<uint64_t>();
    last_tuned_ = state.value("last_tuned", int64_t{0});
    restore_tuning(state.value("tuning", nlohmann::json()));
    if (state.contains("proposer")) in_.proposer.restore_state(state["proposer"]);
    for (const auto& ticket : state.value("repairs", nlohmann::json::array())) {
      repairs_.push_back({ticket.at("candidate").get<int64_t>(), ticket.at("island").get<size_t>(),
                          ticket.at("depth").get<uint64_t>(),
                          ticket.at("proposer").get<std::string>()});
    }
    if (state.contains("best_fitness")) checkpoint_best_ = state["best_fitness"].get<double>();
    best_fitness_ = checkpoint_best_;
    if (auto best = database_.best_overall()) best_candidate_ = *best;
    // A stopped run resumed with a larger budget goes on; one that stopped on an interrupt too.
    return true;
  }

  nlohmann::json tuning_json() const {
    if (!tuning_) return nullptr;
    return {{"target", tuning_->target},
            {"island", tuning_->island},
            {"nelder_mead", tuning_->search.to_json()}};
  }

  // The session of a checkpoint: the optimizer's state as saved, the literals parsed again.
  void restore_tuning(const nlohmann::json& state) {
    tuning_.reset();
    if (!state.is_object()) return;
    const auto target = state.at("target").get<int64_t>();
    auto tunable = TunableSource::parse(programs_.at(target).source, headers_, parse_pch_);
    if (!tunable) return;
    tuning_.emplace(TuningSession{target, state.at("island").get<size_t>(), std::move(*tunable),
                                  NelderMead::from_json(state.at("nelder_mead"))});
  }

  nlohmann::json repairs_json() const {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& ticket : repairs_) {
      list.push_back({{"candidate", ticket.candidate},
                      {"island", ticket.island},
                      {"depth", ticket.depth},
                      {"proposer", ticket.proposer}});
    }
    return list;
  }

  double seconds_since_start() const {
    return std::chrono::duration<double>(Clock::now() - started_).count();
  }

  void report(uint64_t generation, bool is_generation_end) {
    if (!on_progress_) return;
    Progress progress;
    progress.generation = generation;
    progress.generations = options_.generations;
    progress.evaluated = evaluated_;
    progress.failed = failed_;
    progress.cut = cut_;
    progress.duplicates = duplicates_;
    progress.literal_capped = literal_capped_;
    progress.best_fitness = best_fitness_;
    progress.best_candidate = best_candidate_;
    progress.elapsed = Clock::now() - started_;
    progress.is_generation_end = is_generation_end;
    on_progress_(progress);
  }

  const SearchInputs& in_;
  const SearchOptions& options_;
  const ProgressCallback& on_progress_;
  ProgramDatabase database_;
  std::vector<sandbox::HeaderFile> headers_;  // the interface's, for canonical forms
  std::string parse_pch_;                     // parse_prelude's, for faster parses
  Clock::time_point started_;
  std::map<int64_t, proposers::Program> programs_;        // every stored candidate, by id
  std::map<std::string, int64_t> seen_;                    // canonical hash -> candidate
  std::map<int64_t, double> quick_fitness_;                // the cascade's quick stage, by id
  std::map<std::pair<uint64_t, size_t>, CandidateRecord> stored_;  // (generation, slot): replay
  std::map<int64_t, std::vector<evaluators::InstanceMetrics>> stored_metrics_;  // by candidate
  uint64_t generation_ = 0;  // the last completed
  uint64_t evaluated_ = 0;
  uint64_t failed_ = 0;
  uint64_t cut_ = 0;
  uint64_t duplicates_ = 0;
  uint64_t literal_capped_ = 0;
  double elapsed_before_ = 0;  // search seconds of earlier sessions of this run
  uint64_t best_generation_ = 0;
  int64_t last_tuned_ = 0;  // the latest best whose literals were tuned
  // A Nelder-Mead session over a best's literals: one batch per generation until it is done or
  // a new best replaces it.
  struct TuningSession {
    int64_t target = 0;
    size_t island = 0;
    TunableSource tunable;
    NelderMead search;
  };
  std::optional<TuningSession> tuning_;
  std::optional<double> checkpoint_best_;  // the best placed, as of the last checkpoint
  std::optional<double> best_fitness_;     // the best stored so far (for progress lines)
  int64_t best_candidate_ = 0;
  std::optional<StopReason> stop_reason_;
  std::vector<RepairTicket> repairs_;  // for the next generation
};

}  // namespace

std::string_view stop_reason_name(StopReason reason) {
  switch (reason) {
    case StopReason::kGenerations: return "generations";
    case StopReason::kEvaluations: return "evaluations";
    case StopReason::kWallTime: return "wall time";
    case StopReason::kTarget: return "target reached";
    case StopReason::kStagnation: return "stagnation";
    case StopReason::kInterrupted: return "interrupted";
    case StopReason::kBudget: return "budget spent";
  }
  return "unknown";
}

void CandidateEvaluator::evaluate_all(const std::vector<EvaluationRequest>& requests,
                                      const std::function<void(size_t, ScoredCandidate)>& on_done) {
  RequestFeed feed;
  for (const auto& request : requests) feed.push(request);
  feed.close();
  evaluate(feed, on_done);
}

namespace {

void add_sandbox_times(TimeProfile& profile, const sandbox::JobResult& result) {
  const std::pair<TimeProfile::Phase, double> phases[] = {
      {TimeProfile::kVerify, result.verify_ms},  {TimeProfile::kLink, result.compile_ms},
      {TimeProfile::kQuick, result.quick_ms},    {TimeProfile::kFull, result.run_ms},
      {TimeProfile::kRecheck, result.recheck_ms}, {TimeProfile::kCausality, result.altered_ms}};
  for (const auto& [phase, ms] : phases) {
    if (ms > 0) profile.add(phase, ms);
  }
}

// The sandbox's view of a request feed: each request becomes a job when the pipeline takes it.
class RequestJobs final : public sandbox::JobSource {
 public:
  RequestJobs(RequestFeed& requests, const evaluators::Domain& domain,
              const evaluators::Workload& workload, const SearchOptions& options,
              const evaluators::Workload* quick, const evaluators::Workload* altered)
      : requests_(requests), domain_(domain), workload_(workload), options_(options),
        quick_(quick), altered_(altered) {}

  std::optional<sandbox::Job> take() override {
    std::optional<EvaluationRequest> request = requests_.try_take();
    if (!request) return std::nullopt;
    std::function<bool(double)> passes;
    if (quick_ != nullptr) {
      passes = [reference = request->quick_reference, margin = options_.cascade.margin,
                parent = request->parent_quick](double quick_fitness) {
        return passes_cascade(quick_fitness, reference, margin, parent);
      };
    }
    // kBest: a candidate beating its island's best as the batch began (any, on an island with
    // no best yet). One that only ties it cannot displace it (a tie keeps the incumbent).
    auto beats_best = [reference = request->best_reference](double fitness) {
      return !reference || fitness > *reference;
    };
    std::function<bool(double)> check_when;
    if (options_.causality_checks == SearchOptions::Scope::kBest) check_when = beats_best;
    std::function<bool(double)> recheck_when;
    if (options_.recheck == SearchOptions::Scope::kBest) recheck_when = beats_best;
    return make_job(domain_, workload_, request->source,
                    options_.recheck != SearchOptions::Scope::kOff, quick_, std::move(passes),
                    altered_, std::move(check_when), std::move(recheck_when));
  }
  bool is_exhausted() const override { return requests_.is_exhausted(); }
  int ready_fd() const override { return requests_.ready_fd(); }

 private:
  RequestFeed& requests_;
  const evaluators::Domain& domain_;
  const evaluators::Workload& workload_;
  const SearchOptions& options_;
  const evaluators::Workload* quick_;
  const evaluators::Workload* altered_;
};

}  // namespace

SandboxEvaluator::SandboxEvaluator(const evaluators::Domain& domain,
                                   const evaluators::Workload& workload,
                                   const SearchOptions& options, sandbox::Worker* worker,
                                   const evaluators::Workload* quick,
                                   const evaluators::Workload* altered)
    : domain_(domain), workload_(workload), options_(options), worker_(worker), quick_(quick),
      altered_(options.causality_checks == SearchOptions::Scope::kOff ? nullptr : altered) {
  if (worker_ == nullptr) {
    throw std::invalid_argument("SandboxEvaluator needs a sandbox worker to fork its children");
  }
}

void SandboxEvaluator::evaluate(RequestFeed& requests,
                                const std::function<void(size_t, ScoredCandidate)>& on_done) {
  RequestJobs jobs(requests, domain_, workload_, options_, quick_, altered_);
  // Once the worker is gone every result is its death, not the candidate's: those are not
  // reported (so not stored), and the run ends with an error; a resume evaluates them again.
  sandbox::run_jobs(jobs, pipeline_options(options_, worker_, &workload_),
                    [&](size_t index, sandbox::JobResult raw) {
                      if (!worker_->is_alive()) return;
                      const bool was_checked = raw.has_altered_run;
                      if (profile_ != nullptr) add_sandbox_times(*profile_, raw);
                      const auto replaying = Clock::now();
                      ScoredCandidate scored =
                          score_result(domain_, workload_, std::move(raw), quick_, altered_);
                      if (profile_ != nullptr) profile_->add(TimeProfile::kReplay, ms_since(replaying));
                      causality_checked_ += was_checked ? 1 : 0;
                      causality_violations_ +=
                          was_checked && scored.status == sandbox::Status::kSandboxViolation ? 1
                                                                                             : 0;
                      const auto storing = Clock::now();
                      on_done(index, std::move(scored));
                      if (profile_ != nullptr) profile_->add(TimeProfile::kStore, ms_since(storing));
                    });
  if (!worker_->is_alive()) {
    throw std::runtime_error(
        "the sandbox worker process died; every finished candidate is stored, and the run can "
        "continue with crucible run --resume");
  }
}

EvolutionResult evolve(const SearchInputs& inputs, const ProgressCallback& on_progress,
                       bool resume) {
  return Loop(inputs, on_progress).run(resume);
}

}  // namespace crucible::search
