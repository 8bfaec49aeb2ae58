// Replay speed of the tiering simulator, single-threaded: the rank mechanism driving a native
// copy of the "ewma" seed (what a candidate's evaluation costs, less the call through the loaded
// library), and every native baseline; the best of --repeat runs, in millions of sampled accesses
// per second.
//   crucible_bench_tiering [--trace PATH.pages.zst | --accesses N --pages P] [--fast 25%|PAGES]
//                          [--epoch T] [--repeat 3] [--algos rank,hemem,...]
#include <fmt/core.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "evaluators/tiering/baselines/baselines.hpp"
#include "evaluators/tiering/mechanisms.hpp"
#include "traces/page_synthetic.hpp"
#include "traces/page_trace.hpp"

// The seed itself, compiled natively.
#include "evaluators/tiering/seeds/ewma.cpp"

namespace {

namespace tiering = crucible::evaluators::tiering;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string trace;
  uint64_t accesses = 20'000'000;
  uint64_t pages = 65'536;
  std::string fast = "25%";
  uint64_t epoch = 0;  // 0: 1/200 of the trace's span, as workloads default to
  int repeat = 3;
  std::vector<std::string> algos;
};

tiering::TierConfig config_for(const Options& options, const crucible::traces::PageTrace& trace) {
  tiering::TierConfig config;
  config.pages = trace.pages();
  config.sample_period = trace.sample_period;
  const uint64_t span = trace.accesses.back().time - trace.accesses.front().time;
  config.epoch_length = options.epoch != 0 ? options.epoch : std::max<uint64_t>(1, span / 200);
  if (options.fast.ends_with('%')) {
    const double percent = std::stod(options.fast.substr(0, options.fast.size() - 1));
    config.fast_capacity = std::max<uint64_t>(
        1, static_cast<uint64_t>(percent / 100.0 * static_cast<double>(trace.pages())));
  } else {
    config.fast_capacity = std::stoull(options.fast);
  }
  return config;
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"crucible_bench_tiering: replay speed of the tiering simulator"};
  app.add_option("--trace", options.trace, "page trace (.pages or .pages.zst); default: GUPS");
  app.add_option("--accesses", options.accesses, "synthetic GUPS accesses")->check(CLI::PositiveNumber);
  app.add_option("--pages", options.pages, "synthetic GUPS pages")->check(CLI::PositiveNumber);
  app.add_option("--fast", options.fast, "fast-tier size: pages, or a share of the footprint");
  app.add_option("--epoch", options.epoch, "trace time units per epoch (default: span / 200)");
  app.add_option("--repeat", options.repeat, "runs per row; the best is reported")
      ->check(CLI::Range(1, 1000));
  app.add_option("--algos", options.algos, "rows to run: rank and baseline names (default: all)")
      ->delimiter(',');
  CLI11_PARSE(app, argc, argv);
  try {
    crucible::traces::PageTrace trace;
    if (!options.trace.empty()) {
      trace = crucible::traces::read_page_trace(options.trace);
    } else {
      crucible::traces::PageSyntheticSpec spec;
      spec.accesses = options.accesses;
      spec.pages = options.pages;
      spec.hot_pages = options.pages / 16;
      spec.shift_every = options.accesses / 8;
      trace = crucible::traces::generate_page_trace(spec);
    }
    const auto config = config_for(options, trace);
    fmt::print("{}: {} accesses, {} pages, fast tier {} pages, epoch {} ({} epochs)\n",
               trace.name, trace.accesses.size(), trace.pages(), config.fast_capacity,
               config.epoch_length,
               (trace.accesses.back().time - trace.accesses.front().time) / config.epoch_length);
    std::vector<std::string> rows = options.algos;
    if (rows.empty()) {
      rows.emplace_back("rank");
      for (const auto& baseline : tiering::all_baselines()) rows.emplace_back(baseline.name);
    }
    fmt::print("{:<16} {:>12} {:>10} {:>10} {:>12}\n", "policy", "Macc/s", "seconds", "speedup",
               "moves");
    const double all_slow = tiering::all_in_tier_ns(trace.accesses, config, CRUCIBLE_SLOW);
    for (const auto& row : rows) {
      const auto* baseline = row == "rank" ? nullptr : tiering::find_baseline(row);
      if (row != "rank" && baseline == nullptr) {
        throw std::invalid_argument("--algos: unknown row \"" + row + "\"");
      }
      double best = std::numeric_limits<double>::infinity();
      tiering::TierResult result;
      for (int i = 0; i < options.repeat; ++i) {
        const auto start = Clock::now();
        if (baseline == nullptr) {
          tiering::RankPolicy policy(crucible_tier_score);
          result = tiering::simulate(trace.accesses, config, policy);
        } else {
          result = tiering::run_baseline(*baseline, {trace.accesses, config});
        }
        best = std::min(best, std::chrono::duration<double>(Clock::now() - start).count());
      }
      fmt::print("{:<16} {:>12.2f} {:>10.3f} {:>10.4f} {:>12}\n", row,
                 static_cast<double>(trace.accesses.size()) / best / 1e6, best,
                 all_slow / result.time_ns(), result.promotions + result.demotions);
    }
  } catch (const std::exception& error) {
    fmt::print(stderr, "crucible_bench_tiering: {}\n", error.what());
    return 1;
  }
  return 0;
}
