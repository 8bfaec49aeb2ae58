#include "mechanisms.hpp"

#include <cmath>
#include <memory>
#include <string>

#include "evaluators/decision_records.hpp"
#include "evaluators/domain.hpp"
#include "sandbox/candidate_stack.hpp"

namespace crucible::evaluators::tiering {
namespace {

class HooksPolicy final : public TierPolicy {
 public:
  HooksPolicy(HooksEntry entry, const TierConfig& config) {
    sandbox::candidate_call(entry, &hooks_);
    const std::pair<const char*, bool> fields[] = {{"init", hooks_.init != nullptr},
                                                   {"on_epoch", hooks_.on_epoch != nullptr},
                                                   {"free", hooks_.free != nullptr}};
    for (const auto& [name, is_set] : fields) {
      if (!is_set) {
        throw InvalidDecision(std::string("crucible_tier_hooks left TierHooks.") + name + " unset");
      }
    }
    policy_ = sandbox::candidate_call(hooks_.init, config.fast_capacity, config.pages);
    if (policy_ == nullptr) throw InvalidDecision("the init hook returned no policy state");
    buffer_.resize(config.memory.migration_limit);
  }
  ~HooksPolicy() override { sandbox::candidate_call(hooks_.free, policy_); }
  HooksPolicy(const HooksPolicy&) = delete;
  HooksPolicy& operator=(const HooksPolicy&) = delete;

  void on_epoch(std::span<const TierPage> pages, const TierState& state,
                std::vector<uint32_t>& moves) override {
    const uint64_t count =
        sandbox::candidate_call(hooks_.on_epoch, policy_, pages.data(), &state, buffer_.data());
    if (count > buffer_.size()) {
      throw InvalidDecision("after epoch " + std::to_string(state.epoch) + " on_epoch returned " +
                            std::to_string(count) + " moves; migration_limit is " +
                            std::to_string(buffer_.size()));
    }
    for (uint64_t i = 0; i < count; ++i) {
      if (buffer_[i] >= pages.size()) {
        throw InvalidDecision("after epoch " + std::to_string(state.epoch) +
                              " on_epoch moved page " + std::to_string(buffer_[i]) + ", but only " +
                              std::to_string(pages.size()) + " pages have been accessed");
      }
      moves.push_back(static_cast<uint32_t>(buffer_[i]));
    }
  }

 private:
  TierHooks hooks_{};
  TierHooksPolicy* policy_ = nullptr;
  std::vector<uint64_t> buffer_;
};

}  // namespace

std::string_view interface_name(PolicyForm form) {
  return form == PolicyForm::kRank ? "rank" : "hooks";
}

void RankPolicy::on_epoch(std::span<const TierPage> pages, const TierState& state,
                          std::vector<uint32_t>& moves) {
  scores_.resize(pages.size());
  for (size_t i = 0; i < pages.size(); ++i) {
    const double score = sandbox::candidate_call(score_, &pages[i], &state);
    if (std::isnan(score)) {
      throw InvalidDecision("crucible_tier_score returned NaN for page " + std::to_string(i) +
                            " after epoch " + std::to_string(state.epoch));
    }
    scores_[i] = score;
  }
  plan_moves(scores_, pages, state, 0.0, 0.0, moves, 0.0, state.new_pages);
}

namespace {

// Appends each epoch's moves to a record as the wrapped policy names them.
class RecordingPolicy final : public TierPolicy {
 public:
  RecordingPolicy(TierPolicy& inner, std::string* record) : inner_(inner), record_(record) {}
  void on_epoch(std::span<const TierPage> pages, const TierState& state,
                std::vector<uint32_t>& moves) override {
    const size_t before = moves.size();
    inner_.on_epoch(pages, state, moves);
    if (record_ == nullptr) return;
    append_word(*record_, static_cast<uint32_t>(moves.size() - before));
    for (size_t i = before; i < moves.size(); ++i) append_word(*record_, moves[i]);
  }

 private:
  TierPolicy& inner_;
  std::string* record_;
};

// Names, after each epoch, the moves the record holds for it.
class ReplayPolicy final : public TierPolicy {
 public:
  ReplayPolicy(std::string_view record, const std::string& instance, uint64_t limit)
      : record_(record, "instance " + instance), limit_(limit) {}
  void on_epoch(std::span<const TierPage> pages, const TierState& state,
                std::vector<uint32_t>& moves) override {
    (void)pages;
    const uint32_t count = record_.next("the move count after epoch", state.epoch);
    if (count > limit_) {
      throw InvalidDecision("the decision record of " + record_.what() + " moves " +
                            std::to_string(count) + " pages after epoch " +
                            std::to_string(state.epoch) + "; migration_limit is " +
                            std::to_string(limit_));
    }
    for (uint32_t i = 0; i < count; ++i) moves.push_back(record_.next("a move after epoch", state.epoch));
  }
  RecordReader& record() { return record_; }

 private:
  RecordReader record_;
  uint64_t limit_;
};

}  // namespace

TierResult simulate_candidate(std::span<const traces::PageAccess> accesses,
                              const TierConfig& config, PolicyForm form, void* entry,
                              std::string* moves) {
  if (form == PolicyForm::kRank) {
    RankPolicy policy(reinterpret_cast<ScoreFunction>(entry));
    RecordingPolicy recording(policy, moves);
    return simulate(accesses, config, recording);
  }
  HooksPolicy policy(reinterpret_cast<HooksEntry>(entry), config);
  RecordingPolicy recording(policy, moves);
  return simulate(accesses, config, recording);
}

TierResult replay_moves(std::span<const traces::PageAccess> accesses, const TierConfig& config,
                        std::string_view moves, const std::string& instance) {
  ReplayPolicy policy(moves, instance, config.memory.migration_limit);
  TierResult result = simulate(accesses, config, policy);
  policy.record().expect_end();
  return result;
}

size_t moves_used(std::span<const traces::PageAccess> accesses, const TierConfig& config,
                  std::string_view moves, const std::string& instance) {
  ReplayPolicy policy(moves, instance, config.memory.migration_limit);
  (void)simulate(accesses, config, policy);
  return policy.record().offset();
}

}  // namespace crucible::evaluators::tiering
