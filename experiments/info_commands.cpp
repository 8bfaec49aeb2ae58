// crucible report, crucible domains.
#include <fmt/core.h>
#include <fmt/format.h>

#include "commands.hpp"
#include "evaluators/registry.hpp"
#include "search/report.hpp"
#include "search/store.hpp"

namespace crucible::cli {

int report(const ReportArgs& args) {
  search::Store store(args.db, /*must_exist=*/true);
  auto run_id = args.run_id ? args.run_id : store.latest_run_id();
  if (!run_id) throw search::StoreError("database " + args.db + ": holds no run yet");
  auto board = search::build_leaderboard(store, *run_id, static_cast<size_t>(std::max(0, args.top)));
  if (args.format == "json") {
    fmt::print("{}\n", search::render_json(board).dump(2));
  } else {
    fmt::print("{}", search::render_markdown(board));
  }
  return 0;
}

int list_domains(bool json) {
  auto list = nlohmann::json::array();
  for (const auto* domain : evaluators::all_domains()) {
    list.push_back({{"name", domain->name()},
                    {"summary", domain->summary()},
                    {"entry_symbol", domain->entry_symbol()},
                    {"metric", domain->metric_name()},
                    {"baselines", domain->baselines()}});
    if (!json) {
      fmt::print("{:<10} {}\n           baselines: {}\n", domain->name(), domain->summary(),
                 fmt::format("{}", fmt::join(domain->baselines(), ", ")));
    }
  }
  if (json) fmt::print("{}\n", list.dump(2));
  return 0;
}

}  // namespace crucible::cli
