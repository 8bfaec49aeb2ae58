#include "report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <numeric>

#include "evaluators/registry.hpp"

namespace crucible::search {
namespace {

double mean_of(const std::vector<double>& values) {
  if (values.empty()) return 0;
  return std::accumulate(values.begin(), values.end(), 0.0) / static_cast<double>(values.size());
}

}  // namespace

std::string code_block(std::string_view source) {
  // CommonMark closes a fence only at a run of backticks at least as long as the opening one,
  // so a fence longer than any run in the source cannot be closed from inside it.
  size_t longest = 0;
  size_t run = 0;
  for (char c : source) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<size_t>(3, longest + 1), '`');
  std::string block = fence + "cpp\n";
  block += source;
  if (block.back() != '\n') block += '\n';
  return block + fence + "\n";
}

void sort_by_fitness(std::vector<const CandidateRecord*>& candidates) {
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const CandidateRecord* a, const CandidateRecord* b) {
                     return *a->fitness > *b->fitness;
                   });
}

std::vector<const CandidateRecord*> seeds_and_top(const std::vector<const CandidateRecord*>& sorted,
                                                  size_t top) {
  std::vector<const CandidateRecord*> chosen;
  size_t synthesized = 0;
  for (const auto* record : sorted) {
    bool is_seed = record->generation == 0;
    if (!is_seed && synthesized >= top) continue;
    if (!is_seed) ++synthesized;
    chosen.push_back(record);
  }
  return chosen;
}

bool has_holdout(const RunRecord& run) {
  return std::any_of(run.instances.begin(), run.instances.end(),
                     [](const evaluators::InstanceInfo& instance) { return instance.is_holdout; });
}

Leaderboard build_leaderboard(Store& store, int64_t run_id, size_t top, bool held_out) {
  auto run = store.find_run(run_id);
  if (!run) throw StoreError("database " + store.path().string() + ": no run " + std::to_string(run_id));
  Leaderboard board;
  board.run = *run;
  const auto& domain = evaluators::find_domain(run->domain);
  board.metric_name = std::string(domain.metric_name());
  board.is_lower_better = domain.is_lower_better();

  board.is_holdout = held_out;
  for (const auto& instance : run->instances) {
    if (instance.is_holdout == held_out) board.instances.push_back(instance);
  }
  std::map<std::string, size_t> column;
  for (size_t i = 0; i < board.instances.size(); ++i) column[board.instances[i].key] = i;
  std::map<std::string, std::vector<double>> baselines;
  std::map<int64_t, std::vector<double>> candidates;
  for (const auto& evaluation : store.evaluations(run_id)) {
    auto it = column.find(evaluation.metrics.instance);
    if (it == column.end()) continue;
    auto& values = evaluation.candidate_id ? candidates[*evaluation.candidate_id]
                                           : baselines[evaluation.baseline];
    values.resize(board.instances.size(), 0.0);
    values[it->second] = evaluation.metrics.metric;
  }

  for (auto& [name, values] : baselines) {
    board.rows.push_back({name + " (baseline)", "baseline", std::nullopt, values, mean_of(values)});
  }
  auto records = store.candidates(run_id);
  board.candidates = records.size();
  std::vector<const CandidateRecord*> ok;
  for (const auto& record : records) {
    if (record.fitness && candidates.contains(record.id)) ok.push_back(&record);
  }
  board.candidates_ok = ok.size();
  sort_by_fitness(ok);
  if (!ok.empty()) {
    board.best_candidate = ok.front()->id;
    board.best_source = ok.front()->source;
  }
  std::vector<const CandidateRecord*> shown = seeds_and_top(ok, top);
  std::map<int64_t, const CandidateRecord*> by_id;
  for (const auto& record : records) by_id[record.id] = &record;
  std::map<int64_t, std::string> kinds;  // of the rows a simplification adds or marks
  for (const auto& record : records) {
    if (record.proposer != "simplify" || !record.parent_id) continue;
    const CandidateRecord* original = by_id.contains(*record.parent_id) ? by_id[*record.parent_id] : nullptr;
    if (original == nullptr) continue;
    board.simplified.push_back({original->id, record.id, record.origin, original->fitness,
                                record.fitness, original->source, record.source,
                                record.diagnostics});
    kinds[record.id] = "simplified";
    kinds[original->id] = "original";
    for (const CandidateRecord* row : {original, &record}) {
      if (candidates.contains(row->id) &&
          std::find(shown.begin(), shown.end(), row) == shown.end()) {
        shown.push_back(row);
      }
    }
  }
  for (const auto* record : shown) {
    bool is_seed = record->generation == 0;
    std::string label = is_seed ? fmt::format("#{} {}", record->id, record->origin)
                                : fmt::format("#{} (generation {})", record->id, record->generation);
    std::string kind = is_seed ? "seed" : "synthesized";
    if (auto found = kinds.find(record->id); found != kinds.end()) {
      kind = found->second;
      if (kind == "simplified") label = fmt::format("#{} (simplified #{})", record->id, *record->parent_id);
    }
    const auto& values = candidates[record->id];
    board.rows.push_back({label, kind, record->id, values, mean_of(values)});
  }
  bool lower = board.is_lower_better;
  std::stable_sort(board.rows.begin(), board.rows.end(),
                   [lower](const LeaderboardRow& a, const LeaderboardRow& b) {
                     return lower ? a.mean < b.mean : a.mean > b.mean;
                   });
  return board;
}

