// The SQLite store: runs, candidates and evaluations, written as results arrive (WAL, one
// transaction per candidate) so a killed run keeps everything it finished.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "evaluators/domain.hpp"

struct sqlite3;

namespace crucible::search {

inline constexpr int kSchemaVersion = 3;

class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct RunRecord {
  int64_t id = 0;
  std::string name;
  std::string domain;
  nlohmann::json config;
  uint64_t seed = 0;
  std::vector<evaluators::InstanceInfo> instances;
  std::string started_at;
  std::string finished_at;  // empty while running or when killed
  std::string state;        // running, finished, failed, interrupted
  std::filesystem::path base_dir;  // where the config's relative paths were resolved
};

struct CandidateRecord {
  int64_t id = 0;
  int64_t run_id = 0;
  int64_t generation = 0;
  std::string origin;                // "seed lru", "mutation: literal 1 -> 2.5 at 3:10", ...
  std::optional<int64_t> parent_id;
  std::string source;
  std::string source_hash;
  std::string status;                // sandbox::status_name
  std::string diagnostics;
  std::string output;                // what the candidate printed
  std::optional<double> fitness;     // only for status "ok"
  double verify_ms = 0;
  double compile_ms = 0;
  double eval_ms = 0;
  std::optional<int64_t> island;     // the island it was proposed on; none for seeds
  std::optional<int64_t> slot;       // its place in its generation's batch (resume matches it)
  std::string proposer;              // "builtin", "seed", ...
  std::string canonical_hash;        // of its canonical form (novelty); empty when unknown
  std::string skeleton;              // hash of the canonical form with literals blanked
  nlohmann::json features = nlohmann::json::array();  // the archive's descriptor values
  std::string stage = "full";        // "full", or "quick" when the cascade stopped it early
  std::optional<double> quick_fitness;
};

// An edge of the lineage: `parent_id` contributed to the child ("parent", "donor").
struct LineageEdge {
  int64_t parent_id = 0;
  std::string kind;
};
struct LineageRecord {
  int64_t child_id = 0;
  int64_t parent_id = 0;
  std::string kind;
};

// A program placed on an island at the end of a generation.
struct Placement {
  int64_t island = 0;
  int64_t candidate_id = 0;
  std::string arrival;  // "seed", "proposed", "migrant", "reset"
  bool is_elite = false;
};
struct PlacementRecord : Placement {
  int64_t generation = 0;
};

// One request to a language model and its answer (search/proposers/llm/model_client.hpp), keyed
// by the proposal it served. Never holds an API key.
struct ExchangeRecord {
  int64_t generation = 0;
  int64_t slot = 0;
  int64_t attempt = 0;   // the loop's try for the slot
  int64_t sequence = 0;  // the request's place within the proposal
  std::string model;
  int64_t try_number = 1;  // 1 for a request's first try, 2 for its first retry, ...
  std::string request;
  int64_t status = 0;
  std::string response;
  std::string error;
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  double dollars = 0;
  double seconds = 0;
};

// A model's spend over a run.
struct ModelSpend {
  std::string model;
  int64_t requests = 0;
  int64_t failed = 0;  // requests that gave no completion
  int64_t input_tokens = 0;
  int64_t output_tokens = 0;
  double dollars = 0;
};

struct EvaluationRecord {
  std::optional<int64_t> candidate_id;  // set for candidates
  std::string baseline;                 // set for baselines
  evaluators::InstanceMetrics metrics;
};

class Store {
 public:
  // Opens or creates the database and brings its schema to kSchemaVersion. Throws StoreError
  // naming the file when it cannot be opened, is not a Crucible database, or is newer.
  // With `must_exist`, a missing file is an error instead of a new database.
  explicit Store(const std::filesystem::path& path, bool must_exist = false);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  int64_t begin_run(const std::string& name, const std::string& domain,
                    const nlohmann::json& config, uint64_t seed,
                    const std::vector<evaluators::InstanceInfo>& instances,
                    const std::filesystem::path& base_dir = {});
  void finish_run(int64_t run_id, const std::string& state);
  void mark_running(int64_t run_id);  // a resumed run

  // The candidate, its per-instance metrics and its lineage edges, in one transaction. Returns
  // the candidate id.
  int64_t add_candidate(const CandidateRecord& candidate,
                        const std::vector<evaluators::InstanceMetrics>& metrics,
                        const std::vector<LineageEdge>& lineage = {});
  // The end of a generation, in one transaction: where programs were placed and the search's
  // whole state (islands, archives, counters) as the checkpoint a resume starts from.
  void save_generation(int64_t run_id, int64_t generation,
                       const std::vector<Placement>& placements, const nlohmann::json& state);
  // The latest checkpoint: (generation, state).
  std::optional<std::pair<int64_t, nlohmann::json>> latest_checkpoint(int64_t run_id);
  std::vector<LineageRecord> lineage(int64_t run_id);
  std::vector<PlacementRecord> placements(int64_t run_id);
  // More metrics of a stored candidate, such as its held-out evaluation, in one transaction.
  void add_evaluations(int64_t run_id, int64_t candidate_id,
                       const std::vector<evaluators::InstanceMetrics>& metrics);
  void add_baseline(int64_t run_id, const std::string& name,
                    const std::vector<evaluators::InstanceMetrics>& metrics);

  // Language-model exchanges: one row each, written when it happens (its own transaction).
  void add_exchange(int64_t run_id, const ExchangeRecord& exchange);
  std::vector<ExchangeRecord> exchanges(int64_t run_id);
  std::vector<ModelSpend> spend(int64_t run_id);  // by model, in name order

  std::optional<RunRecord> find_run(int64_t run_id);
  std::optional<int64_t> latest_run_id();
  std::vector<CandidateRecord> candidates(int64_t run_id);
  std::vector<EvaluationRecord> evaluations(int64_t run_id);

  const std::filesystem::path& path() const { return path_; }

 private:
  void migrate();
  void execute(const char* sql);
  // Runs `body` in one immediate transaction: committed when it returns, rolled back if it throws.
  void in_transaction(const std::function<void()>& body);
  // Evaluation rows of a candidate or of a baseline (exactly one is given); the second form wraps
  // them in one transaction.
  void insert_metrics(int64_t run_id, std::optional<int64_t> candidate_id,
                      std::optional<std::string> baseline,
                      const std::vector<evaluators::InstanceMetrics>& metrics);
  void add_metrics_in_transaction(int64_t run_id, std::optional<int64_t> candidate_id,
                                  std::optional<std::string> baseline,
                                  const std::vector<evaluators::InstanceMetrics>& metrics);

  std::filesystem::path path_;
  sqlite3* db_ = nullptr;
};

// A stable 64-bit FNV-1a hash of the text, as 16 hex digits.
std::string source_hash(std::string_view text);

}  // namespace crucible::search
