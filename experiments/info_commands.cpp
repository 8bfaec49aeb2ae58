// crucible report, crucible domains.
#include <fmt/core.h>
#include <fmt/format.h>

#include "commands.hpp"
#include "evaluators/registry.hpp"
#include "search/history.hpp"
#include "search/report.hpp"
#include "search/store.hpp"

namespace crucible::cli {

int report(const ReportArgs& args) {
  search::Store store(args.db, /*must_exist=*/true);
  auto run_id = args.run_id ? args.run_id : store.latest_run_id();
  if (!run_id) throw search::StoreError("database " + args.db + ": holds no run yet");
  const size_t top = static_cast<size_t>(std::max(0, args.top));
  auto board = search::build_leaderboard(store, *run_id, top);
  std::optional<search::Leaderboard> held_out;
  if (search::has_holdout(board.run)) {
    held_out = search::build_leaderboard(store, *run_id, top, /*held_out=*/true);
  }
  const auto history = search::build_history(store, *run_id);
  if (args.format == "json") {
    auto out = search::render_json(board);
    if (held_out) out["held_out_board"] = search::render_json(*held_out);
    out["search"] = search::render_history_json(history);
    fmt::print("{}\n", out.dump(2));
  } else {
    fmt::print("{}", search::render_markdown(board));
    if (held_out) fmt::print("\n{}", search::render_markdown(*held_out));
    fmt::print("{}", search::render_history_markdown(history, "fitness"));
  }
  return 0;
}

namespace {

std::vector<std::string> seed_names(const evaluators::PolicyInterface& interface) {
  std::vector<std::string> names;
  for (const auto& seed : interface.seeds) names.push_back(seed.name);
  return names;
}

}  // namespace

int list_domains(bool json) {
  auto list = nlohmann::json::array();
  for (const auto* domain : evaluators::all_domains()) {
    auto interfaces = nlohmann::json::array();
    std::vector<std::string> names;
    for (const auto& interface : domain->interfaces()) {
      auto gated = nlohmann::json::array();
      for (const auto& feature : interface.gated_features) {
        gated.push_back({{"name", feature.name}, {"why", feature.why}});
      }
      interfaces.push_back({{"name", interface.name},
                            {"summary", interface.summary},
                            {"entry_symbol", interface.entry_symbol},
                            {"seeds", seed_names(interface)},
                            {"gated_features", gated}});
      names.push_back(interface.name + " (" + interface.entry_symbol + ")");
    }
    list.push_back({{"name", domain->name()},
                    {"summary", domain->summary()},
                    {"interfaces", interfaces},
                    {"metric", domain->metric_name()},
                    {"baselines", domain->baselines()}});
    if (!json) {
      fmt::print("{:<10} {}\n           interfaces: {}\n           baselines: {}\n", domain->name(),
                 domain->summary(), fmt::join(names, ", "), fmt::join(domain->baselines(), ", "));
    }
  }
  if (json) fmt::print("{}\n", list.dump(2));
  return 0;
}

}  // namespace crucible::cli
