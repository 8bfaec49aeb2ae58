// NelderMead from search/tuning.hpp: the ask/tell state machine and its JSON form.
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <utility>

#include "search/tuning.hpp"

namespace crucible::search {
namespace {

constexpr double kReflection = 1.0;
constexpr double kExpansion = 2.0;
constexpr double kContraction = 0.5;
constexpr double kShrink = 0.5;

// JSON has no infinities: a failed point's cost is written as the string "inf".
nlohmann::json number_to_json(double value) {
  if (std::isfinite(value)) return value;
  return value > 0 ? "inf" : "-inf";
}

double number_from_json(const nlohmann::json& value) {
  if (value.is_number()) return value.get<double>();
  if (value == "inf") return std::numeric_limits<double>::infinity();
  if (value == "-inf") return -std::numeric_limits<double>::infinity();
  throw std::invalid_argument("NelderMead state: expected a number, \"inf\" or \"-inf\", got " +
                              value.dump());
}

nlohmann::json vector_to_json(const std::vector<double>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (const double value : values) out.push_back(number_to_json(value));
  return out;
}

std::vector<double> vector_from_json(const nlohmann::json& values) {
  std::vector<double> out;
  for (const auto& value : values) out.push_back(number_from_json(value));
  return out;
}

nlohmann::json points_to_json(const std::vector<std::vector<double>>& points) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& point : points) out.push_back(vector_to_json(point));
  return out;
}

std::vector<std::vector<double>> points_from_json(const nlohmann::json& points) {
  std::vector<std::vector<double>> out;
  for (const auto& point : points) out.push_back(vector_from_json(point));
  return out;
}

constexpr std::array<const char*, 7> kPhaseNames = {
    "initial", "reflect", "expand", "contract_outside", "contract_inside", "shrink", "speculative"};

}  // namespace

NelderMead::NelderMead(std::vector<double> start, std::vector<double> steps,
                       NelderMeadOptions options)
    : options_(options),
      steps_(std::move(steps)),
      best_point_(start),
      best_cost_(std::numeric_limits<double>::infinity()) {
  if (start.empty()) throw std::invalid_argument("NelderMead: the start point is empty");
  if (steps_.size() != start.size()) {
    throw std::invalid_argument("NelderMead: " + std::to_string(steps_.size()) + " steps for " +
                                std::to_string(start.size()) + " coordinates");
  }
  for (std::size_t i = 0; i < start.size(); ++i) {
    if (!std::isfinite(start[i])) {
      throw std::invalid_argument("NelderMead: start coordinate " + std::to_string(i) + " is " +
                                  std::to_string(start[i]));
    }
    if (!std::isfinite(steps_[i]) || steps_[i] == 0.0) {
      throw std::invalid_argument("NelderMead: step " + std::to_string(i) + " is " +
                                  std::to_string(steps_[i]) + "; it must be finite and non-zero");
    }
  }
  validate();
  std::vector<std::vector<double>> simplex{start};
  for (std::size_t i = 0; i < start.size(); ++i) {
    simplex.push_back(start);
    simplex.back()[i] += steps_[i];
  }
  queue(Phase::kInitial, std::move(simplex));
}

void NelderMead::validate() const {
  if (options_.max_evaluations == 0) {
    throw std::invalid_argument("NelderMead: max_evaluations must be at least 1, got 0");
  }
  if (!(options_.score_tolerance >= 0.0) || !(options_.point_tolerance >= 0.0)) {
    throw std::invalid_argument("NelderMead: score_tolerance " +
                                std::to_string(options_.score_tolerance) + " and point_tolerance " +
                                std::to_string(options_.point_tolerance) + " must be >= 0");
  }
}

