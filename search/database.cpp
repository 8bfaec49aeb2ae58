#include "search/database.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "evaluators/domain.hpp"

namespace crucible::search {
namespace {

// The rng is read only through these, never through std::*_distribution (see ast_mutator.cpp).
double uniform_unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1.0p-53; }
size_t uniform_index(std::mt19937_64& rng, size_t count) {
  return static_cast<size_t>(rng() % count);
}

size_t bin_of(const std::string& feature, double value, uint64_t bins) {
  double share = 0;
  if (feature == "complexity") {  // 8 .. 1024 tokens, log scale
    share = std::log2(std::max(value, 8.0) / 8.0) / 7.0;
  } else if (feature == "reads") {  // 0 .. 12 fields
    share = value / 12.0;
  } else {  // wins and the workload's descriptors: a share already
    share = std::isfinite(value) ? value : 0.0;
  }
  const auto bin = static_cast<int64_t>(std::floor(share * static_cast<double>(bins)));
  return static_cast<size_t>(std::clamp<int64_t>(bin, 0, static_cast<int64_t>(bins) - 1));
}

}  // namespace

void check_features(const std::vector<std::string>& features,
                    const std::vector<std::string>& workload_features) {
  for (size_t i = 0; i < features.size(); ++i) {
    const bool is_builtin = std::find(std::begin(kFeatureNames), std::end(kFeatureNames),
                                      features[i]) != std::end(kFeatureNames);
    const bool is_workload = std::find(workload_features.begin(), workload_features.end(),
                                       features[i]) != workload_features.end();
    if (is_builtin || is_workload) continue;
    std::string known;
    for (std::string_view name : kFeatureNames) known += (known.empty() ? "" : ", ") + std::string(name);
    for (const auto& name : workload_features) known += ", " + name;
    throw evaluators::ConfigError("search.archive.features[" + std::to_string(i) +
                                  "]: unknown feature \"" + features[i] + "\" (known: " + known +
                                  ")");
  }
}

std::vector<double> describe(const std::vector<std::string>& features, size_t tokens,
                             double wins_share, size_t fields,
                             const std::vector<std::string>& workload_features,
                             const std::vector<double>& behaviour) {
  std::vector<double> values;
  for (const auto& feature : features) {
    if (feature == "complexity") {
      values.push_back(static_cast<double>(tokens));
    } else if (feature == "reads") {
      values.push_back(static_cast<double>(fields));
    } else if (feature == "wins") {
      values.push_back(wins_share);
    } else {
      const auto at = std::find(workload_features.begin(), workload_features.end(), feature);
      const auto index = static_cast<size_t>(at - workload_features.begin());
      const double value = index < behaviour.size() ? behaviour[index] : 0.0;
      values.push_back(std::isfinite(value) ? std::clamp(value, 0.0, 1.0) : 0.0);
    }
  }
  return values;
}

DatabaseOptions with_workload_features(DatabaseOptions options,
                                       const std::vector<std::string>& names) {
  options.workload_features = names;
  if (!options.features_named) {
    for (const auto& name : names) {
      if (std::find(options.features.begin(), options.features.end(), name) ==
          options.features.end()) {
        options.features.push_back(name);
      }
    }
  }
  return options;
}

ProgramDatabase::ProgramDatabase(DatabaseOptions options)
    : options_(std::move(options)), islands_(std::max<uint64_t>(options_.islands, 1)) {
  check_features(options_.features, options_.workload_features);
}

std::string ProgramDatabase::cell_key(const ProgramEntry& entry) const {
  std::string key;
  for (size_t i = 0; i < options_.features.size(); ++i) {
    const double value = i < entry.features.size() ? entry.features[i] : 0.0;
    if (!key.empty()) key += '.';
    key += std::to_string(bin_of(options_.features[i], value, options_.bins));
  }
  return key;
}

void ProgramDatabase::remember(const ProgramEntry& entry) { entries_[entry.id] = entry; }

const ProgramEntry& ProgramDatabase::entry(int64_t id) const {
  auto found = entries_.find(id);
  if (found == entries_.end()) throw std::out_of_range("program " + std::to_string(id));
  return found->second;
}

bool ProgramDatabase::add(size_t island, const ProgramEntry& entry, Arrival arrival,
                          uint64_t generation) {
  remember(entry);
  Island& target = islands_.at(island);
  if (arrival == Arrival::kMigrant) target.migrants.push_back(entry.id);
  if (!entry.skeleton.empty()) ++target.skeletons[entry.skeleton];
  target.members.push_back(entry.id);
  if (target.members.size() > options_.members) target.members.erase(target.members.begin());
  if (!target.best || score(entry) > score(this->entry(*target.best))) {
    target.best = entry.id;
    target.improved_at = generation;
  }
  const std::string key = cell_key(entry);
  auto cell = std::lower_bound(target.cells.begin(), target.cells.end(), key,
                               [](const auto& item, const std::string& k) { return item.first < k; });
  if (cell != target.cells.end() && cell->first == key) {
    if (!(score(entry) > score(this->entry(cell->second)))) return false;
    cell->second = entry.id;
    return true;
  }
  target.cells.insert(cell, {key, entry.id});
  return true;
}

