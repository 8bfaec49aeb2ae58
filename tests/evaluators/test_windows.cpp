// Windowed fitness (evaluators/windows.hpp) in both trace-driven domains: the spec's errors name
// their field, the windows cut the searched part into consecutive cold-started pieces, the
// fitness combines the windows' means as configured, and the held-out part is scored whole.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "evaluators/cache/workload.hpp"
#include "evaluators/domain.hpp"
#include "evaluators/registry.hpp"
#include "evaluators/tiering/workload.hpp"
#include "evaluators/windows.hpp"
#include "traces/page_slice.hpp"
#include "traces/page_synthetic.hpp"
#include "traces/slice.hpp"
#include "traces/synthetic.hpp"

namespace {

using crucible::evaluators::combine_windows;
using crucible::evaluators::ConfigError;
using crucible::evaluators::find_domain;
using crucible::evaluators::WindowSpec;
using crucible::evaluators::Workload;
using json = nlohmann::json;
namespace traces = crucible::traces;

json cache_spec(const json& windows) {
  json spec = {{"traces",
                {{{"synthetic", {{"requests", 20'000}, {"objects", 2'000}, {"seed", 3}}},
                  {"slice", {{"fraction", 0.5}}}}}},
               {"sizes", {100, 400}}};
  if (!windows.is_null()) spec["windows"] = windows;
  return spec;
}

json tiering_spec(const json& windows) {
  json gups = {{"kind", "gups"}, {"accesses", 40'000}, {"pages", 2'000}, {"hot_pages", 200},
               {"shift_every", 10'000}, {"seed", 1}};
  json spec = {{"traces", {{{"synthetic", gups}, {"slice", {{"fraction", 0.5}}}}}},
               {"sizes", {"10%", 500}}};
  if (!windows.is_null()) spec["windows"] = windows;
  return spec;
}

std::unique_ptr<Workload> load(std::string_view domain, const json& spec) {
  return find_domain(domain).load_workload(spec, ".");
}

std::string error_of(std::string_view domain, const json& spec) {
  try {
    (void)load(domain, spec);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

// The fitness of `metrics` recomputed by hand: each window's mean, combined as `spec` says.
double by_hand(const std::vector<double>& window_means, const WindowSpec& spec) {
  double mean = 0;
  for (double value : window_means) mean += value / static_cast<double>(window_means.size());
  if (spec.combine == WindowSpec::Combine::kWorst) {
    return *std::min_element(window_means.begin(), window_means.end());
  }
  if (spec.combine == WindowSpec::Combine::kMean) return mean;
  double squares = 0;
  for (double value : window_means) squares += (value - mean) * (value - mean);
  return mean - spec.spread_weight * std::sqrt(squares / static_cast<double>(window_means.size()));
}

}  // namespace

TEST_SUITE("evaluators.windows") {
  TEST_CASE("combine_windows: one window is the plain mean; more are combined per window") {
    const std::vector<double> scores{0.1, 0.3, 0.5, 0.9};
    WindowSpec spec;
    CHECK(combine_windows(scores, std::vector<uint64_t>(4, 0), spec) ==
          (0.1 + 0.3 + 0.5 + 0.9) / 4);
    const std::vector<uint64_t> window_of{0, 0, 1, 1};  // window means 0.2 and 0.7
    spec.count = 2;
    CHECK(combine_windows(scores, window_of, spec) == doctest::Approx(0.45));
    spec.combine = WindowSpec::Combine::kWorst;
    CHECK(combine_windows(scores, window_of, spec) == doctest::Approx(0.2));
    spec.combine = WindowSpec::Combine::kMeanMinusSpread;
    spec.spread_weight = 2;
    CHECK(combine_windows(scores, window_of, spec) == doctest::Approx(0.45 - 2 * 0.25));
    CHECK(combine_windows({}, {}, spec) == 0);
  }

  TEST_CASE("the windows spec: every error names its field") {
    const std::vector<std::pair<json, std::string>> cases = {
        {0, "workload.windows: expected a window count from 1 to 64, got 0"},
        {65, "workload.windows: expected a window count from 1 to 64, got 65"},
        {2.5, "workload.windows: expected a window count from 1 to 64"},
        {"4", "workload.windows: expected a window count or {"},
        {json::object(), "workload.windows.count: missing"},
        {{{"count", 2}, {"combine", "median"}}, "workload.windows.combine: unknown \"median\""},
        {{{"count", 2}, {"combine", "worst"}, {"spread_weight", 1}},
         "workload.windows.spread_weight: only \"mean_minus_spread\" uses a spread weight"},
        {{{"count", 2}, {"combine", "mean_minus_spread"}, {"spread_weight", -1}},
         "workload.windows.spread_weight: expected a number >= 0"},
        {{{"count", 2}, {"weights", 1}}, "workload.windows.weights: unknown key"},
        {64, "workload.windows: trace synthetic[0:50%] has 10000 requests"},
    };
    for (const auto& [windows, expected] : cases) {
      CAPTURE(windows.dump());
      const std::string message = error_of("cache", cache_spec(windows));
      if (windows == 64) {
        CHECK(message.empty());  // 10,000 requests cut 64 ways is fine
        continue;
      }
      CHECK(message.find(expected) != std::string::npos);
      CHECK(error_of("tiering", tiering_spec(windows)).find(expected) != std::string::npos);
    }
    CHECK(error_of("cache", cache_spec({{"count", 2}, {"combine", "mean_minus_spread"},
                                        {"spread_weight", 0.5}}))
              .empty());
  }

  TEST_CASE("split_windows: consecutive pieces, each rebuilt, covering every request once") {
    traces::Trace trace = traces::generate_synthetic(traces::SyntheticSpec{});
    trace.name = "t";
    const auto pieces = traces::split_windows(trace, 3);
    REQUIRE(pieces.size() == 3);
    size_t position = 0;
    for (size_t w = 0; w < pieces.size(); ++w) {
      CHECK(pieces[w].name == "t[w" + std::to_string(w + 1) + "/3]");
      for (size_t i = 0; i < pieces[w].requests.size(); ++i, ++position) {
        const auto& piece_request = pieces[w].requests[i];
        CHECK(pieces[w].object_ids[piece_request.id] ==
              trace.object_ids[trace.requests[position].id]);
        // A next request inside the piece, never past its end.
        if (piece_request.next != traces::kNoNextRequest) {
          CHECK(piece_request.next < pieces[w].requests.size());
        }
      }
    }
    CHECK(position == trace.requests.size());
    CHECK_THROWS_AS((void)traces::split_windows(trace, trace.requests.size() + 1),
                    std::invalid_argument);
  }

  TEST_CASE("a windowed cache workload: instances per window, a fitness per window, held-out whole") {
    for (const auto combine : {"mean", "worst", "mean_minus_spread"}) {
      CAPTURE(combine);
      auto plain = load("cache", cache_spec(nullptr));
      auto windowed = load("cache", cache_spec({{"count", 4}, {"combine", combine}}));
      const auto& cells = dynamic_cast<const crucible::evaluators::cache::CacheWorkload&>(*windowed);
      REQUIRE(windowed->instances().size() == 8);  // 4 windows x 2 sizes
      CHECK(windowed->instances()[0].key == "synthetic[0:50%][w1/4]@100");
      CHECK(windowed->instances()[7].key == "synthetic[0:50%][w4/4]@400");
      CHECK(cells.cells()[7].window == 3);
      CHECK(cells.traces()[3].requests.size() == 2'500);
      const auto spec = crucible::evaluators::window_spec_from_json(
          json{{"windows", {{"count", 4}, {"combine", combine}}}});
      const auto lru = windowed->evaluate_baseline("lru");
      std::vector<double> means(4, 0.0);
      for (size_t i = 0; i < lru.size(); ++i) {
        const double fifo = lru[i].details["fifo_miss_ratio"].get<double>();
        means[cells.cells()[i].window] += (fifo - lru[i].metric) / fifo / 2;
      }
      CHECK(windowed->fitness(lru) == doctest::Approx(by_hand(means, spec)));
      CHECK(windowed->fitness_name().find(" of 4 windows") != std::string::npos);
      // Windows change what is searched, not what is held out.
      REQUIRE(windowed->held_out() != nullptr);
      CHECK(windowed->held_out()->instances().size() == 2);
      CHECK(windowed->held_out()->fitness(windowed->held_out()->evaluate_baseline("lru")) ==
            plain->held_out()->fitness(plain->held_out()->evaluate_baseline("lru")));
      CHECK(windowed->held_out()->fitness_name() == plain->held_out()->fitness_name());
      // The cascade's quick stage keeps the windows.
      auto quick = windowed->make_quick(0.2);
      CHECK(quick->instances().size() == 8);
      CHECK(quick->fitness_name() == windowed->fitness_name());
    }
  }

  TEST_CASE("a windowed cache workload: a share of the working set is the searched part's") {
    json windows = {{"count", 4}};
    json spec = cache_spec(windows);
    spec["sizes"] = {"10%", 300};
    auto plain_spec = spec;
    plain_spec.erase("windows");
    auto windowed = load("cache", spec);
    auto plain = load("cache", plain_spec);
    using crucible::evaluators::cache::CacheWorkload;
    const auto& cells = dynamic_cast<const CacheWorkload&>(*windowed).cells();
    const auto& plain_cells = dynamic_cast<const CacheWorkload&>(*plain).cells();
    const auto& pieces = dynamic_cast<const CacheWorkload&>(*windowed).traces();
    REQUIRE(pieces[0].objects() < dynamic_cast<const CacheWorkload&>(*plain).traces()[0].objects());
    REQUIRE(cells.size() == 8);
    for (size_t i = 0; i < cells.size(); i += 2) {
      CHECK(cells[i].config.capacity == plain_cells[0].config.capacity);
      CHECK(cells[i + 1].config.capacity == 300);
    }
    // The held-out half's shares are of its own objects, with or without windows.
    CHECK(dynamic_cast<const CacheWorkload&>(*windowed->held_out()).cells()[0].config.capacity ==
          dynamic_cast<const CacheWorkload&>(*plain->held_out()).cells()[0].config.capacity);
  }

  TEST_CASE("shares of the whole trace: both parts run at one capacity, in both domains") {
    using crucible::evaluators::cache::CacheWorkload;
    using crucible::evaluators::tiering::TierWorkload;
    json spec = cache_spec(4);
    spec["sizes"] = {"10%"};
    auto by_part = load("cache", spec);
    spec["shares_of"] = "part";
    CHECK(dynamic_cast<const CacheWorkload&>(*load("cache", spec)).cells()[0].config.capacity ==
          dynamic_cast<const CacheWorkload&>(*by_part).cells()[0].config.capacity);
    spec["shares_of"] = "trace";
    auto by_trace = load("cache", spec);
    const auto whole = traces::generate_synthetic(traces::synthetic_from_json(
        spec["traces"][0]["synthetic"], "synthetic"));
    const uint64_t expected = whole.objects() / 10;
    const auto& cells = dynamic_cast<const CacheWorkload&>(*by_trace).cells();
    REQUIRE(cells.size() == 4);
    for (const auto& cell : cells) CHECK(cell.config.capacity == expected);
    CHECK(dynamic_cast<const CacheWorkload&>(*by_trace->held_out()).cells()[0].config.capacity ==
          expected);
    CHECK(dynamic_cast<const CacheWorkload&>(*by_part->held_out()).cells()[0].config.capacity <
          expected);  // the held-out half alone has fewer objects

    json tier = tiering_spec(2);
    tier["shares_of"] = "trace";
    auto tiers = load("tiering", tier);
    const uint64_t pages = traces::generate_page_trace(traces::parse_page_synthetic(
        tier["traces"][0]["synthetic"], "synthetic")).pages();
    const auto& tier_cells = dynamic_cast<const TierWorkload&>(*tiers).cells();
    CHECK(tier_cells[0].config.fast_capacity == pages / 10);
    CHECK(tier_cells[2].config.fast_capacity == pages / 10);
    CHECK(dynamic_cast<const TierWorkload&>(*tiers->held_out()).cells()[0].config.fast_capacity ==
          pages / 10);
    CHECK(dynamic_cast<const TierWorkload&>(*tiers->held_out()).cells()[1].config.fast_capacity ==
          500);  // a page count is a page count

    tier["shares_of"] = "everything";
    CHECK(error_of("tiering", tier) ==
          "workload.shares_of: expected \"part\" or \"trace\", got \"everything\"");
    spec["shares_of"] = 3;
    CHECK(error_of("cache", spec).find("workload.shares_of") != std::string::npos);
  }

  TEST_CASE("one window scores as no windows, to the bit") {
    auto plain = load("cache", cache_spec(nullptr));
    auto one = load("cache", cache_spec(1));
    CHECK(one->fitness(one->evaluate_baseline("arc")) == plain->fitness(plain->evaluate_baseline("arc")));
    auto tiering_plain = load("tiering", tiering_spec(nullptr));
    auto tiering_one = load("tiering", tiering_spec(1));
    CHECK(tiering_one->fitness(tiering_one->evaluate_baseline("linux_lru")) ==
          tiering_plain->fitness(tiering_plain->evaluate_baseline("linux_lru")));
  }

  TEST_CASE("a windowed tiering workload: cold-started windows at the trace's epoch length") {
    auto plain = load("tiering", tiering_spec(nullptr));
    auto windowed = load("tiering", tiering_spec({{"count", 2}, {"combine", "worst"}}));
    const auto& tiers = dynamic_cast<const crucible::evaluators::tiering::TierWorkload&>(*windowed);
    const auto& plain_tiers = dynamic_cast<const crucible::evaluators::tiering::TierWorkload&>(*plain);
    REQUIRE(windowed->instances().size() == 4);
    CHECK(windowed->instances()[2].key == "gups[0:50%][w2/2]@10%");
    CHECK(tiers.traces()[1].accesses.size() == 10'000);
    CHECK(tiers.cells()[2].window == 1);
    CHECK(tiers.cells()[2].config.epoch_length == plain_tiers.cells()[0].config.epoch_length);
    // A share is of the whole searched part's footprint, not of the window's: the search is tested
    // at the fast tier it is judged at.
    REQUIRE(tiers.traces()[0].pages() < plain_tiers.traces()[0].pages());
    for (size_t i : {0, 2}) {
      CHECK(tiers.cells()[i].config.fast_capacity == plain_tiers.cells()[0].config.fast_capacity);
      CHECK(tiers.cells()[i].config.pages == tiers.traces()[tiers.cells()[i].trace].pages());
    }
    const auto lru = windowed->evaluate_baseline("linux_lru");
    const double first = (lru[0].metric + lru[1].metric) / 2;
    const double second = (lru[2].metric + lru[3].metric) / 2;
    CHECK(windowed->fitness(lru) == doctest::Approx(std::min(first, second)));
    CHECK(windowed->fitness_name() == "mean speedup over all-slow, worst of 2 windows");
    CHECK(windowed->held_out()->instances().size() == 2);
    CHECK(windowed->held_out()->fitness_name() == "mean speedup over all-slow");
  }
}
