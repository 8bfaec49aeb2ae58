// Leaderboards: the best synthesized policies of a run beside every baseline, per instance.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/store.hpp"

namespace crucible::search {

struct LeaderboardRow {
  std::string policy;                 // "lru (baseline)", "#42 (generation 7)"
  std::string kind;                   // baseline, synthesized, seed
  std::optional<int64_t> candidate_id;
  std::vector<double> metrics;        // one per instance, in the run's instance order
  double mean = 0;
};

// A winner simplified after search (winners.hpp) and the candidate it came from.
struct Simplification {
  int64_t original_id = 0;
  int64_t simplified_id = 0;
  std::string origin;  // "simplified #N: A -> B AST nodes, K changes"
  std::optional<double> original_fitness;
  std::optional<double> simplified_fitness;
  std::string original_source;
  std::string simplified_source;
  std::string steps;  // one kept change a line
};

struct Leaderboard {
  RunRecord run;
  bool is_holdout = false;                      // the final evaluation on held-out inputs
  std::vector<evaluators::InstanceInfo> instances;  // the columns, in order
  std::string metric_name;
  bool is_lower_better = true;
  std::vector<LeaderboardRow> rows;   // best mean first
  uint64_t candidates = 0;
  uint64_t candidates_ok = 0;
  std::optional<int64_t> best_candidate;
  std::string best_source;
  std::vector<Simplification> simplified;  // rows of their own ("simplified", "original")
};

// `top` synthesized candidates (generation > 0), every seed and every baseline, over the run's
// search instances or, with `held_out`, its held-out ones (only candidates evaluated there
// appear); and every simplified winner with its original, whatever their rank. Throws StoreError when the run does not exist.
Leaderboard build_leaderboard(Store& store, int64_t run_id, size_t top = 3, bool held_out = false);

// `candidates` from fittest to least fit (stable: among equals the earlier stays ahead).
void sort_by_fitness(std::vector<const CandidateRecord*>& candidates);

// Of candidates sorted by fitness: every seed (generation 0) and the first `top` synthesized ones,
// in that order. What a leaderboard shows and what the held-out evaluation scores.
std::vector<const CandidateRecord*> seeds_and_top(const std::vector<const CandidateRecord*>& sorted,
                                                  size_t top);

// Whether the run has held-out instances.
bool has_holdout(const RunRecord& run);

std::string render_markdown(const Leaderboard& board);

// `source` as a fenced C++ block for Markdown, ending in a newline: the fence is longer than any
// run of backticks in the source, so candidate text cannot close it and write the report.
std::string code_block(std::string_view source);
nlohmann::json render_json(const Leaderboard& board);

}  // namespace crucible::search
