#include "store.hpp"

#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <functional>
#include <utility>

namespace crucible::search {
namespace {

constexpr const char* kSchemaV1 = R"sql(
CREATE TABLE runs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL,
  domain TEXT NOT NULL,
  config TEXT NOT NULL,
  seed INTEGER NOT NULL,
  instances TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  state TEXT NOT NULL
);
CREATE TABLE candidates (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  generation INTEGER NOT NULL,
  origin TEXT NOT NULL,
  parent_id INTEGER REFERENCES candidates(id),
  source TEXT NOT NULL,
  source_hash TEXT NOT NULL,
  status TEXT NOT NULL,
  diagnostics TEXT NOT NULL,
  output TEXT NOT NULL,
  fitness REAL,
  verify_ms REAL NOT NULL,
  compile_ms REAL NOT NULL,
  eval_ms REAL NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX candidates_by_run ON candidates(run_id, fitness);
CREATE TABLE evaluations (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  candidate_id INTEGER REFERENCES candidates(id),
  baseline TEXT,
  instance TEXT NOT NULL,
  metric REAL NOT NULL,
  details TEXT NOT NULL,
  CHECK ((candidate_id IS NULL) <> (baseline IS NULL))
);
CREATE INDEX evaluations_by_run ON evaluations(run_id);
)sql";

// Islands, lineage and checkpoints (issue 5). Added to a version-1 database by migrate().
constexpr const char* kSchemaV2 = R"sql(
ALTER TABLE runs ADD COLUMN base_dir TEXT NOT NULL DEFAULT '';
ALTER TABLE candidates ADD COLUMN island INTEGER;
ALTER TABLE candidates ADD COLUMN slot INTEGER;
ALTER TABLE candidates ADD COLUMN proposer TEXT NOT NULL DEFAULT '';
ALTER TABLE candidates ADD COLUMN canonical_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE candidates ADD COLUMN skeleton TEXT NOT NULL DEFAULT '';
ALTER TABLE candidates ADD COLUMN features TEXT NOT NULL DEFAULT '[]';
ALTER TABLE candidates ADD COLUMN stage TEXT NOT NULL DEFAULT 'full';
ALTER TABLE candidates ADD COLUMN quick_fitness REAL;
CREATE INDEX candidates_by_slot ON candidates(run_id, generation, slot);
CREATE TABLE lineage (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  child_id INTEGER NOT NULL REFERENCES candidates(id),
  parent_id INTEGER NOT NULL REFERENCES candidates(id),
  kind TEXT NOT NULL
);
CREATE INDEX lineage_by_run ON lineage(run_id, child_id);
CREATE TABLE placements (
  id INTEGER PRIMARY KEY,
  run_id INTEGER NOT NULL REFERENCES runs(id),
  generation INTEGER NOT NULL,
  island INTEGER NOT NULL,
  candidate_id INTEGER NOT NULL REFERENCES candidates(id),
  arrival TEXT NOT NULL,
  is_elite INTEGER NOT NULL
);
CREATE INDEX placements_by_run ON placements(run_id, generation);
CREATE TABLE checkpoints (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  generation INTEGER NOT NULL,
  state TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (run_id, generation)
);
)sql";

// Language-model exchanges (issue 6).
constexpr const char* kSchemaV3 = R"sql(
CREATE TABLE llm_exchanges (
  run_id INTEGER NOT NULL REFERENCES runs(id),
  generation INTEGER NOT NULL,
  slot INTEGER NOT NULL,
  attempt INTEGER NOT NULL,
  sequence INTEGER NOT NULL,
  model TEXT NOT NULL,
  try INTEGER NOT NULL,
  request TEXT NOT NULL,
  status INTEGER NOT NULL,
  response TEXT NOT NULL,
  error TEXT NOT NULL,
  input_tokens INTEGER NOT NULL,
  output_tokens INTEGER NOT NULL,
  dollars REAL NOT NULL,
  seconds REAL NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (run_id, generation, slot, attempt, sequence)
);
)sql";