bool ProgramDatabase::is_literal_capped(size_t island, const std::string& skeleton) const {
  if (skeleton.empty()) return false;
  const auto& counts = islands_.at(island).skeletons;
  auto found = counts.find(skeleton);
  return found != counts.end() && found->second >= options_.literal_variants;
}

std::vector<int64_t> ProgramDatabase::elites(size_t island) const {
  std::vector<int64_t> ids;
  for (const auto& [key, id] : islands_.at(island).cells) ids.push_back(id);
  return ids;
}

std::vector<int64_t> ProgramDatabase::ranked_elites(size_t island) const {
  std::vector<int64_t> ids = elites(island);
  std::sort(ids.begin(), ids.end(), [this](int64_t a, int64_t b) {
    const ProgramEntry& ea = entry(a);
    const ProgramEntry& eb = entry(b);
    return score(ea) != score(eb) ? score(ea) > score(eb) : ea.order < eb.order;
  });
  return ids;
}

int64_t ProgramDatabase::select_parent(size_t island, std::mt19937_64& rng) const {
  const Island& source = islands_.at(island);
  if (source.cells.empty()) throw std::logic_error("select_parent: island is empty");
  const SelectionOptions& selection = options_.selection;
  const double draw = uniform_unit(rng);
  if (draw < selection.exploit) {
    const auto ranked = ranked_elites(island);
    const size_t pool = std::min<size_t>(std::max<uint64_t>(selection.elite_pool, 1), ranked.size());
    size_t best = pool;
    for (uint64_t i = 0; i < std::max<uint64_t>(selection.tournament, 1); ++i) {
      best = std::min(best, uniform_index(rng, pool));
    }
    return ranked[best];
  }
  if (draw < selection.exploit + selection.explore || source.members.empty()) {
    return source.cells[uniform_index(rng, source.cells.size())].second;
  }
  return source.members[uniform_index(rng, source.members.size())];
}

std::vector<int64_t> ProgramDatabase::inspirations(size_t island, int64_t parent,
                                                   std::mt19937_64& rng) const {
  std::vector<int64_t> chosen;
  std::vector<int64_t> rest;
  for (int64_t id : ranked_elites(island)) {
    if (id == parent) continue;
    if (chosen.size() < options_.selection.top_inspirations) {
      chosen.push_back(id);
    } else {
      rest.push_back(id);
    }
  }
  for (uint64_t i = 0; i < options_.selection.diverse_inspirations && !rest.empty(); ++i) {
    const size_t at = uniform_index(rng, rest.size());
    chosen.push_back(rest[at]);
    rest.erase(rest.begin() + static_cast<ptrdiff_t>(at));
  }
  return chosen;
}

bool ProgramDatabase::holds(size_t island, int64_t id) const {
  const Island& target = islands_.at(island);
  for (const auto& [key, elite] : target.cells) {
    if (elite == id) return true;
  }
  return std::find(target.members.begin(), target.members.end(), id) != target.members.end();
}

std::vector<std::pair<size_t, int64_t>> ProgramDatabase::migrate(uint64_t generation) {
  const size_t n = islands_.size();
  std::vector<std::pair<size_t, int64_t>> sends;
  if (n < 2) return sends;
  for (size_t from = 0; from < n; ++from) {
    const Island& source = islands_[from];
    uint64_t sent = 0;
    for (int64_t id : ranked_elites(from)) {
      if (sent == options_.migrants) break;
      if (std::find(source.migrants.begin(), source.migrants.end(), id) != source.migrants.end()) {
        continue;  // arrived by migration: never sent on
      }
      if (holds((from + 1) % n, id)) continue;  // already there
      sends.emplace_back((from + 1) % n, id);
      ++sent;
    }
  }
  // All sends are chosen before any arrives, so this round's migrants are not forwarded in it.
  for (const auto& [to, id] : sends) add(to, entry(id), Arrival::kMigrant, generation);
  return sends;
}

