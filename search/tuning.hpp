// Constant tuning: the numeric literals of a candidate as a point in R^n, and a Nelder-Mead
// optimizer over such points. The optimizer is ask/tell, with no callbacks and no threads: the
// search loop evaluates the asked points in batches wherever it likes and tells their scores back,
// and the whole state serializes to JSON so a resumed run continues exactly.
#pragma once

#include <cstddef>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/source.hpp"

namespace crucible::search {

// A candidate's tunable literals and how to write new values back into its text.
class TunableSource {
 public:
  // Nullopt when `source` does not type-check against `headers` or has no tunable literal.
  // Tunable: integer and floating literals inside function bodies of the main file, outside
  // macros, except where a literal is not a quantity to tune: array sizes, template arguments,
  // case labels, shift amounts, operands of bitwise operators (&, |, ^, ~), subscripts and
  // static_assert conditions (collect_mutation_sites returns those; they are dropped here).
  // `pch`: a Prelude::for_parsing one for `headers`, for a faster parse.
  [[nodiscard]] static std::optional<TunableSource> parse(
      std::string_view source, const std::vector<sandbox::HeaderFile>& headers,
      const std::string& pch = {});

  // The literals' values, in source order.
  [[nodiscard]] const std::vector<double>& values() const { return values_; }
  [[nodiscard]] std::size_t size() const { return values_.size(); }
  // True when slot `slot` is an integer literal (its values are rounded when written).
  [[nodiscard]] bool is_integer(std::size_t slot) const { return !slots_.at(slot).is_floating; }
  // initial_steps(values()), with integer slots stepping by at least 1 so a step changes them.
  [[nodiscard]] std::vector<double> initial_steps() const;

  // The source with every literal rewritten in place, `values` in the order of values():
  //  - floating literals get the shortest spelling that reads back as exactly the same double
  //    (float for an f suffix), so the evaluated candidate is exactly the optimizer's point;
  //    always with '.' or an exponent, suffix kept; an f literal is clamped to float's range;
  //  - integer literals are rounded to nearest (halves away from zero), clamped to +-2^53 (exact
  //    in a double, fits long long), clamped at 0 when unsigned (u suffix), suffix kept;
  //  - a negative value is parenthesized: "x - 0.5" becomes "x - (-0.5)".
  // Throws std::invalid_argument when the count differs from size() or a value is NaN or
  // infinite: a non-finite point is an optimizer or caller bug, and clamping would evaluate a
  // point other than the one asked. A caller can catch it and score the point as failed.
  [[nodiscard]] std::string with_values(std::span<const double> values) const;

 private:
  struct Slot {
    std::size_t begin = 0;
    std::size_t end = 0;
    unsigned line = 0;
    unsigned column = 0;
    bool is_floating = false;
    std::string suffix;
  };
  TunableSource() = default;

  std::string source_;
  std::vector<Slot> slots_;  // sorted by begin, disjoint
  std::vector<double> values_;
};

// Per-coordinate first steps: relative * |v|, and zero_step where v is exactly 0. A written
// literal's magnitude is its scale (0.001 is an epsilon, not a weight near 0), so only an exact
// zero, which has no scale, gets the absolute step.
[[nodiscard]] std::vector<double> initial_steps(std::span<const double> values,
                                                double relative = 0.2, double zero_step = 0.05);

struct NelderMeadOptions {
  // The budget. A batch is never split, so evaluations() can pass this by less than one batch.
  std::size_t max_evaluations = 100;
  // Converged when the simplex's scores differ by at most score_tolerance (absolute) and every
  // vertex lies within point_tolerance * initial step of the best in each coordinate.
  double score_tolerance = 1e-6;
  double point_tolerance = 1e-3;
  // Ask the reflection, expansion and both contraction points of an iteration in one batch of 4,
  // for loops where a round trip costs more than an evaluation. The simplex moves exactly as in
  // the sequential method; only more points are evaluated.
  bool speculative = false;
};

// Nelder-Mead maximizing a score (higher is better), with the standard coefficients (reflection
// 1, expansion 2, contraction 1/2, shrink 1/2) and greedy expansion. NaN scores count as -inf
// (a failed point); ties keep the older vertex first. Fully deterministic.
class NelderMead {
 public:
  // Throws std::invalid_argument for an empty or non-finite start, steps of another size, a zero
  // or non-finite step, a zero budget or negative tolerances.
  NelderMead(std::vector<double> start, std::vector<double> steps, NelderMeadOptions options = {});

  // The points to evaluate next: the initial simplex (start first, then start + step_i e_i),
  // then one reflection, expansion or contraction point (4 when speculative), or the n shrink
  // points. Asking again before telling returns the same batch; empty once is_done().
  [[nodiscard]] std::vector<std::vector<double>> ask() const { return pending_; }
  // The scores of the last asked batch, in its order. Throws std::logic_error when nothing is
  // pending and std::invalid_argument when the count differs from the batch's.
  void tell(std::span<const double> scores);

  // The best point evaluated so far (the start before any tell) and its score (-inf before any).
  [[nodiscard]] std::vector<double> best_point() const { return best_point_; }
  [[nodiscard]] double best_score() const { return -best_cost_; }
  // Budget spent or simplex converged.
  [[nodiscard]] bool is_done() const { return pending_.empty(); }
  [[nodiscard]] std::size_t evaluations() const { return evaluations_; }
  // Completed simplex updates (the initial simplex counts as none).
  [[nodiscard]] std::size_t iterations() const { return iterations_; }

  // The whole state; from_json(to_json()) continues exactly, also through a dump and parse.
  [[nodiscard]] nlohmann::json to_json() const;
  // Throws std::invalid_argument (or nlohmann's exceptions) for a malformed state.
  [[nodiscard]] static NelderMead from_json(const nlohmann::json& state);

 private:
  enum class Phase {
    kInitial,
    kReflect,
    kExpand,
    kContractOutside,
    kContractInside,
    kShrink,
    kSpeculative
  };
  NelderMead() = default;

  void validate() const;
  void order();
  void replace_worst(std::vector<double> point, double cost);
  void queue(Phase phase, std::vector<std::vector<double>> points);
  void finish_iteration();
  void start_shrink();
  void after_reflection(const std::vector<double>& costs);
  void after_speculation(std::vector<std::vector<double>> points, const std::vector<double>& costs);
  [[nodiscard]] bool is_converged() const;
  [[nodiscard]] std::vector<double> centroid() const;
  [[nodiscard]] std::vector<double> along(const std::vector<double>& from, double factor,
                                          const std::vector<double>& to) const;

  NelderMeadOptions options_;
  std::vector<double> steps_;
  std::vector<std::vector<double>> simplex_;  // n + 1 vertices, best (lowest cost) first
  std::vector<double> costs_;                 // -score of each vertex
  Phase phase_ = Phase::kInitial;
  std::vector<std::vector<double>> pending_;
  std::vector<double> reflected_;  // the reflection point of the current iteration
  double reflected_cost_ = 0.0;
  std::size_t evaluations_ = 0;
  std::size_t iterations_ = 0;
  std::vector<double> best_point_;
  double best_cost_ = 0.0;
};

}  // namespace crucible::search
