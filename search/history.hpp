// How a run's search went, from the store: the best fitness over generations, a summary per
// island (from placements and the latest checkpoint), and the lineage of the best candidate back
// to its seed. Printed by `crucible run` and `crucible report` after the leaderboard.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/store.hpp"

namespace crucible::search {

struct HistoryPoint {
  int64_t generation = 0;
  double best_fitness = 0;  // the best stored up to the end of this generation
  int64_t best_candidate = 0;
};

struct IslandSummary {
  int64_t island = 0;
  uint64_t proposed = 0;     // candidates proposed on it
  uint64_t ok = 0;           // of those, scored
  std::optional<double> best_fitness;   // its best at the latest checkpoint
  std::optional<int64_t> best_candidate;
  uint64_t cells = 0;        // occupied archive cells at the latest checkpoint
  uint64_t migrants_in = 0;  // programs it received by migration
  uint64_t resets = 0;
};

struct LineageStep {
  int64_t candidate = 0;
  int64_t generation = 0;
  std::optional<int64_t> island;
  std::optional<double> fitness;
  std::string origin;
};

// Candidates each proposer made ("builtin", "llm:<model>", "tuning", "seed").
struct ProposerSummary {
  std::string proposer;
  uint64_t candidates = 0;
  uint64_t ok = 0;  // scored in full
  std::optional<double> best_fitness;
};

struct SearchHistory {
  std::vector<HistoryPoint> improvements;  // the generations where the best improved
  int64_t last_generation = 0;
  std::vector<IslandSummary> islands;
  std::vector<std::string> archive_features;  // the archive's descriptors, from the checkpoint
  double archive_grid = 0;                    // cells each island's archive has (bins^features)
  std::vector<LineageStep> lineage;        // the best candidate first, its seed last
  uint64_t duplicates = 0;                 // proposals not evaluated: already stored
  uint64_t literal_capped = 0;
  std::vector<ProposerSummary> proposers;  // by name
  std::vector<ModelSpend> spend;           // language models, by name
  // Model replies that needed leniency, from the latest checkpoint ({"truncated", "without_code",
  // "edits_failed", "failed"}); null without a language model.
  nlohmann::json replies;
};

SearchHistory build_history(Store& store, int64_t run_id);
std::string render_history_markdown(const SearchHistory& history, const std::string& fitness_name);
nlohmann::json render_history_json(const SearchHistory& history);

}  // namespace crucible::search