std::vector<size_t> ProgramDatabase::reset_stagnant(uint64_t generation) {
  std::vector<size_t> reset;
  const size_t n = islands_.size();
  if (options_.reset_after == 0 || n < 2) return reset;
  std::vector<size_t> order(n);
  for (size_t i = 0; i < n; ++i) order[i] = i;
  auto fitness_of = [this](size_t i) {
    return islands_[i].best ? score(entry(*islands_[i].best)) : -HUGE_VAL;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return fitness_of(a) > fitness_of(b); });
  if (!islands_[order.front()].best) return reset;
  const int64_t donor = *islands_[order.front()].best;
  const double donor_score = fitness_of(order.front());
  for (size_t rank = (n + 1) / 2; rank < n; ++rank) {
    Island& island = islands_[order[rank]];
    if (generation < island.improved_at + options_.reset_after) continue;
    // An island whose best scores as the donor's (it holds the donor, as a migrant, or a tie)
    // would get back what it has and lose its archive: it is left alone.
    if (fitness_of(order[rank]) >= donor_score) continue;
    island = Island{};
    add(order[rank], entry(donor), Arrival::kReset, generation);
    reset.push_back(order[rank]);
  }
  std::sort(reset.begin(), reset.end());
  return reset;
}

std::optional<int64_t> ProgramDatabase::best(size_t island) const { return islands_.at(island).best; }

std::optional<double> ProgramDatabase::best_fitness(size_t island) const {
  const auto id = best(island);
  if (!id) return std::nullopt;
  return entry(*id).fitness;
}

std::optional<int64_t> ProgramDatabase::best_overall() const {
  std::optional<int64_t> best;
  for (size_t i = 0; i < islands_.size(); ++i) {
    const auto id = islands_[i].best;
    if (!id) continue;
    const double mine = score(entry(*id));
    const double theirs = best ? score(entry(*best)) : 0;
    if (!best || mine > theirs || (mine == theirs && entry(*id).order < entry(*best).order)) {
      best = id;
    }
  }
  return best;
}

nlohmann::json ProgramDatabase::to_json() const {
  auto islands = nlohmann::json::array();
  for (const Island& island : islands_) {
    nlohmann::json cells = nlohmann::json::array();
    for (const auto& [key, id] : island.cells) cells.push_back({key, id});
    islands.push_back({{"cells", cells},
                       {"members", island.members},
                       {"migrants", island.migrants},
                       {"skeletons", island.skeletons},
                       {"best", island.best ? nlohmann::json(*island.best) : nlohmann::json()},
                       {"improved_at", island.improved_at}});
  }
  // What the report needs to say how full the archives are; from_json ignores it.
  double grid = 1;
  for (size_t i = 0; i < options_.features.size(); ++i) grid *= static_cast<double>(options_.bins);
  return {{"islands", islands}, {"features", options_.features}, {"grid_cells", grid}};
}

ProgramDatabase ProgramDatabase::from_json(DatabaseOptions options, const nlohmann::json& state,
                                           const std::function<ProgramEntry(int64_t)>& load) {
  if (auto stored = state.find("features");
      stored != state.end() && stored->is_array() && *stored != nlohmann::json(options.features)) {
    std::string list;
    for (const auto& name : *stored) list += (list.empty() ? "" : ",") + name.dump();
    throw evaluators::ConfigError(
        "search.archive.features: the run was checkpointed with an archive over " +
        nlohmann::json(*stored).dump() + ", not " + nlohmann::json(options.features).dump() +
        " (resume with --set 'search.archive.features=[" + list + "]')");
  }
  ProgramDatabase database(std::move(options));
  const auto& islands = state.at("islands");
  if (islands.size() != database.islands_.size()) {
    throw evaluators::ConfigError("search.islands: the run was checkpointed with " +
                                  std::to_string(islands.size()) + " islands, not " +
                                  std::to_string(database.islands_.size()));
  }
  auto ensure = [&](int64_t id) {
    if (!database.entries_.contains(id)) database.remember(load(id));
  };
  for (size_t i = 0; i < islands.size(); ++i) {
    Island& island = database.islands_[i];
    const auto& saved = islands[i];
    for (const auto& cell : saved.at("cells")) {
      island.cells.emplace_back(cell.at(0).get<std::string>(), cell.at(1).get<int64_t>());
      ensure(island.cells.back().second);
    }
    island.members = saved.at("members").get<std::vector<int64_t>>();
    island.migrants = saved.at("migrants").get<std::vector<int64_t>>();
    island.skeletons = saved.at("skeletons").get<std::map<std::string, uint64_t>>();
    for (int64_t id : island.members) ensure(id);
    for (int64_t id : island.migrants) ensure(id);
    if (!saved.at("best").is_null()) {
      island.best = saved.at("best").get<int64_t>();
      ensure(*island.best);
    }
    island.improved_at = saved.at("improved_at").get<uint64_t>();
  }
  return database;
}

}  // namespace crucible::search
