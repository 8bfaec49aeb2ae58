// The program database of a run: islands, each with a MAP-Elites archive (one elite per cell of
// the behaviour grid) and a short list of its latest members. Parents and inspirations are drawn
// from one island only; programs cross between islands only by ring migration and by the reset
// of a stagnant island, so islands stay isolated otherwise. Everything is plain data keyed by
// candidate id, saved as JSON with each generation's checkpoint so a resumed run continues
// exactly.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crucible::search {

// The behaviour descriptors an archive can be built over (names used in the configuration).
//   complexity: tokens of the source, on a log scale (8 to 1024 tokens over the bins);
//   wins:       the share of instances on which the program beats every baseline;
//   reads:      the distinct fields it reads (NoveltyKeys::fields), 0 to 12 over the bins.
inline constexpr std::string_view kFeatureNames[] = {"complexity", "wins", "reads"};

struct SelectionOptions {
  double exploit = 0.6;  // a tournament among the island's best elites
  double explore = 0.3;  // a uniformly drawn occupied cell's elite, whatever its fitness
  double uniform = 0.1;  // any of the island's latest members
  uint64_t elite_pool = 4;      // the exploit tournament draws among this many best elites
  uint64_t tournament = 2;      // picks per exploit tournament
  uint64_t top_inspirations = 2;     // the island's best, parent excluded
  uint64_t diverse_inspirations = 2; // elites of other cells, drawn uniformly
};

struct DatabaseOptions {
  uint64_t islands = 4;
  uint64_t members = 16;  // latest members kept per island for the uniform draw
  std::vector<std::string> features = {"complexity", "wins", "reads"};
  // Whether search.archive.features named them; if not, the workload's behaviour descriptors
  // join the three above (with_workload_features).
  bool features_named = false;
  // The workload's behaviour descriptors (Workload::behaviour_descriptors), each a value in
  // [0, 1] spread evenly over the bins; `features` may name them beside kFeatureNames.
  std::vector<std::string> workload_features;
  uint64_t bins = 6;      // per feature
  SelectionOptions selection;
  uint64_t migration_interval = 5;  // generations between ring migrations; 0 = never
  uint64_t migrants = 1;            // best programs each island sends to the next
  uint64_t reset_after = 10;        // generations without improvement before a reset; 0 = never
  uint64_t literal_variants = 8;    // per island, programs that differ from another only in literals
  // Parsimony pressure: every choice among programs (cell elites, island bests, tournaments,
  // inspirations, migrants, resets, the run's best) ranks them by fitness - parsimony x tokens,
  // so of two programs that score alike the shorter wins. 0 ranks by fitness alone.
  double parsimony = 0;
};

// What the database knows of a program: enough to select and place it.
struct ProgramEntry {
  int64_t id = 0;
  int64_t order = 0;  // breaks fitness ties: the earlier (generation, slot) first, whatever the id
  double fitness = 0;
  double tokens = 0;             // of its source (NoveltyKeys::tokens): what parsimony counts
  std::vector<double> features;  // raw descriptor values, in DatabaseOptions::features order
  std::string skeleton;          // canonical form with literals blanked (literal-variant cap)
};

// How a program entered an island, for the lineage and the reports.
enum class Arrival { kProposed, kSeed, kMigrant, kReset };

class ProgramDatabase {
 public:
  explicit ProgramDatabase(DatabaseOptions options);

  const DatabaseOptions& options() const { return options_; }
  size_t island_count() const { return islands_.size(); }

  // Places the program in `island`'s archive (it becomes its cell's elite when the cell is empty
  // or it is fitter; ties keep the incumbent) and latest members. Returns whether it became an
  // elite. Migrants are remembered so they are never sent on again.
  bool add(size_t island, const ProgramEntry& entry, Arrival arrival, uint64_t generation);

  // Whether `island` already holds `literal_variants` programs with this skeleton.
  bool is_literal_capped(size_t island, const std::string& skeleton) const;

  // A parent from `island` (which must hold a program), by the selection ratios.
  int64_t select_parent(size_t island, std::mt19937_64& rng) const;
  // Inspirations for a child of `parent`: the island's best (parent excluded), then elites of
  // other cells drawn uniformly without repeats.
  std::vector<int64_t> inspirations(size_t island, int64_t parent, std::mt19937_64& rng) const;

  // Ring migration: each island's best `migrants` elites that did not arrive by migration and
  // are not already on the next island are added to it. Returns (to island, id) for each copy.
  std::vector<std::pair<size_t, int64_t>> migrate(uint64_t generation);
  // Islands whose best has not improved for reset_after generations and that are in the weaker
  // half are emptied and re-seeded with the best program of the best island. Returns them.
  std::vector<size_t> reset_stagnant(uint64_t generation);

  // What selection ranks a program by: its fitness less the parsimony penalty.
  double score(const ProgramEntry& entry) const {
    return entry.fitness - options_.parsimony * entry.tokens;
  }

  // The island's best and the run's best are by score; best_fitness is the raw fitness.
  std::optional<int64_t> best(size_t island) const;
  std::optional<double> best_fitness(size_t island) const;
  std::optional<int64_t> best_overall() const;
  uint64_t last_improvement(size_t island) const { return islands_[island].improved_at; }
  size_t occupied_cells(size_t island) const { return islands_[island].cells.size(); }
  std::vector<int64_t> elites(size_t island) const;  // by cell key order
  const ProgramEntry& entry(int64_t id) const;

  // The whole state; `from_json` needs the entries of every id it names.
  nlohmann::json to_json() const;
  static ProgramDatabase from_json(DatabaseOptions options, const nlohmann::json& state,
                                   const std::function<ProgramEntry(int64_t)>& load);

 private:
  struct Island {
    std::vector<std::pair<std::string, int64_t>> cells;  // cell key -> elite, sorted by key
    std::vector<int64_t> members;                        // latest members, oldest first
    std::vector<int64_t> migrants;                       // ids that arrived by migration
    std::map<std::string, uint64_t> skeletons;           // programs added, per skeleton
    std::optional<int64_t> best;
    uint64_t improved_at = 0;                            // generation of the best's arrival
  };

  std::string cell_key(const ProgramEntry& entry) const;
  bool holds(size_t island, int64_t id) const;  // an elite or one of the latest members
  void remember(const ProgramEntry& entry);
  std::vector<int64_t> ranked_elites(size_t island) const;  // fittest first, ties by id

  DatabaseOptions options_;
  std::vector<Island> islands_;
  std::map<int64_t, ProgramEntry> entries_;  // every program placed, by id
};

// Raw descriptor values of a program for `features`: `tokens` of its source, `wins` from its
// per-instance metrics against the best baseline's on each instance, `fields` it reads, and the
// workload's behaviour values (`behaviour[i]` for `workload_features[i]`; one missing or not
// finite counts as 0, and each is clamped to [0, 1]).
std::vector<double> describe(const std::vector<std::string>& features, size_t tokens,
                             double wins_share, size_t fields = 0,
                             const std::vector<std::string>& workload_features = {},
                             const std::vector<double>& behaviour = {});

// Throws ConfigError naming search.archive.features[i] for a feature that is neither one of
// kFeatureNames nor in `workload_features`.
void check_features(const std::vector<std::string>& features,
                    const std::vector<std::string>& workload_features = {});

// `options` for a workload offering behaviour descriptors named `names`: they become
// workload_features and, unless search.archive.features named the archive's, join its features.
DatabaseOptions with_workload_features(DatabaseOptions options,
                                       const std::vector<std::string>& names);

}  // namespace crucible::search
