#include "search/history.hpp"

#include <fmt/format.h>

#include <map>

namespace crucible::search {

SearchHistory build_history(Store& store, int64_t run_id) {
  SearchHistory history;
  const auto candidates = store.candidates(run_id);
  std::map<int64_t, const CandidateRecord*> by_id;
  std::map<int64_t, std::pair<double, int64_t>> best_in_generation;  // fitness, id
  for (const auto& c : candidates) {
    by_id[c.id] = &c;
    history.last_generation = std::max(history.last_generation, c.generation);
    if (!c.fitness) continue;
    auto [it, is_new] = best_in_generation.try_emplace(c.generation, *c.fitness, c.id);
    if (!is_new && *c.fitness > it->second.first) it->second = {*c.fitness, c.id};
  }
  std::optional<HistoryPoint> best;
  for (const auto& [generation, pair] : best_in_generation) {
    if (!best || pair.first > best->best_fitness) {
      best = HistoryPoint{generation, pair.first, pair.second};
      history.improvements.push_back(*best);
    }
  }
  std::map<int64_t, IslandSummary> islands;
  for (const auto& c : candidates) {
    if (!c.island) continue;
    auto& island = islands[*c.island];
    island.island = *c.island;
    ++island.proposed;
    if (c.fitness) ++island.ok;
  }
  for (const auto& placement : store.placements(run_id)) {
    auto& island = islands[placement.island];
    island.island = placement.island;
    if (placement.arrival == "migrant") ++island.migrants_in;
    if (placement.arrival == "reset") ++island.resets;
  }
  if (auto checkpoint = store.latest_checkpoint(run_id)) {
    const auto& state = checkpoint->second;
    history.duplicates = state.value("duplicates", uint64_t{0});
    history.literal_capped = state.value("literal_capped", uint64_t{0});
    // The language-model proposer's counts: its own state, or one part of a mixed proposer's.
    if (auto proposer = state.find("proposer"); proposer != state.end() && proposer->is_object()) {
      if (proposer->contains("replies")) history.replies = (*proposer)["replies"];
      for (const auto& part : proposer->value("parts", nlohmann::json::array())) {
        if (part.is_object() && part.contains("replies")) history.replies = part["replies"];
      }
    }
    const auto& database = state.at("database");
    history.archive_grid = database.value("grid_cells", 0.0);
    if (database.contains("features")) {
      history.archive_features = database["features"].get<std::vector<std::string>>();
    }
    const auto& saved = database.at("islands");
    for (size_t i = 0; i < saved.size(); ++i) {
      auto& island = islands[static_cast<int64_t>(i)];
      island.island = static_cast<int64_t>(i);
      island.cells = saved[i].at("cells").size();
      if (!saved[i].at("best").is_null()) {
        island.best_candidate = saved[i]["best"].get<int64_t>();
        if (auto found = by_id.find(*island.best_candidate); found != by_id.end()) {
          island.best_fitness = found->second->fitness;
        }
      }
    }
  }
  for (auto& [id, island] : islands) history.islands.push_back(island);
  std::map<std::string, ProposerSummary> proposers;
  for (const auto& c : candidates) {
    auto& summary = proposers[c.proposer.empty() ? std::string("unknown") : c.proposer];
    summary.proposer = c.proposer.empty() ? std::string("unknown") : c.proposer;
    ++summary.candidates;
    if (!c.fitness) continue;
    ++summary.ok;
    if (!summary.best_fitness || *c.fitness > *summary.best_fitness) summary.best_fitness = c.fitness;
  }
  for (auto& [name, summary] : proposers) history.proposers.push_back(summary);
  history.spend = store.spend(run_id);
  if (best) {
    std::optional<int64_t> at = best->best_candidate;
    while (at && history.lineage.size() < 1000) {
      const CandidateRecord& c = *by_id.at(*at);
      history.lineage.push_back({c.id, c.generation, c.island, c.fitness, c.origin});
      at = c.parent_id;
    }
  }
  return history;
}

std::string render_history_markdown(const SearchHistory& history, const std::string& fitness_name) {
  std::string out = fmt::format("\n### Search\n\nBest {} over generations (where it improved):", fitness_name);
  for (const auto& point : history.improvements) {
    out += fmt::format(" gen {}: {:.4f} (#{});", point.generation, point.best_fitness,
                       point.best_candidate);
  }
  out += fmt::format(" {} generations in all. Proposals not evaluated: {} exact duplicates, {} over "
                     "the literal-variant cap.\n\n",
                     history.last_generation, history.duplicates, history.literal_capped);
  if (!history.islands.empty()) {
    out += "| island | proposed | ok | best | cells | migrants in | resets |\n";
    out += "|---:|---:|---:|---|---:|---:|---:|\n";
    for (const auto& island : history.islands) {
      const std::string best = island.best_fitness
                                   ? fmt::format("{:.4f} (#{})", *island.best_fitness,
                                                 *island.best_candidate)
                                   : std::string("-");
      out += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", island.island, island.proposed,
                         island.ok, best, island.cells, island.migrants_in, island.resets);
    }
    if (history.archive_grid > 0) {
      uint64_t occupied = 0;
      for (const auto& island : history.islands) occupied += island.cells;
      const double mean = static_cast<double>(occupied) / static_cast<double>(history.islands.size());
      out += fmt::format("\nArchive occupancy: {:.1f} of {:.0f} cells per island on average ({:.1f}%), "
                         "over {}.\n",
                         mean, history.archive_grid, 100 * mean / history.archive_grid,
                         fmt::join(history.archive_features, ", "));
    }
  }
  if (history.proposers.size() > 1) {
    out += "\n| proposer | candidates | scored | best |\n|---|---:|---:|---|\n";
    for (const auto& p : history.proposers) {
      out += fmt::format("| {} | {} | {} | {} |\n", p.proposer, p.candidates, p.ok,
                         p.best_fitness ? fmt::format("{:.4f}", *p.best_fitness) : std::string("-"));
    }
  }
  if (!history.spend.empty()) {
    out += "\nLanguage-model spend:\n\n| model | requests | failed | input tokens | output tokens "
           "| dollars |\n|---|---:|---:|---:|---:|---:|\n";
    for (const auto& s : history.spend) {
      out += fmt::format("| {} | {} | {} | {} | {} | {:.4f} |\n", s.model, s.requests, s.failed,
                         s.input_tokens, s.output_tokens, s.dollars);
    }
  }
  if (history.replies.is_object()) {
    out += fmt::format(
        "\nModel replies: {} truncated, {} without code, {} with edits that did not apply (a "
        "rewrite was asked for); {} requests failed after their tries.\n",
        history.replies.value("truncated", 0), history.replies.value("without_code", 0),
        history.replies.value("edits_failed", 0), history.replies.value("failed", 0));
  }
  if (!history.lineage.empty()) {
    out += "\nLineage of the best candidate:\n\n";
    for (const auto& step : history.lineage) {
      out += fmt::format("- #{} gen {}{}: {} — {}\n", step.candidate, step.generation,
                         step.island ? fmt::format(" island {}", *step.island) : std::string(),
                         step.fitness ? fmt::format("{:.4f}", *step.fitness) : std::string("failed"),
                         step.origin);
    }
  }
  return out;
}