void NelderMead::tell(std::span<const double> scores) {
  if (pending_.empty()) throw std::logic_error("NelderMead::tell: no points are pending");
  if (scores.size() != pending_.size()) {
    throw std::invalid_argument("NelderMead::tell: " + std::to_string(scores.size()) +
                                " scores for " + std::to_string(pending_.size()) + " points");
  }
  std::vector<double> costs;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    costs.push_back(std::isnan(scores[i]) ? std::numeric_limits<double>::infinity() : -scores[i]);
    if (costs.back() < best_cost_) {
      best_cost_ = costs.back();
      best_point_ = pending_[i];
    }
  }
  evaluations_ += scores.size();
  std::vector<std::vector<double>> points = std::move(pending_);
  pending_.clear();
  const std::size_t worst = simplex_.size() - 1;  // meaningless before the initial simplex
  switch (phase_) {
    case Phase::kInitial:
      simplex_ = std::move(points);
      costs_ = costs;
      order();
      finish_iteration();
      return;
    case Phase::kReflect:
      reflected_ = std::move(points.front());
      reflected_cost_ = costs.front();
      after_reflection(costs);
      return;
    case Phase::kExpand:
      // Greedy expansion: keep whichever of the two points is better.
      if (costs.front() < reflected_cost_) {
        replace_worst(std::move(points.front()), costs.front());
      } else {
        replace_worst(reflected_, reflected_cost_);
      }
      return;
    case Phase::kContractOutside:
      if (costs.front() <= reflected_cost_)
        return replace_worst(std::move(points.front()), costs.front());
      return start_shrink();
    case Phase::kContractInside:
      if (costs.front() < costs_[worst])
        return replace_worst(std::move(points.front()), costs.front());
      return start_shrink();
    case Phase::kShrink:
      for (std::size_t i = 0; i < points.size(); ++i) {
        simplex_[i + 1] = std::move(points[i]);
        costs_[i + 1] = costs[i];
      }
      order();
      finish_iteration();
      return;
    case Phase::kSpeculative:
      after_speculation(std::move(points), costs);
      return;
  }
}

// The reflection decides the step: expand past a new best, accept a middling point, contract
// otherwise (outside when it beat the worst, inside when not).
void NelderMead::after_reflection(const std::vector<double>& costs) {
  const std::size_t worst = simplex_.size() - 1;
  const double cost = costs.front();
  const std::vector<double> center = centroid();
  if (cost < costs_.front()) return queue(Phase::kExpand, {along(center, kExpansion, reflected_)});
  if (cost < costs_[worst - 1]) return replace_worst(reflected_, cost);
  if (cost < costs_[worst]) {
    return queue(Phase::kContractOutside, {along(center, kContraction, reflected_)});
  }
  queue(Phase::kContractInside, {along(center, kContraction, simplex_[worst])});
}

// The same decisions as the sequential method, read off the four points' known costs.
void NelderMead::after_speculation(std::vector<std::vector<double>> points,
                                   const std::vector<double>& costs) {
  const std::size_t worst = simplex_.size() - 1;
  const double reflected = costs[0];
  if (reflected < costs_.front()) {
    if (costs[1] < reflected) return replace_worst(std::move(points[1]), costs[1]);
    return replace_worst(std::move(points[0]), reflected);
  }
  if (reflected < costs_[worst - 1]) return replace_worst(std::move(points[0]), reflected);
  if (reflected < costs_[worst]) {
    if (costs[2] <= reflected) return replace_worst(std::move(points[2]), costs[2]);
    return start_shrink();
  }
  if (costs[3] < costs_[worst]) return replace_worst(std::move(points[3]), costs[3]);
  start_shrink();
}

// Stable by cost: among equal costs the older vertex (lower index) stays first. (std::sort with
// the index as tie-break: std::stable_sort warns under clang with libstdc++ 12.)
void NelderMead::order() {
  std::vector<std::size_t> index(simplex_.size());
  for (std::size_t i = 0; i < index.size(); ++i) index[i] = i;
  std::sort(index.begin(), index.end(), [&](std::size_t a, std::size_t b) {
    return costs_[a] < costs_[b] || (costs_[a] == costs_[b] && a < b);
  });
  std::vector<std::vector<double>> simplex;
  std::vector<double> costs;
  for (const std::size_t i : index) {
    simplex.push_back(std::move(simplex_[i]));
    costs.push_back(costs_[i]);
  }
  simplex_ = std::move(simplex);
  costs_ = std::move(costs);
}

void NelderMead::replace_worst(std::vector<double> point, double cost) {
  simplex_.back() = std::move(point);
  costs_.back() = cost;
  order();
  finish_iteration();
}

void NelderMead::queue(Phase phase, std::vector<std::vector<double>> points) {
  phase_ = phase;
  pending_.clear();
  if (evaluations_ < options_.max_evaluations) pending_ = std::move(points);
}

void NelderMead::finish_iteration() {
  if (phase_ != Phase::kInitial) ++iterations_;
  if (is_converged()) {
    pending_.clear();
    return;
  }
  const std::size_t worst = simplex_.size() - 1;
  const std::vector<double> center = centroid();
  std::vector<double> reflected = along(center, -kReflection, simplex_[worst]);
  if (!options_.speculative) return queue(Phase::kReflect, {std::move(reflected)});
  std::vector<double> expanded = along(center, kExpansion, reflected);
  std::vector<double> outside = along(center, kContraction, reflected);
  std::vector<double> inside = along(center, kContraction, simplex_[worst]);
  queue(Phase::kSpeculative,
        {std::move(reflected), std::move(expanded), std::move(outside), std::move(inside)});
}

