// Several proposers in one run: each proposal is made by one of them, picked with the slot's own
// generator by fixed weights, so a mixed run stays reproducible. Every candidate records which
// proposer made it.
#pragma once

#include <random>
#include <string>
#include <vector>

#include "search/proposers/proposer.hpp"

namespace crucible::search::proposers {

class MixedProposer final : public Proposer {
 public:
  struct Part {
    Proposer* proposer = nullptr;
    double weight = 1;  // > 0
  };
  explicit MixedProposer(std::vector<Part> parts) : parts_(std::move(parts)) {
    std::vector<double> weights;
    for (const auto& part : parts_) weights.push_back(part.weight);
    pick_ = std::discrete_distribution<size_t>(weights.begin(), weights.end());
  }

  std::string name() const override { return "mixed"; }

  std::optional<Proposal> propose(const ProposalRequest& request, std::mt19937_64& rng) override {
    auto pick = pick_;  // a copy: the distribution's state must not be shared between threads
    Proposer* chosen_part = nullptr;
    if (request.is_repair) {  // a repair goes back to the part that made the parent
      for (const auto& part : parts_) {
        const std::string name = part.proposer->name();
        if (request.parent_proposer == name || request.parent_proposer.starts_with(name + ":")) {
          chosen_part = part.proposer;
        }
      }
      if (chosen_part == nullptr) return std::nullopt;
    } else {
      chosen_part = parts_[pick(rng)].proposer;
    }
    Proposer& chosen = *chosen_part;
    auto proposal = chosen.propose(request, rng);
    if (proposal && proposal->proposer.empty()) proposal->proposer = chosen.name();
    return proposal;
  }

  // Any part that can make nothing more ends the run: its budget was the user's limit.
  bool is_exhausted() const override {
    for (const auto& part : parts_) {
      if (part.proposer->is_exhausted()) return true;
    }
    return false;
  }

  bool was_interrupted() const override {
    for (const auto& part : parts_) {
      if (part.proposer->was_interrupted()) return true;
    }
    return false;
  }

  void observe(const std::vector<Outcome>& outcomes) override {
    for (const auto& part : parts_) part.proposer->observe(outcomes);
  }

  nlohmann::json save_state() const override {
    nlohmann::json parts = nlohmann::json::array();
    for (const auto& part : parts_) parts.push_back(part.proposer->save_state());
    return {{"parts", parts}};
  }

  void restore_state(const nlohmann::json& state) override {
    if (!state.is_object() || !state.contains("parts")) return;
    const auto& parts = state["parts"];
    for (size_t i = 0; i < parts_.size() && i < parts.size(); ++i) {
      parts_[i].proposer->restore_state(parts[i]);
    }
  }

 private:
  std::vector<Part> parts_;
  std::discrete_distribution<size_t> pick_;
};

}  // namespace crucible::search::proposers
