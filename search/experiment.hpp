// An experiment configuration (experiments/*.json), read strictly: an unknown key, a wrong type or
// a bad value is an error naming the field.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/database.hpp"
#include "search/llm_config.hpp"
#include "search/simplify.hpp"

namespace crucible::search {

// When a run stops, besides search.generations; 0 (or no target) means no such rule.
struct StopOptions {
  uint64_t evaluations = 0;                 // candidates evaluated (seeds included)
  std::chrono::seconds wall_time{0};        // search time, summed over resumes
  std::optional<double> target;             // a fitness at or above it
  uint64_t stagnation = 0;                  // generations without a new best anywhere
};

// Cheap evaluation before the full one (Workload::make_quick): a candidate runs first on the
// leading `fraction` of each instance and goes on only if it passes passes_cascade with `margin`
// (candidate_eval.hpp) and, under `cut_parent_ties`, its quick fitness is not exactly its parent's.
struct CascadeOptions {
  bool enabled = false;
  double fraction = 0.1;  // in (0, 1)
  double margin = 0.05;   // >= 0: how far below the island best's quick fitness, relatively
  bool cut_parent_ties = true;  // a child whose quick fitness equals its parent's stops there
};

// Constant tuning: when a generation finds a new best, Nelder-Mead tunes its numeric literals
// with up to `evaluations` candidates (0: off), evaluated like any other (under the cascade,
// cheaply first).
struct TuningOptions {
  uint64_t evaluations = 12;
};

// Which gated interface fields (PolicyInterface::gated_features: identities, absolute times) the
// proposers may write: none by default (search.allow_features).
struct FeatureAllowance {
  bool all = false;
  std::vector<std::string> names;  // "CacheObject.id"
};

struct SearchOptions {
  uint64_t generations = 10;          // generations after the seeds
  uint64_t population = 16;           // latest members per island, for uniform parent picks
  uint64_t children = 8;              // candidates proposed per generation, over all islands
  uint64_t tournament = 2;            // exploit picks are the best of this many random picks
  uint64_t max_edits = 2;             // AST edits per child, at most
  uint64_t jobs = 0;                  // candidates in flight; 0 = the number of cores
  std::chrono::milliseconds eval_timeout{10'000};
  std::chrono::milliseconds compile_timeout{30'000};
  uint64_t memory_mb = 4096;          // address space a candidate's process may add
  // Which ok candidates a check runs on: kBest, those whose fitness beats their island's best as
  // the batch began, or that have no island best to beat (so every program that becomes an
  // island's best is checked: a tie keeps the incumbent); kAll, every one; kOff, none.
  enum class Scope { kBest, kAll, kOff };
  // Which ok candidates run a second time at shifted addresses; a difference is nondeterministic.
  Scope recheck = Scope::kBest;
  // Which ok candidates also run on the workload's altered twin (Workload::make_altered), where
  // decisions that change before the change point are a sandbox_violation ("reads the future").
  // The held-out evaluation checks every candidate it scores unless this is kOff.
  Scope causality_checks = Scope::kBest;
  FeatureAllowance allow_features;
  DatabaseOptions database;           // islands, archive, selection, migration, resets
  StopOptions stop;
  CascadeOptions cascade;
  TuningOptions tuning;
  // After search, the best candidate simplified and stored beside it (winners.hpp); nullopt
  // (search.simplify: false) skips it.
  std::optional<SimplifyOptions> simplify = SimplifyOptions{};
};

struct ExperimentConfig {
  std::string name;
  std::string domain;
  uint64_t seed = 1;
  nlohmann::json workload;                       // the domain reads it (Domain::load_workload)
  std::vector<std::string> baselines;            // empty: the domain's defaults
  bool use_domain_seeds = true;                  // start from the domain's built-in seeds
  std::vector<std::filesystem::path> seed_files; // extra seed policies (resolved paths)
  SearchOptions search;
  std::vector<ProposerShare> proposers = {{"builtin", 1}};  // search.proposers
  std::optional<proposers::llm::LlmOptions> llm;           // set when a proposer is "llm"
  std::filesystem::path base_dir;                // relative paths are resolved against it
  nlohmann::json raw;                            // the effective configuration, stored with the run
};

// Reads a config file and applies `overrides` ("search.generations=5": the value is JSON when it
// parses as JSON, a string otherwise). Throws ConfigError naming the file and the field.
ExperimentConfig load_experiment(const std::filesystem::path& path,
                                 const std::vector<std::string>& overrides);

// Validates an already-parsed configuration.
ExperimentConfig parse_experiment(const nlohmann::json& json, const std::filesystem::path& base_dir);

// Applies one "dotted.key=value" override; throws ConfigError for a malformed override.
void apply_override(nlohmann::json& json, const std::string& assignment);

}  // namespace crucible::search