void NelderMead::start_shrink() {
  std::vector<std::vector<double>> points;
  for (std::size_t i = 1; i < simplex_.size(); ++i) {
    points.push_back(along(simplex_.front(), kShrink, simplex_[i]));
  }
  queue(Phase::kShrink, std::move(points));
}

bool NelderMead::is_converged() const {
  // Equal costs (two failed vertices included) have no spread; inf - inf would be NaN.
  const bool is_flat =
      costs_.back() == costs_.front() || costs_.back() - costs_.front() <= options_.score_tolerance;
  if (!is_flat) return false;
  for (std::size_t v = 1; v < simplex_.size(); ++v) {
    for (std::size_t i = 0; i < steps_.size(); ++i) {
      const double distance = std::abs(simplex_[v][i] - simplex_.front()[i]);
      if (distance > options_.point_tolerance * std::abs(steps_[i])) return false;
    }
  }
  return true;
}

// The centroid of every vertex but the worst, summed in vertex order.
std::vector<double> NelderMead::centroid() const {
  std::vector<double> center(steps_.size(), 0.0);
  const std::size_t count = simplex_.size() - 1;
  for (std::size_t v = 0; v < count; ++v) {
    for (std::size_t i = 0; i < center.size(); ++i) center[i] += simplex_[v][i];
  }
  for (double& coordinate : center) coordinate /= static_cast<double>(count);
  return center;
}

// from + factor * (to - from): factor -1 reflects `to` through `from`.
std::vector<double> NelderMead::along(const std::vector<double>& from, double factor,
                                      const std::vector<double>& to) const {
  std::vector<double> point(from.size());
  for (std::size_t i = 0; i < point.size(); ++i) point[i] = from[i] + factor * (to[i] - from[i]);
  return point;
}

nlohmann::json NelderMead::to_json() const {
  return {
      {"max_evaluations", options_.max_evaluations},
      {"score_tolerance", options_.score_tolerance},
      {"point_tolerance", options_.point_tolerance},
      {"speculative", options_.speculative},
      {"steps", vector_to_json(steps_)},
      {"simplex", points_to_json(simplex_)},
      {"costs", vector_to_json(costs_)},
      {"phase", kPhaseNames.at(static_cast<std::size_t>(phase_))},
      {"pending", points_to_json(pending_)},
      {"reflected", vector_to_json(reflected_)},
      {"reflected_cost", number_to_json(reflected_cost_)},
      {"evaluations", evaluations_},
      {"iterations", iterations_},
      {"best_point", vector_to_json(best_point_)},
      {"best_cost", number_to_json(best_cost_)},
  };
}

NelderMead NelderMead::from_json(const nlohmann::json& state) {
  NelderMead out;
  out.options_.max_evaluations = state.at("max_evaluations").get<std::size_t>();
  out.options_.score_tolerance = state.at("score_tolerance").get<double>();
  out.options_.point_tolerance = state.at("point_tolerance").get<double>();
  out.options_.speculative = state.at("speculative").get<bool>();
  out.validate();
  out.steps_ = vector_from_json(state.at("steps"));
  out.simplex_ = points_from_json(state.at("simplex"));
  out.costs_ = vector_from_json(state.at("costs"));
  const auto phase = state.at("phase").get<std::string>();
  const auto* found = std::find(kPhaseNames.begin(), kPhaseNames.end(), phase);
  if (found == kPhaseNames.end()) {
    throw std::invalid_argument("NelderMead state: unknown phase \"" + phase + "\"");
  }
  out.phase_ = static_cast<Phase>(found - kPhaseNames.begin());
  out.pending_ = points_from_json(state.at("pending"));
  out.reflected_ = vector_from_json(state.at("reflected"));
  out.reflected_cost_ = number_from_json(state.at("reflected_cost"));
  out.evaluations_ = state.at("evaluations").get<std::size_t>();
  out.iterations_ = state.at("iterations").get<std::size_t>();
  out.best_point_ = vector_from_json(state.at("best_point"));
  out.best_cost_ = number_from_json(state.at("best_cost"));
  const std::size_t n = out.steps_.size();
  const bool is_started = out.phase_ != Phase::kInitial;
  const auto has_size_n = [n](const std::vector<double>& point) { return point.size() == n; };
  if (n == 0 || out.best_point_.size() != n || out.costs_.size() != out.simplex_.size() ||
      (is_started && out.simplex_.size() != n + 1) ||
      !std::all_of(out.simplex_.begin(), out.simplex_.end(), has_size_n) ||
      !std::all_of(out.pending_.begin(), out.pending_.end(), has_size_n)) {
    throw std::invalid_argument(
        "NelderMead state: the sizes of steps, simplex, costs, pending and best_point disagree");
  }
  return out;
}

}  // namespace crucible::search