nlohmann::json render_history_json(const SearchHistory& history) {
  auto improvements = nlohmann::json::array();
  for (const auto& p : history.improvements) {
    improvements.push_back({{"generation", p.generation},
                            {"best_fitness", p.best_fitness},
                            {"candidate_id", p.best_candidate}});
  }
  auto islands = nlohmann::json::array();
  for (const auto& i : history.islands) {
    islands.push_back({{"island", i.island},
                       {"proposed", i.proposed},
                       {"ok", i.ok},
                       {"best_fitness", i.best_fitness ? nlohmann::json(*i.best_fitness) : nlohmann::json()},
                       {"best_candidate", i.best_candidate ? nlohmann::json(*i.best_candidate) : nlohmann::json()},
                       {"cells", i.cells},
                       {"migrants_in", i.migrants_in},
                       {"resets", i.resets}});
  }
  auto lineage = nlohmann::json::array();
  for (const auto& s : history.lineage) {
    lineage.push_back({{"candidate_id", s.candidate},
                       {"generation", s.generation},
                       {"island", s.island ? nlohmann::json(*s.island) : nlohmann::json()},
                       {"fitness", s.fitness ? nlohmann::json(*s.fitness) : nlohmann::json()},
                       {"origin", s.origin}});
  }
  auto proposers = nlohmann::json::array();
  for (const auto& p : history.proposers) {
    proposers.push_back({{"proposer", p.proposer},
                         {"candidates", p.candidates},
                         {"ok", p.ok},
                         {"best_fitness", p.best_fitness ? nlohmann::json(*p.best_fitness) : nlohmann::json()}});
  }
  auto spend = nlohmann::json::array();
  for (const auto& s : history.spend) {
    spend.push_back({{"model", s.model},
                     {"requests", s.requests},
                     {"failed", s.failed},
                     {"input_tokens", s.input_tokens},
                     {"output_tokens", s.output_tokens},
                     {"dollars", s.dollars}});
  }
  return {{"best_over_time", improvements}, {"generations", history.last_generation},
          {"proposers", proposers}, {"model_spend", spend}, {"model_replies", history.replies},
          {"islands", islands}, {"lineage_of_best", lineage},
          {"archive", {{"features", history.archive_features}, {"cells_per_island", history.archive_grid}}},
          {"duplicates", history.duplicates}, {"literal_capped", history.literal_capped}};
}

}  // namespace crucible::search