std::string render_markdown(const Leaderboard& board) {
  std::string out = fmt::format("## Run {} · {} · domain {} · {}{}\n\n", board.run.id,
                                board.run.name, board.run.domain, board.run.state,
                                board.is_holdout ? " · held-out evaluation" : "");
  if (board.is_holdout) {
    out += fmt::format("The best candidates by search fitness and the seeds, on inputs held out of "
                       "search ({} evaluated). Metric: {} ({} is better).\n\n",
                       board.candidates_ok, board.metric_name,
                       board.is_lower_better ? "lower" : "higher");
  } else {
    out += fmt::format("{} candidates, {} ok. Metric: {} ({} is better).\n\n", board.candidates,
                       board.candidates_ok, board.metric_name,
                       board.is_lower_better ? "lower" : "higher");
  }
  out += "| rank | policy | kind |";
  std::string rule = "|---:|---|---|";
  for (const auto& instance : board.instances) {
    out += fmt::format(" {} {} |", instance.trace, instance.setting);
    rule += "---:|";
  }
  out += " mean |\n" + rule + "---:|\n";
  for (size_t i = 0; i < board.rows.size(); ++i) {
    const auto& row = board.rows[i];
    out += fmt::format("| {} | {} | {} |", i + 1, row.policy, row.kind);
    for (double value : row.metrics) out += fmt::format(" {:.4f} |", value);
    out += fmt::format(" {:.4f} |\n", row.mean);
  }
  if (board.best_candidate && !board.is_holdout) {
    const auto simplified =
        std::find_if(board.simplified.begin(), board.simplified.end(),
                     [&](const auto& entry) { return entry.original_id == *board.best_candidate; });
    if (simplified == board.simplified.end()) {
      out += fmt::format("\nBest candidate #{}:\n\n{}", *board.best_candidate,
                         code_block(board.best_source));
    } else {  // its source follows, beside the simplified one
      out += fmt::format("\nBest candidate #{}, simplified as #{} below.\n", *board.best_candidate,
                         simplified->simplified_id);
    }
  }
  if (!board.is_holdout) {
    auto fitness_text = [](const std::optional<double>& value) {
      return value ? fmt::format("{:.6f}", *value) : std::string("none");
    };
    for (const auto& entry : board.simplified) {
      out += fmt::format(
          "\n### #{}, {}\n\nSearch fitness {} (the original #{}: {}).\n\nKept changes:\n\n{}\n"
          "\nSimplified #{}:\n\n{}\nOriginal #{}:\n\n{}",
          entry.simplified_id, entry.origin, fitness_text(entry.simplified_fitness),
          entry.original_id, fitness_text(entry.original_fitness),
          entry.steps.empty() ? std::string("(none)") : "- " + [&] {
            std::string lines = entry.steps;
            for (size_t at = lines.find('\n'); at != std::string::npos; at = lines.find('\n', at + 3)) {
              lines.replace(at, 1, "\n- ");
            }
            return lines;
          }(),
          entry.simplified_id, code_block(entry.simplified_source), entry.original_id,
          code_block(entry.original_source));
    }
  }
  return out;
}

nlohmann::json render_json(const Leaderboard& board) {
  auto instances = nlohmann::json::array();
  for (const auto& instance : board.instances) {
    instances.push_back({{"key", instance.key}, {"trace", instance.trace}, {"setting", instance.setting}});
  }
  auto rows = nlohmann::json::array();
  for (const auto& row : board.rows) {
    nlohmann::json item = {{"policy", row.policy}, {"kind", row.kind}, {"mean", row.mean}};
    item["candidate_id"] = row.candidate_id ? nlohmann::json(*row.candidate_id) : nlohmann::json();
    nlohmann::json per_instance = nlohmann::json::object();
    for (size_t i = 0; i < row.metrics.size() && i < board.instances.size(); ++i) {
      per_instance[board.instances[i].key] = row.metrics[i];
    }
    item["metrics"] = per_instance;
    rows.push_back(item);
  }
  return {{"run", {{"id", board.run.id}, {"name", board.run.name}, {"domain", board.run.domain},
                   {"state", board.run.state}, {"seed", board.run.seed},
                   {"started_at", board.run.started_at}, {"finished_at", board.run.finished_at}}},
          {"held_out", board.is_holdout},
          {"metric", board.metric_name},
          {"lower_is_better", board.is_lower_better},
          {"candidates", board.candidates},
          {"candidates_ok", board.candidates_ok},
          {"instances", instances},
          {"rows", rows},
          {"best_candidate", board.best_candidate ? nlohmann::json(*board.best_candidate) : nlohmann::json()},
          {"best_source", board.best_source},
          {"simplified", [&] {
             auto list = nlohmann::json::array();
             for (const auto& entry : board.simplified) {
               list.push_back({{"original_id", entry.original_id},
                               {"simplified_id", entry.simplified_id},
                               {"origin", entry.origin},
                               {"original_fitness", entry.original_fitness
                                                        ? nlohmann::json(*entry.original_fitness)
                                                        : nlohmann::json()},
                               {"simplified_fitness", entry.simplified_fitness
                                                          ? nlohmann::json(*entry.simplified_fitness)
                                                          : nlohmann::json()},
                               {"steps", entry.steps},
                               {"original_source", entry.original_source},
                               {"simplified_source", entry.simplified_source}});
             }
             return list;
           }()}};
}

}  // namespace crucible::search
