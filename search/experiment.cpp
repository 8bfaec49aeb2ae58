#include "experiment.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "evaluators/config.hpp"
#include "evaluators/domain.hpp"

namespace crucible::search {
namespace {

using evaluators::ConfigError;
using evaluators::get_double;
using evaluators::get_string;
using evaluators::get_uint;
using evaluators::require_keys;

double get_share(const nlohmann::json& json, std::string_view key, std::string_view context,
                 double fallback) {
  const auto value = get_double(json, key, context);
  if (!value) return fallback;
  if (!(*value >= 0 && *value <= 1)) {
    throw ConfigError(evaluators::field_path(context, key) + ": expected a share in [0, 1], got " +
                      std::to_string(*value));
  }
  return *value;
}

void parse_selection(const nlohmann::json& json, SelectionOptions& selection) {
  constexpr std::string_view kContext = "search.selection";
  require_keys(json, kContext,
               {"exploit", "explore", "uniform", "elite_pool", "top_inspirations",
                "diverse_inspirations"});
  selection.exploit = get_share(json, "exploit", kContext, selection.exploit);
  selection.explore = get_share(json, "explore", kContext, selection.explore);
  selection.uniform = get_share(json, "uniform", kContext, selection.uniform);
  const double sum = selection.exploit + selection.explore + selection.uniform;
  if (std::abs(sum - 1.0) > 1e-9) {
    throw ConfigError("search.selection: exploit + explore + uniform must be 1, got " +
                      std::to_string(sum));
  }
  selection.elite_pool = get_uint(json, "elite_pool", kContext, 1).value_or(selection.elite_pool);
  selection.top_inspirations =
      get_uint(json, "top_inspirations", kContext).value_or(selection.top_inspirations);
  selection.diverse_inspirations =
      get_uint(json, "diverse_inspirations", kContext).value_or(selection.diverse_inspirations);
}

void parse_database(const nlohmann::json& json, SearchOptions& options) {
  constexpr std::string_view kContext = "search";
  DatabaseOptions& database = options.database;
  database.islands = get_uint(json, "islands", kContext, 1).value_or(database.islands);
  database.members = options.population;
  database.selection.tournament = options.tournament;
  database.reset_after = get_uint(json, "reset_after", kContext).value_or(database.reset_after);
  database.literal_variants =
      get_uint(json, "literal_variants", kContext, 1).value_or(database.literal_variants);
  if (auto parsimony = get_double(json, "parsimony", kContext)) {
    if (!(*parsimony >= 0 && std::isfinite(*parsimony))) {
      throw ConfigError("search.parsimony: expected a penalty per token >= 0, got " +
                        json["parsimony"].dump());
    }
    database.parsimony = *parsimony;
  }
  if (auto migration = json.find("migration"); migration != json.end()) {
    require_keys(*migration, "search.migration", {"interval", "migrants"});
    database.migration_interval = get_uint(*migration, "interval", "search.migration")
                                      .value_or(database.migration_interval);
    database.migrants =
        get_uint(*migration, "migrants", "search.migration", 1).value_or(database.migrants);
  }
  if (auto selection = json.find("selection"); selection != json.end()) {
    parse_selection(*selection, database.selection);
  }
  if (auto archive = json.find("archive"); archive != json.end()) {
    require_keys(*archive, "search.archive", {"features", "bins"});
    database.bins = get_uint(*archive, "bins", "search.archive", 1).value_or(database.bins);
    if (auto features = archive->find("features"); features != archive->end()) {
      if (!features->is_array()) {
        throw ConfigError("search.archive.features: expected a list of strings, got " +
                          features->dump());
      }
      database.features.clear();
      for (size_t i = 0; i < features->size(); ++i) {
        if (!(*features)[i].is_string()) {
          throw ConfigError("search.archive.features[" + std::to_string(i) +
                            "]: expected a string, got " + (*features)[i].dump());
        }
        database.features.push_back((*features)[i].get<std::string>());
      }
      // Names of the workload's own descriptors are checked once it is loaded (run_command).
      database.features_named = true;
    }
  }
}

StopOptions parse_stop(const nlohmann::json& json) {
  StopOptions stop;
  auto found = json.find("stop");
  if (found == json.end()) return stop;
  constexpr std::string_view kContext = "search.stop";
  require_keys(*found, kContext, {"evaluations", "wall_time_s", "target", "stagnation"});
  stop.evaluations = get_uint(*found, "evaluations", kContext).value_or(0);
  stop.wall_time = std::chrono::seconds(get_uint(*found, "wall_time_s", kContext).value_or(0));
  stop.target = get_double(*found, "target", kContext);
  stop.stagnation = get_uint(*found, "stagnation", kContext).value_or(0);
  return stop;
}

CascadeOptions parse_cascade(const nlohmann::json& json) {
  CascadeOptions options;
  constexpr std::string_view kContext = "search.cascade";
  require_keys(json, kContext, {"enabled", "fraction", "margin", "cut_parent_ties"});
  for (auto [key, flag] : {std::pair{"enabled", &options.enabled},
                           std::pair{"cut_parent_ties", &options.cut_parent_ties}}) {
    if (auto found = json.find(key); found != json.end()) {
      if (!found->is_boolean()) {
        throw ConfigError(std::string("search.cascade.") + key + ": expected true or false, got " +
                          found->dump());
      }
      *flag = found->get<bool>();
    }
  }
  if (auto fraction = get_double(json, "fraction", kContext)) {
    if (!(*fraction > 0 && *fraction < 1)) {
      throw ConfigError("search.cascade.fraction: expected a number in (0, 1), got " +
                        json["fraction"].dump());
    }
    options.fraction = *fraction;
  }
  if (auto margin = get_double(json, "margin", kContext)) {
    if (!(*margin >= 0 && std::isfinite(*margin))) {
      throw ConfigError("search.cascade.margin: expected a number >= 0, got " +
                        json["margin"].dump());
    }
    options.margin = *margin;
  }
  return options;
}

// search.<key>: "best", "all" or "off"; true and false mean "all" and "off".
std::optional<SearchOptions::Scope> parse_scope(const nlohmann::json& json, const char* key) {
  auto found = json.find(key);
  if (found == json.end()) return std::nullopt;
  if (found->is_boolean()) {
    return found->get<bool>() ? SearchOptions::Scope::kAll : SearchOptions::Scope::kOff;
  }
  const std::string value = found->is_string() ? found->get<std::string>() : std::string();
  if (value == "best") return SearchOptions::Scope::kBest;
  if (value == "all") return SearchOptions::Scope::kAll;
  if (value == "off") return SearchOptions::Scope::kOff;
  throw ConfigError(std::string("search.") + key + ": expected \"best\", \"all\", \"off\", true or " +
                    "false, got " + found->dump());
}

SearchOptions parse_search(const nlohmann::json& json) {
  SearchOptions options;
  if (json.is_null()) return options;
  constexpr std::string_view kContext = "search";
  require_keys(json, kContext,
               {"generations", "population", "children", "tournament", "max_edits", "jobs",
                "eval_timeout_ms", "compile_timeout_ms", "memory_mb", "recheck", "causality", "islands",
                "migration", "reset_after", "selection", "archive", "literal_variants", "stop",
                "cascade", "tuning", "proposers", "allow_features", "parsimony", "simplify"});
  options.generations = get_uint(json, "generations", kContext).value_or(options.generations);
  options.population = get_uint(json, "population", kContext, 1).value_or(options.population);
  options.children = get_uint(json, "children", kContext, 1).value_or(options.children);
  options.tournament = get_uint(json, "tournament", kContext, 1).value_or(options.tournament);
  options.max_edits = get_uint(json, "max_edits", kContext, 1).value_or(options.max_edits);
  options.jobs = get_uint(json, "jobs", kContext).value_or(options.jobs);
  if (auto ms = get_uint(json, "eval_timeout_ms", kContext, 1)) {
    options.eval_timeout = std::chrono::milliseconds(*ms);
  }
  if (auto ms = get_uint(json, "compile_timeout_ms", kContext, 1)) {
    options.compile_timeout = std::chrono::milliseconds(*ms);
  }
  options.memory_mb = get_uint(json, "memory_mb", kContext, 64).value_or(options.memory_mb);
  options.recheck = parse_scope(json, "recheck").value_or(options.recheck);
  options.causality_checks = parse_scope(json, "causality").value_or(options.causality_checks);
  if (auto allow = json.find("allow_features"); allow != json.end()) {
    if (allow->is_boolean()) {
      options.allow_features.all = allow->get<bool>();
    } else if (allow->is_array()) {
      for (size_t i = 0; i < allow->size(); ++i) {
        const auto& name = (*allow)[i];
        if (!name.is_string() || name.get<std::string>().find('.') == std::string::npos) {
          throw ConfigError("search.allow_features[" + std::to_string(i) +
                            "]: expected a field as \"Record.field\", got " + name.dump());
        }
        options.allow_features.names.push_back(name.get<std::string>());
      }
    } else {
      throw ConfigError("search.allow_features: expected true, false or a list of fields like "
                        "[\"CacheObject.id\"], got " + allow->dump());
    }
  }
  parse_database(json, options);
  options.stop = parse_stop(json);
  if (auto cascade = json.find("cascade"); cascade != json.end()) {
    options.cascade = parse_cascade(*cascade);
  }
  if (auto simplify = json.find("simplify"); simplify != json.end()) {
    if (simplify->is_boolean()) {
      if (!simplify->get<bool>()) options.simplify.reset();
    } else {
      require_keys(*simplify, "search.simplify", {"tolerance", "evaluations"});
      if (auto tolerance = get_double(*simplify, "tolerance", "search.simplify")) {
        if (!(*tolerance >= 0 && std::isfinite(*tolerance))) {
          throw ConfigError("search.simplify.tolerance: expected a fitness difference >= 0, got " +
                            (*simplify)["tolerance"].dump());
        }
        options.simplify->tolerance = *tolerance;
      }
      options.simplify->max_evaluations =
          get_uint(*simplify, "evaluations", "search.simplify", 1)
              .value_or(options.simplify->max_evaluations);
    }
  }
  if (auto tuning = json.find("tuning"); tuning != json.end()) {
    require_keys(*tuning, "search.tuning", {"evaluations"});
    options.tuning.evaluations = get_uint(*tuning, "evaluations", "search.tuning")
                                     .value_or(options.tuning.evaluations);
  }
  return options;
}

std::vector<std::string> string_list(const nlohmann::json& json, std::string_view key) {
  std::vector<std::string> out;
  auto it = json.find(key);
  if (it == json.end()) return out;
  if (!it->is_array()) {
    throw ConfigError(std::string(key) + ": expected a list of strings, got " + it->dump());
  }
  for (size_t i = 0; i < it->size(); ++i) {
    if (!(*it)[i].is_string()) {
      throw ConfigError(std::string(key) + "[" + std::to_string(i) + "]: expected a string, got " +
                        (*it)[i].dump());
    }
    out.push_back((*it)[i].get<std::string>());
  }
  return out;
}

}  // namespace

ExperimentConfig parse_experiment(const nlohmann::json& json,
                                  const std::filesystem::path& base_dir) {
  require_keys(json, "",
               {"name", "domain", "seed", "workload", "baselines", "seeds", "search", "llm"});
  ExperimentConfig config;
  config.base_dir = base_dir;
  config.raw = json;
  config.name = get_string(json, "name", "").value_or("experiment");
  auto domain = get_string(json, "domain", "");
  if (!domain) throw ConfigError("domain: missing (for example \"cache\")");
  config.domain = *domain;
  config.seed = get_uint(json, "seed", "").value_or(config.seed);
  if (!json.contains("workload")) throw ConfigError("workload: missing");
  config.workload = json["workload"];
  config.baselines = string_list(json, "baselines");
  if (auto seeds = json.find("seeds"); seeds != json.end()) {
    require_keys(*seeds, "seeds", {"builtin", "files"});
    if (auto builtin = seeds->find("builtin"); builtin != seeds->end()) {
      if (!builtin->is_boolean()) {
        throw ConfigError("seeds.builtin: expected true or false, got " + builtin->dump());
      }
      config.use_domain_seeds = builtin->get<bool>();
    }
    for (const auto& file : string_list(*seeds, "files")) {
      std::filesystem::path path = file;
      if (path.is_relative()) path = base_dir / path;
      if (!std::filesystem::exists(path)) {
        throw ConfigError("seeds.files: " + path.string() + ": no such file");
      }
      config.seed_files.push_back(path);
    }
  }
  if (!config.use_domain_seeds && config.seed_files.empty()) {
    throw ConfigError("seeds: builtin is false and no files are given; search needs a seed");
  }
  config.search = parse_search(json.contains("search") ? json["search"] : nlohmann::json());
  config.proposers = parse_proposers(json.contains("search") ? json["search"] : nlohmann::json());
  const bool uses_llm = std::any_of(config.proposers.begin(), config.proposers.end(),
                                    [](const ProposerShare& share) { return share.kind == "llm"; });
  if (auto llm = json.find("llm"); llm != json.end()) {
    if (!uses_llm) {
      throw ConfigError("llm: set, but search.proposers has no {\"kind\": \"llm\"} to use it");
    }
    config.llm = parse_llm(*llm, base_dir);
  } else if (uses_llm) {
    throw ConfigError("search.proposers: kind \"llm\" needs an \"llm\" object with its models");
  }
  return config;
}

void apply_override(nlohmann::json& json, const std::string& assignment) {
  auto equals = assignment.find('=');
  if (equals == std::string::npos || equals == 0) {
    throw ConfigError("--set " + assignment + ": expected key=value, for example search.generations=5");
  }
  std::string key = assignment.substr(0, equals);
  std::string text = assignment.substr(equals + 1);
  nlohmann::json value = nlohmann::json::parse(text, nullptr, false);
  if (value.is_discarded()) value = text;
  nlohmann::json* node = &json;
  std::stringstream parts(key);
  std::string part;
  std::vector<std::string> path;
  while (std::getline(parts, part, '.')) path.push_back(part);
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i].empty()) throw ConfigError("--set " + assignment + ": empty key segment");
    if (node->is_null()) *node = nlohmann::json::object();  // a section the file left out
    if (!node->is_object()) {
      throw ConfigError("--set " + assignment + ": " + path[i - 1] + " is not an object");
    }
    node = &(*node)[path[i]];
  }
  *node = value;
}

ExperimentConfig load_experiment(const std::filesystem::path& path,
                                 const std::vector<std::string>& overrides) {
  std::ifstream in(path);
  if (!in) throw ConfigError("config " + path.string() + ": no such file or not readable");
  std::stringstream buffer;
  buffer << in.rdbuf();
  nlohmann::json json;
  try {
    json = nlohmann::json::parse(buffer.str());
  } catch (const nlohmann::json::parse_error& error) {
    throw ConfigError("config " + path.string() + ": invalid JSON: " + error.what());
  }
  try {
    for (const auto& assignment : overrides) apply_override(json, assignment);
    return parse_experiment(json, std::filesystem::absolute(path).parent_path());
  } catch (const ConfigError& error) {
    throw ConfigError("config " + path.string() + ": " + error.what());
  }
}

}  // namespace crucible::search
