#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "evaluators/cache/interfaces.hpp"
#include "sandbox/clang_parse.hpp"
#include "search/proposers/builtin/mutation_sites.hpp"
#include "search/tuning.hpp"

namespace crucible::search {
namespace {

using Points = std::vector<std::vector<double>>;
using Objective = std::function<double(const std::vector<double>&)>;

constexpr double kFailed = -std::numeric_limits<double>::infinity();

// The rank interface's headers, as the search loop hands them to the parser.
const std::vector<sandbox::HeaderFile>& rank_headers() {
  static const std::vector<sandbox::HeaderFile> headers = [] {
    std::vector<sandbox::HeaderFile> out;
    const auto interfaces = evaluators::cache::cache_interfaces();
    for (const auto& header : interfaces.front().headers) {
      out.push_back({header.name, header.text});
    }
    return out;
  }();
  return headers;
}

// Literals the tuner must leave alone (array size 4, subscript 1, shift 10, mask 7u, case 1, the
// template argument 3, the static_assert's 8, the subscript's mask 3) beside tunable ones.
constexpr const char* kMixedSource =
    "template <int N> double scaled(double x) { return x * N + 0.75; }\n"
    "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
    "  static_assert(sizeof(double) == 8);\n"
    "  double table[4] = {0.5, 1.5f, 2.0, 1e-3};\n"
    "  double recency = (double)(state->now - obj->last_access) + 1.0;\n"
    "  double weight = state->miss_ratio_ewma[1] * 0.25f;\n"
    "  uint64_t bucket = (obj->size >> 10) & 7u;\n"
    "  switch (obj->access_count) { case 1: weight += 2; break; default: break; }\n"
    "  return table[bucket & 3] * scaled<3>(weight) - 0.5 * (double)obj->access_count / recency"
    " + 3u;\n"
    "}\n";

TunableSource parse_ok(const std::string& source) {
  auto tunable = TunableSource::parse(source, rank_headers());
  REQUIRE(tunable.has_value());
  return *tunable;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// Drives `optimizer` to the end, returning every asked batch in order.
std::vector<Points> run_to_end(NelderMead& optimizer, const Objective& objective) {
  std::vector<Points> asked;
  while (!optimizer.is_done()) {
    asked.push_back(optimizer.ask());
    std::vector<double> scores;
    for (const auto& point : asked.back()) scores.push_back(objective(point));
    optimizer.tell(scores);
  }
  return asked;
}

double sphere(const std::vector<double>& x) {
  double sum = 0.0;
  for (std::size_t i = 0; i < x.size(); ++i) {
    const double d = x[i] - (1.0 + static_cast<double>(i));  // optimum at (1, 2, 3, ...)
    sum += d * d;
  }
  return -sum;
}

double rosenbrock(const std::vector<double>& x) {
  double sum = 0.0;
  for (std::size_t i = 0; i + 1 < x.size(); ++i) {
    sum += 100.0 * std::pow(x[i + 1] - x[i] * x[i], 2) + std::pow(1.0 - x[i], 2);
  }
  return -sum;
}

// The sphere, failing (NaN or -inf) on a half-plane next to the optimum and on a pseudo-random
// 1/every_nth of all points, keyed on the point's bits so the run stays deterministic.
double failing_sphere(const std::vector<double>& x, std::uint64_t every_nth = 10) {
  if (x[0] + x[1] > 3.5) return std::numeric_limits<double>::quiet_NaN();
  std::uint64_t key = 0x9e3779b97f4a7c15ULL;
  for (const double coordinate : x) {
    key ^= static_cast<std::uint64_t>(std::llround(coordinate * 1e6));
    key *= 0xff51afd7ed558ccdULL;
    key ^= key >> 33;
  }
  if (key % every_nth == 0) return kFailed;
  return sphere(x);
}

// A fifth of the points fail: many contractions and shrinks, and failed vertices in the simplex.
double failing_fifth(const std::vector<double>& x) { return failing_sphere(x, 5); }

NelderMead make_optimizer(std::vector<double> start, std::size_t budget, bool speculative = false) {
  NelderMeadOptions options;
  options.max_evaluations = budget;
  options.speculative = speculative;
  auto steps = initial_steps(start);
  return {std::move(start), std::move(steps), options};
}

// Best scores reached within the budget, measured (see the MESSAGE lines) and rounded up.
constexpr double kSphereTolerance[] = {0, 0, 1e-9, 1e-9, 1e-9};
constexpr double kRosenbrockTolerance[] = {0, 0, 1e-8, 1e-8, 1e-8};
constexpr double kFailingTolerance = 1e-7;
constexpr double kStalledTolerance = 2.0;  // from -24.25

}  // namespace

TEST_SUITE("search tuning") {
  TEST_CASE(
      "tunable literals skip array sizes, template arguments, case labels, shifts and masks") {
    const TunableSource tunable = parse_ok(kMixedSource);
    const std::string tuned_texts = tunable.with_values(tunable.values());
    CHECK(tunable.values() ==
          std::vector<double>{0.75, 0.5, 1.5, 2.0, 1e-3, 1.0, 0.25, 2.0, 0.5, 3.0});
    CHECK(tunable.size() == 10);
    CHECK(tunable.is_integer(7));  // the 2 of "weight += 2"
    CHECK(tunable.is_integer(9));  // 3u
    CHECK_FALSE(tunable.is_integer(2));

    // collect_mutation_sites itself does return the excluded literals: the filter is ours.
    auto parsed = sandbox::parse_source(kMixedSource, rank_headers());
    REQUIRE(parsed.is_ok());
    std::multiset<std::string> excluded;
    for (const auto& site :
         proposers::collect_mutation_sites(*parsed.ast, rank_headers()).literals) {
      excluded.insert(site.text);
    }
    for (const char* text :
         {"0.75", "0.5", "1.5f", "2.0", "1e-3", "1.0", "0.25f", "2", "0.5", "3u"}) {
      const auto found = excluded.find(text);
      REQUIRE(found != excluded.end());
      excluded.erase(found);
    }
    CHECK(excluded == std::multiset<std::string>{"8", "4", "1", "10", "7u", "1", "3", "3"});
  }

  TEST_CASE("with_values of values round trips and type-checks") {
    const std::string seeds[] = {
        kMixedSource,
        "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
        "  double size = obj->size > 0 ? (double)obj->size : 1.0;\n"
        "  return state->evicted_priority + (double)obj->access_count / size;\n"
        "}\n",
        "double crucible_cache_priority(const CacheObject* obj, const CacheState*) {\n"
        "  return 0x10 * 0.1f + 1'000 * 1e-7 + 0x1p-3 + 017 * 3.25L;\n"
        "}\n"};
    for (const std::string& source : seeds) {
      const TunableSource tunable = parse_ok(source);
      const std::string rewritten = tunable.with_values(tunable.values());
      CHECK(sandbox::parse_source(rewritten, rank_headers()).is_ok());
      const TunableSource again = parse_ok(rewritten);
      CHECK(again.values() == tunable.values());
      CHECK(again.with_values(again.values()) == rewritten);
    }
  }

  TEST_CASE("with_values keeps integers integral and suffixes and parenthesizes negatives") {
    const std::string source =
        "double crucible_cache_priority(const CacheObject* obj, const CacheState*) {\n"
        "  return (double)obj->size - 0.5 + 0.25f * (double)(obj->access_count + 3u) - 7;\n"
        "}\n";
    const TunableSource tunable = parse_ok(source);
    REQUIRE(tunable.values() == std::vector<double>{0.5, 0.25, 3.0, 7.0});
    const std::string tuned = tunable.with_values(std::vector<double>{-0.5, 0.3, -4.0, 2.5});
    CHECK(contains(tuned,
                   "(double)obj->size - (-0.5) + 0.3f * (double)(obj->access_count + 0u) - 3;"));
    CHECK(sandbox::parse_source(tuned, rank_headers()).is_ok());
    const TunableSource again = parse_ok(tuned);
    CHECK(again.is_integer(2));
    CHECK(again.is_integer(3));
    // Rounding is to nearest, halves away from zero; negatives keep the suffix inside the parens.
    CHECK(
        contains(tunable.with_values(std::vector<double>{1.0, 2.0, 6.49, -2.5}), "+ 6u) - (-3);"));
    // A float literal is clamped to float's range; a whole double is still a floating literal.
    const std::string big = tunable.with_values(std::vector<double>{1e300, 1e40, 0.0, 0.0});
    CHECK(contains(big, "- 1e+300 + 3.4028235e+38f *"));
    CHECK(contains(tunable.with_values(std::vector<double>{2.0, 1.0, 0.0, 0.0}), "- 2.0 + 1.0f *"));
    CHECK(contains(tunable.with_values(std::vector<double>{-0.0, 1.0, 0.0, 0.0}), "- (-0.0) +"));
  }

  TEST_CASE("with_values refuses non-finite values and a wrong count") {
    const TunableSource tunable = parse_ok(kMixedSource);
    std::vector<double> values = tunable.values();
    values[3] = std::numeric_limits<double>::quiet_NaN();
    CHECK_THROWS_AS((void)tunable.with_values(values), std::invalid_argument);
    values[3] = std::numeric_limits<double>::infinity();
    CHECK_THROWS_AS((void)tunable.with_values(values), std::invalid_argument);
    values.pop_back();
    CHECK_THROWS_AS((void)tunable.with_values(values), std::invalid_argument);
  }

  TEST_CASE("tunable sources need a type-checking candidate with a literal") {
    CHECK_FALSE(
        TunableSource::parse("double crucible_cache_priority(const CacheObject* obj, "
                             "const CacheState*) { return (double)obj->size; }\n",
                             rank_headers()));
    CHECK_FALSE(
        TunableSource::parse("double crucible_cache_priority(const CacheObject* obj, "
                             "const CacheState*) { return obj->nope * 2.0; }\n",
                             rank_headers()));
  }

  TEST_CASE("initial steps are relative with an absolute step at zero and integers step by one") {
    CHECK(initial_steps(std::vector<double>{0.0, 1e-3, -10.0}) ==
          std::vector<double>{0.05, 0.2 * 1e-3, 2.0});
    const TunableSource tunable = parse_ok(kMixedSource);
    const auto steps = tunable.initial_steps();
    CHECK(steps[0] == doctest::Approx(0.15));
    CHECK(steps[7] == 1.0);  // 2 (integer): 0.4 would round away to nothing
    CHECK(steps[9] == 1.0);  // 3u
  }

  TEST_CASE("nelder mead converges on the sphere in 2 to 4 dimensions") {
    for (std::size_t n = 2; n <= 4; ++n) {
      std::vector<double> start(n, 0.0);
      start[0] = -3.0;
      NelderMead optimizer = make_optimizer(start, 400);
      CHECK(optimizer.best_score() == kFailed);
      (void)run_to_end(optimizer, sphere);
      MESSAGE("sphere n=" << n << " evaluations " << optimizer.evaluations() << " best "
                          << optimizer.best_score());
      CHECK(optimizer.evaluations() <= 400 + n);
      CHECK(optimizer.best_score() > -kSphereTolerance[n]);
      CHECK(optimizer.best_point()[n - 1] == doctest::Approx(static_cast<double>(n)).epsilon(1e-2));
    }
  }

  TEST_CASE("nelder mead improves rosenbrock in 2 to 4 dimensions") {
    for (std::size_t n = 2; n <= 4; ++n) {
      std::vector<double> start;
      for (std::size_t i = 0; i < n; ++i) start.push_back(i % 2 == 0 ? -1.2 : 1.0);
      NelderMead optimizer = make_optimizer(start, 2000);
      (void)run_to_end(optimizer, rosenbrock);
      MESSAGE("rosenbrock n=" << n << " evaluations " << optimizer.evaluations() << " from "
                              << rosenbrock(start) << " to " << optimizer.best_score());
      CHECK(optimizer.best_score() > -kRosenbrockTolerance[n]);
    }
  }

  TEST_CASE("nelder mead still improves when a region and random points fail") {
    const std::vector<double> start{-2.0, -1.0, 0.5};
    REQUIRE(std::isfinite(failing_sphere(start)));
    // every_nth 10: a tenth of the points fail at random; 5: a fifth, which stalls the simplex.
    for (const std::uint64_t every_nth : {10U, 5U}) {
      NelderMead optimizer = make_optimizer(start, 400);
      std::size_t failures = 0;
      (void)run_to_end(optimizer, [&](const std::vector<double>& x) {
        const double score = failing_sphere(x, every_nth);
        if (!std::isfinite(score)) ++failures;
        return score;
      });
      MESSAGE("failing sphere 1/" << every_nth << ": " << failures << " of "
                                  << optimizer.evaluations() << " points failed; best "
                                  << optimizer.best_score() << " from " << failing_sphere(start));
      CHECK(failures > 10);
      CHECK(optimizer.best_score() > (every_nth == 10 ? -kFailingTolerance : -kStalledTolerance));
      CHECK(std::isfinite(failing_sphere(optimizer.best_point(), every_nth)));
    }
  }

  TEST_CASE("nelder mead asks the same points for the same inputs") {
    NelderMead first = make_optimizer({-2.0, -1.0, 0.5}, 150);
    NelderMead second = make_optimizer({-2.0, -1.0, 0.5}, 150);
    const auto first_asked = run_to_end(first, failing_fifth);
    const auto second_asked = run_to_end(second, failing_fifth);
    CHECK(first_asked.size() > 20);
    CHECK(first_asked == second_asked);
    CHECK(first.best_point() == second.best_point());
  }

  TEST_CASE("nelder mead restored from json continues exactly") {
    for (const bool speculative : {false, true}) {
      NelderMead whole = make_optimizer({-2.0, -1.0, 0.5}, 200, speculative);
      const auto expected = run_to_end(whole, failing_fifth);
      // Interrupt after every tell, both before and after asking, through a dump and a parse.
      NelderMead resumed = make_optimizer({-2.0, -1.0, 0.5}, 200, speculative);
      std::vector<Points> asked;
      std::set<std::string> phases;
      bool has_failed_vertex = false;
      while (!resumed.is_done()) {
        asked.push_back(resumed.ask());
        resumed = NelderMead::from_json(nlohmann::json::parse(resumed.to_json().dump()));
        phases.insert(resumed.to_json().at("phase").get<std::string>());
        CHECK(resumed.ask() == asked.back());
        std::vector<double> scores;
        for (const auto& point : asked.back()) scores.push_back(failing_fifth(point));
        resumed.tell(scores);
        const std::string dumped = resumed.to_json().dump();
        has_failed_vertex = has_failed_vertex || contains(dumped, "\"inf\"");
        resumed = NelderMead::from_json(nlohmann::json::parse(dumped));
      }
      CHECK(asked == expected);
      CHECK(resumed.evaluations() == whole.evaluations());
      CHECK(resumed.best_point() == whole.best_point());
      CHECK(resumed.best_score() == whole.best_score());
      // The run went through every kind of step, and failed vertices were stored as "inf".
      CHECK(phases.size() == (speculative ? 3U : 6U));
      CHECK(has_failed_vertex);
    }
  }

  TEST_CASE("speculative batches move the simplex exactly as the sequential method") {
    NelderMead sequential = make_optimizer({-1.2, 1.0, -1.2}, 10000);
    NelderMead speculative = make_optimizer({-1.2, 1.0, -1.2}, 10000, true);
    for (std::size_t iteration = 0; iteration < 60; ++iteration) {
      for (NelderMead* optimizer : {&sequential, &speculative}) {
        const std::size_t target = optimizer->iterations() + 1;
        while (optimizer->iterations() < target) {
          std::vector<double> scores;
          for (const auto& point : optimizer->ask()) scores.push_back(rosenbrock(point));
          optimizer->tell(scores);
        }
      }
      REQUIRE(sequential.to_json().at("simplex") == speculative.to_json().at("simplex"));
    }
    CHECK(speculative.evaluations() > sequential.evaluations());
  }

  TEST_CASE("nelder mead refuses bad inputs and a tell without points") {
    CHECK_THROWS_AS(NelderMead({}, {}), std::invalid_argument);
    CHECK_THROWS_AS(NelderMead({1.0, 2.0}, {0.1}), std::invalid_argument);
    CHECK_THROWS_AS(NelderMead({1.0}, {0.0}), std::invalid_argument);
    CHECK_THROWS_AS(NelderMead({std::nan("")}, {0.1}), std::invalid_argument);
    NelderMeadOptions no_budget;
    no_budget.max_evaluations = 0;
    CHECK_THROWS_AS(NelderMead({1.0}, {0.1}, no_budget), std::invalid_argument);

    NelderMeadOptions small;
    small.max_evaluations = 3;
    NelderMead optimizer({1.0, 2.0}, {0.5, -0.5}, small);
    const Points simplex = optimizer.ask();
    CHECK(simplex == Points{{1.0, 2.0}, {1.5, 2.0}, {1.0, 1.5}});
    CHECK(optimizer.ask() == simplex);
    CHECK_THROWS_AS(optimizer.tell(std::vector<double>{1.0}), std::invalid_argument);
    optimizer.tell(std::vector<double>{1.0, std::nan(""), 2.0});
    CHECK(optimizer.is_done());  // 3 evaluations: the budget is spent
    CHECK(optimizer.best_score() == 2.0);
    CHECK(optimizer.best_point() == std::vector<double>{1.0, 1.5});
    CHECK(optimizer.ask().empty());
    CHECK_THROWS_AS(optimizer.tell(std::vector<double>{}), std::logic_error);
    nlohmann::json state = optimizer.to_json();
    state["phase"] = "sideways";
    CHECK_THROWS_AS((void)NelderMead::from_json(state), std::invalid_argument);
    state = optimizer.to_json();
    state["best_point"] = {1.0};
    CHECK_THROWS_AS((void)NelderMead::from_json(state), std::invalid_argument);
    CHECK_NOTHROW((void)NelderMead::from_json(optimizer.to_json()));
  }

  TEST_CASE("tuning a candidate: asked points written into its source and read back") {
    // The loop the search drives, with the evaluation replaced by reading the rewritten literals:
    // the score peaks at 0.8 for the float and 6 for the integer, which only moves in whole steps.
    const TunableSource tunable = parse_ok(
        "double crucible_cache_priority(const CacheObject* obj, const CacheState*) {\n"
        "  return 0.5 * (double)obj->access_count + 3;\n"
        "}\n");
    NelderMeadOptions options;
    options.max_evaluations = 80;
    NelderMead optimizer(tunable.values(), tunable.initial_steps(), options);
    std::set<std::string> written;
    while (!optimizer.is_done()) {
      std::vector<double> scores;
      for (const auto& point : optimizer.ask()) {
        const std::string source = tunable.with_values(point);
        written.insert(source);
        const TunableSource read = parse_ok(source);
        REQUIRE(read.is_integer(1));
        const double a = read.values()[0] - 0.8;
        const double b = read.values()[1] - 6.0;
        scores.push_back(-(a * a + b * b));
      }
      optimizer.tell(scores);
    }
    const std::string best = tunable.with_values(optimizer.best_point());
    MESSAGE("tuned in " << optimizer.evaluations() << " evaluations (" << written.size()
                        << " distinct sources): " << best.substr(best.find("return")));
    CHECK(optimizer.best_score() > -1e-6);
    CHECK(contains(best, "+ 6;"));
  }

}  // TEST_SUITE

}  // namespace crucible::search