std::string now_utc() {
  std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm parts{};
  ::gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

// A prepared statement, finalized on scope exit; binds by 1-based position.
class Statement {
 public:
  Statement(sqlite3* db, const char* sql, const std::filesystem::path& path) : db_(db), path_(path) {
    if (sqlite3_prepare_v2(db, sql, -1, &statement_, nullptr) != SQLITE_OK) fail("prepare");
  }
  ~Statement() { sqlite3_finalize(statement_); }
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Statement& bind(int index, int64_t value) {
    sqlite3_bind_int64(statement_, index, value);
    return *this;
  }
  Statement& bind(int index, double value) {
    sqlite3_bind_double(statement_, index, value);
    return *this;
  }
  Statement& bind(int index, const std::string& value) {
    sqlite3_bind_text(statement_, index, value.data(), static_cast<int>(value.size()),
                      SQLITE_TRANSIENT);
    return *this;
  }
  Statement& bind_null(int index) {
    sqlite3_bind_null(statement_, index);
    return *this;
  }
  template <typename T>
  Statement& bind(int index, const std::optional<T>& value) {
    return value ? bind(index, *value) : bind_null(index);
  }

  // True while a row is available.
  bool step() {
    int code = sqlite3_step(statement_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    fail("step");
  }
  int64_t integer(int column) const { return sqlite3_column_int64(statement_, column); }
  double real(int column) const { return sqlite3_column_double(statement_, column); }
  bool is_null(int column) const { return sqlite3_column_type(statement_, column) == SQLITE_NULL; }
  std::string text(int column) const {
    const auto* bytes = sqlite3_column_text(statement_, column);
    return bytes == nullptr ? std::string() : std::string(reinterpret_cast<const char*>(bytes));
  }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw StoreError("database " + path_.string() + ": " + what + ": " + sqlite3_errmsg(db_));
  }
  sqlite3* db_;
  const std::filesystem::path& path_;
  sqlite3_stmt* statement_ = nullptr;
};

nlohmann::json instances_to_json(const std::vector<evaluators::InstanceInfo>& instances) {
  auto list = nlohmann::json::array();
  for (const auto& instance : instances) {
    nlohmann::json item = {{"key", instance.key}, {"trace", instance.trace},
                           {"setting", instance.setting}};
    if (instance.is_holdout) item["holdout"] = true;
    list.push_back(item);
  }
  return list;
}

}  // namespace

std::string source_hash(std::string_view text) {
  uint64_t hash = 14695981039346656037ULL;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(hash));
  return hex;
}

Store::Store(const std::filesystem::path& path, bool must_exist) : path_(path) {
  if (must_exist && !std::filesystem::exists(path)) {
    throw StoreError("database " + path.string() + ": no such file");
  }
  int flags = SQLITE_OPEN_READWRITE | (must_exist ? 0 : SQLITE_OPEN_CREATE);
  if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
    std::string message = db_ != nullptr ? sqlite3_errmsg(db_) : "out of memory";
    sqlite3_close(db_);
    db_ = nullptr;
    throw StoreError("database " + path.string() + ": cannot open: " + message);
  }
  sqlite3_busy_timeout(db_, 5000);
  try {
    execute("PRAGMA journal_mode=WAL");
    execute("PRAGMA synchronous=NORMAL");
    execute("PRAGMA foreign_keys=ON");
    migrate();
  } catch (...) {
    sqlite3_close(db_);
    db_ = nullptr;
    throw;
  }
}

Store::~Store() { sqlite3_close(db_); }

void Store::execute(const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    throw StoreError("database " + path_.string() + ": " + message);
  }
}

void Store::in_transaction(const std::function<void()>& body) {
  execute("BEGIN IMMEDIATE");
  try {
    body();
    execute("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

void Store::migrate() {
  Statement version(db_, "PRAGMA user_version", path_);
  version.step();
  int64_t current = version.integer(0);
  if (current > kSchemaVersion) {
    throw StoreError("database " + path_.string() + ": schema version " + std::to_string(current) +
                     " is newer than this crucible understands (" +
                     std::to_string(kSchemaVersion) + ")");
  }
  if (current == kSchemaVersion) return;
  Statement tables(db_, "SELECT count(*) FROM sqlite_master WHERE type = 'table'", path_);
  tables.step();
  if (current == 0 && tables.integer(0) > 0) {
    throw StoreError("database " + path_.string() + ": not a Crucible database (it has tables but no schema version)");
  }
  execute("BEGIN");
  try {
    if (current < 1) execute(kSchemaV1);
    if (current < 2) execute(kSchemaV2);
    if (current < 3) execute(kSchemaV3);
    execute(("PRAGMA user_version = " + std::to_string(kSchemaVersion)).c_str());
    execute("COMMIT");
  } catch (...) {
    sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
    throw;
  }
}

int64_t Store::begin_run(const std::string& name, const std::string& domain,
                         const nlohmann::json& config, uint64_t seed,
                         const std::vector<evaluators::InstanceInfo>& instances,
                         const std::filesystem::path& base_dir) {
  Statement insert(db_,
                   "INSERT INTO runs (name, domain, config, seed, instances, started_at, state, "
                   "base_dir) VALUES (?, ?, ?, ?, ?, ?, 'running', ?)",
                   path_);
  insert.bind(1, name).bind(2, domain).bind(3, config.dump()).bind(4, static_cast<int64_t>(seed));
  insert.bind(5, instances_to_json(instances).dump()).bind(6, now_utc());
  insert.bind(7, base_dir.string());
  insert.step();
  return sqlite3_last_insert_rowid(db_);
}

void Store::mark_running(int64_t run_id) {
  Statement update(db_, "UPDATE runs SET finished_at = NULL, state = 'running' WHERE id = ?",
                   path_);
  update.bind(1, run_id);
  update.step();
}

void Store::finish_run(int64_t run_id, const std::string& state) {
  Statement update(db_, "UPDATE runs SET finished_at = ?, state = ? WHERE id = ?", path_);
  update.bind(1, now_utc()).bind(2, state).bind(3, run_id);
  update.step();
}

int64_t Store::add_candidate(const CandidateRecord& candidate,
                             const std::vector<evaluators::InstanceMetrics>& metrics,
                             const std::vector<LineageEdge>& lineage) {
  int64_t id = 0;
  in_transaction([&] {
    Statement insert(db_,
                     "INSERT INTO candidates (run_id, generation, origin, parent_id, source, "
                     "source_hash, status, diagnostics, output, fitness, verify_ms, compile_ms, "
                     "eval_ms, created_at, island, slot, proposer, canonical_hash, skeleton, "
                     "features, stage, quick_fitness) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
                     "?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     path_);
    insert.bind(1, candidate.run_id).bind(2, candidate.generation).bind(3, candidate.origin);
    insert.bind(4, candidate.parent_id).bind(5, candidate.source).bind(6, candidate.source_hash);
    insert.bind(7, candidate.status).bind(8, candidate.diagnostics).bind(9, candidate.output);
    insert.bind(10, candidate.fitness).bind(11, candidate.verify_ms);
    insert.bind(12, candidate.compile_ms).bind(13, candidate.eval_ms).bind(14, now_utc());
    insert.bind(15, candidate.island).bind(16, candidate.slot).bind(17, candidate.proposer);
    insert.bind(18, candidate.canonical_hash).bind(19, candidate.skeleton);
    insert.bind(20, candidate.features.dump()).bind(21, candidate.stage);
    insert.bind(22, candidate.quick_fitness);
    insert.step();
    id = sqlite3_last_insert_rowid(db_);
    insert_metrics(candidate.run_id, id, std::nullopt, metrics);
    for (const auto& edge : lineage) {
      Statement row(db_,
                    "INSERT INTO lineage (run_id, child_id, parent_id, kind) VALUES (?, ?, ?, ?)",
                    path_);
      row.bind(1, candidate.run_id).bind(2, id).bind(3, edge.parent_id).bind(4, edge.kind);
      row.step();
    }
  });
  return id;
}

void Store::save_generation(int64_t run_id, int64_t generation,
                            const std::vector<Placement>& placements,
                            const nlohmann::json& state) {
  in_transaction([&] {
    for (const auto& placement : placements) {
      Statement row(db_,
                    "INSERT INTO placements (run_id, generation, island, candidate_id, arrival, "
                    "is_elite) VALUES (?, ?, ?, ?, ?, ?)",
                    path_);
      row.bind(1, run_id).bind(2, generation).bind(3, placement.island);
      row.bind(4, placement.candidate_id).bind(5, placement.arrival);
      row.bind(6, static_cast<int64_t>(placement.is_elite ? 1 : 0));
      row.step();
    }
    Statement checkpoint(db_,
                         "INSERT OR REPLACE INTO checkpoints (run_id, generation, state, "
                         "created_at) VALUES (?, ?, ?, ?)",
                         path_);
    checkpoint.bind(1, run_id).bind(2, generation).bind(3, state.dump()).bind(4, now_utc());
    checkpoint.step();
  });
}

std::optional<std::pair<int64_t, nlohmann::json>> Store::latest_checkpoint(int64_t run_id) {
  Statement query(db_,
                  "SELECT generation, state FROM checkpoints WHERE run_id = ? "
                  "ORDER BY generation DESC LIMIT 1",
                  path_);
  query.bind(1, run_id);
  if (!query.step()) return std::nullopt;
  auto state = nlohmann::json::parse(query.text(1), nullptr, false);
  if (state.is_discarded()) {
    throw StoreError("database " + path_.string() + ": run " + std::to_string(run_id) +
                     ": the checkpoint of generation " + std::to_string(query.integer(0)) +
                     " is not valid JSON");
  }
  return std::make_pair(query.integer(0), std::move(state));
}

std::vector<LineageRecord> Store::lineage(int64_t run_id) {
  Statement query(db_,
                  "SELECT child_id, parent_id, kind FROM lineage WHERE run_id = ? ORDER BY id",
                  path_);
  query.bind(1, run_id);
  std::vector<LineageRecord> out;
  while (query.step()) out.push_back({query.integer(0), query.integer(1), query.text(2)});
  return out;
}

void Store::add_exchange(int64_t run_id, const ExchangeRecord& exchange) {
  Statement insert(db_,
                   "INSERT OR REPLACE INTO llm_exchanges (run_id, generation, slot, attempt, "
                   "sequence, model, try, request, status, response, error, input_tokens, "
                   "output_tokens, dollars, seconds, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                   "?, ?, ?, ?, ?, ?, ?, ?)",
                   path_);
  insert.bind(1, run_id).bind(2, exchange.generation).bind(3, exchange.slot);
  insert.bind(4, exchange.attempt).bind(5, exchange.sequence).bind(6, exchange.model);
  insert.bind(7, exchange.try_number).bind(8, exchange.request).bind(9, exchange.status);
  insert.bind(10, exchange.response).bind(11, exchange.error).bind(12, exchange.input_tokens);
  insert.bind(13, exchange.output_tokens).bind(14, exchange.dollars).bind(15, exchange.seconds);
  insert.bind(16, now_utc());
  insert.step();
}

std::vector<ExchangeRecord> Store::exchanges(int64_t run_id) {
  Statement query(db_,
                  "SELECT generation, slot, attempt, sequence, model, try, request, status, "
                  "response, error, input_tokens, output_tokens, dollars, seconds FROM "
                  "llm_exchanges WHERE run_id = ? ORDER BY generation, slot, attempt, sequence",
                  path_);
  query.bind(1, run_id);
  std::vector<ExchangeRecord> out;
  while (query.step()) {
    ExchangeRecord record;
    record.generation = query.integer(0);
    record.slot = query.integer(1);
    record.attempt = query.integer(2);
    record.sequence = query.integer(3);
    record.model = query.text(4);
    record.try_number = query.integer(5);
    record.request = query.text(6);
    record.status = query.integer(7);
    record.response = query.text(8);
    record.error = query.text(9);
    record.input_tokens = query.integer(10);
    record.output_tokens = query.integer(11);
    record.dollars = query.real(12);
    record.seconds = query.real(13);
    out.push_back(std::move(record));
  }
  return out;
}

std::vector<ModelSpend> Store::spend(int64_t run_id) {
  Statement query(db_,
                  "SELECT model, count(*), sum(error <> ''), sum(input_tokens), "
                  "sum(output_tokens), sum(dollars) FROM llm_exchanges WHERE run_id = ? "
                  "GROUP BY model ORDER BY model",
                  path_);
  query.bind(1, run_id);
  std::vector<ModelSpend> out;
  while (query.step()) {
    out.push_back({query.text(0), query.integer(1), query.integer(2), query.integer(3),
                   query.integer(4), query.real(5)});
  }
  return out;
}

std::vector<PlacementRecord> Store::placements(int64_t run_id) {
  Statement query(db_,
                  "SELECT generation, island, candidate_id, arrival, is_elite FROM placements "
                  "WHERE run_id = ? ORDER BY id",
                  path_);
  query.bind(1, run_id);
  std::vector<PlacementRecord> out;
  while (query.step()) {
    PlacementRecord record;
    record.generation = query.integer(0);
    record.island = query.integer(1);
    record.candidate_id = query.integer(2);
    record.arrival = query.text(3);
    record.is_elite = query.integer(4) != 0;
    out.push_back(std::move(record));
  }
  return out;
}

void Store::insert_metrics(int64_t run_id, std::optional<int64_t> candidate_id,
                           std::optional<std::string> baseline,
                           const std::vector<evaluators::InstanceMetrics>& metrics) {
  for (const auto& instance : metrics) {
    Statement row(db_,
                  "INSERT INTO evaluations (run_id, candidate_id, baseline, instance, metric, "
                  "details) VALUES (?, ?, ?, ?, ?, ?)",
                  path_);
    row.bind(1, run_id).bind(2, candidate_id).bind(3, baseline);
    row.bind(4, instance.instance).bind(5, instance.metric).bind(6, instance.details.dump());
    row.step();
  }
}

void Store::add_metrics_in_transaction(int64_t run_id, std::optional<int64_t> candidate_id,
                                       std::optional<std::string> baseline,
                                       const std::vector<evaluators::InstanceMetrics>& metrics) {
  in_transaction([&] {
    insert_metrics(run_id, candidate_id, std::move(baseline), metrics);
  });
}

void Store::add_evaluations(int64_t run_id, int64_t candidate_id,
                            const std::vector<evaluators::InstanceMetrics>& metrics) {
  add_metrics_in_transaction(run_id, candidate_id, std::nullopt, metrics);
}

void Store::add_baseline(int64_t run_id, const std::string& name,
                         const std::vector<evaluators::InstanceMetrics>& metrics) {
  add_metrics_in_transaction(run_id, std::nullopt, name, metrics);
}

std::optional<RunRecord> Store::find_run(int64_t run_id) {
  Statement query(db_,
                  "SELECT id, name, domain, config, seed, instances, started_at, "
                  "coalesce(finished_at, ''), state, base_dir FROM runs WHERE id = ?",
                  path_);
  query.bind(1, run_id);
  if (!query.step()) return std::nullopt;
  RunRecord run;
  run.id = query.integer(0);
  run.name = query.text(1);
  run.domain = query.text(2);
  run.config = nlohmann::json::parse(query.text(3), nullptr, false);
  run.seed = static_cast<uint64_t>(query.integer(4));
  auto instances = nlohmann::json::parse(query.text(5), nullptr, false);
  if (instances.is_array()) {
    for (const auto& item : instances) {
      run.instances.push_back({item.value("key", ""), item.value("trace", ""),
                               item.value("setting", ""), item.value("holdout", false)});
    }
  }
  run.started_at = query.text(6);
  run.finished_at = query.text(7);
  run.state = query.text(8);
  run.base_dir = query.text(9);
  return run;
}

std::optional<int64_t> Store::latest_run_id() {
  Statement query(db_, "SELECT max(id) FROM runs", path_);
  if (!query.step() || query.is_null(0)) return std::nullopt;
  return query.integer(0);
}

std::vector<CandidateRecord> Store::candidates(int64_t run_id) {
  Statement query(db_,
                  "SELECT id, run_id, generation, origin, parent_id, source, source_hash, status, "
                  "diagnostics, output, fitness, verify_ms, compile_ms, eval_ms, island, slot, "
                  "proposer, canonical_hash, skeleton, features, stage, quick_fitness "
                  "FROM candidates WHERE run_id = ? ORDER BY id",
                  path_);
  query.bind(1, run_id);
  std::vector<CandidateRecord> out;
  while (query.step()) {
    CandidateRecord record;
    record.id = query.integer(0);
    record.run_id = query.integer(1);
    record.generation = query.integer(2);
    record.origin = query.text(3);
    if (!query.is_null(4)) record.parent_id = query.integer(4);
    record.source = query.text(5);
    record.source_hash = query.text(6);
    record.status = query.text(7);
    record.diagnostics = query.text(8);
    record.output = query.text(9);
    if (!query.is_null(10)) record.fitness = query.real(10);
    record.verify_ms = query.real(11);
    record.compile_ms = query.real(12);
    record.eval_ms = query.real(13);
    if (!query.is_null(14)) record.island = query.integer(14);
    if (!query.is_null(15)) record.slot = query.integer(15);
    record.proposer = query.text(16);
    record.canonical_hash = query.text(17);
    record.skeleton = query.text(18);
    record.features = nlohmann::json::parse(query.text(19), nullptr, false);
    record.stage = query.text(20);
    if (!query.is_null(21)) record.quick_fitness = query.real(21);
    out.push_back(std::move(record));
  }
  return out;
}

std::vector<EvaluationRecord> Store::evaluations(int64_t run_id) {
  Statement query(db_,
                  "SELECT candidate_id, coalesce(baseline, ''), instance, metric, details "
                  "FROM evaluations WHERE run_id = ? ORDER BY id",
                  path_);
  query.bind(1, run_id);
  std::vector<EvaluationRecord> out;
  while (query.step()) {
    EvaluationRecord record;
    if (!query.is_null(0)) record.candidate_id = query.integer(0);
    record.baseline = query.text(1);
    record.metrics.instance = query.text(2);
    record.metrics.metric = query.real(3);
    record.metrics.details = nlohmann::json::parse(query.text(4), nullptr, false);
    out.push_back(std::move(record));
  }
  return out;
}

}  // namespace crucible::search
