// The language-model proposer: asks one of the configured models for a child of the parent,
// as a full rewrite or as SEARCH/REPLACE edits (falling back to a rewrite request when the
// edits do not apply), or, for a parent that failed to verify or compile, for a repair. Models
// are picked per proposal by fixed weights or by UCB1 on improvement per dollar. Every exchange
// is recorded under (generation, slot, request number), so a resumed or replayed run asks the
// same keys and gets the recorded answers.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "search/proposers/llm/model_client.hpp"
#include "search/proposers/llm/prompt.hpp"
#include "search/proposers/proposer.hpp"

namespace crucible::search::proposers::llm {

enum class EditFormat { kRewrite, kDiff, kMixed };
enum class ModelSelection { kWeights, kUcb1 };

struct LlmOptions {
  std::vector<ModelSpec> models;
  ModelSelection selection = ModelSelection::kWeights;
  EditFormat edit_format = EditFormat::kMixed;
  double diff_share = 0.5;    // under kMixed, the share of proposals asked as edits
  uint64_t inspirations = 3;  // shown in the prompt, at most
  uint64_t repairs = 2;       // times a candidate that fails to verify or compile is sent back
  double max_dollars = 0;     // the budget; 0: none
  uint64_t max_tokens = 0;    // input and output tokens together; 0: none
  PromptTemplates templates = default_templates();
};

// What the prompts say about the domain; from the workload's policy interface.
struct PromptContext {
  std::string domain;        // "cache eviction"
  std::string task;          // the task and objective in prose
  std::string interface;     // the headers' text, each under its name
  std::string entry_symbol;
  std::string rules;         // what the verifier allows, in prose
  std::string fitness_name;  // "mean miss-ratio reduction vs FIFO"
};

class LlmProposer final : public Proposer {
 public:
  // Throws FatalModelError when a model's key variable is not set (unless replaying).
  // `stop_requested` (Ctrl-C): requests not yet made are given up, and was_interrupted() says so.
  LlmProposer(LlmOptions options, PromptContext context, Transport& transport,
              Recorder* recorder, bool replay_only = false,
              ModelClient::Sleeper sleeper = {},
              const std::atomic<bool>* stop_requested = nullptr);

  std::string name() const override { return "llm"; }
  std::optional<Proposal> propose(const ProposalRequest& request, std::mt19937_64& rng) override;
  bool is_exhausted() const override { return budget_.is_exhausted(); }
  bool was_interrupted() const override { return was_interrupted_.load(); }
  void observe(const std::vector<Outcome>& outcomes) override;
  nlohmann::json save_state() const override;
  void restore_state(const nlohmann::json& state) override;

  Budget& budget() { return budget_; }

  // Replies that needed leniency, so far (kept in the checkpoints).
  struct ReplyCounts {
    uint64_t truncated = 0;      // cut off at the token limit
    uint64_t without_code = 0;   // no code block, no proposal
    uint64_t edits_failed = 0;   // edits that did not apply: a rewrite was asked for
    uint64_t failed = 0;         // requests that gave no completion after their tries
  };
  ReplyCounts reply_counts() const;
  const LlmOptions& options() const { return options_; }

 private:
  size_t choose_model(std::mt19937_64& rng) const;
  Chat first_chat(const ProposalRequest& request, bool as_diff) const;
  bool settle(const Answer& answer);  // true with a completion; counts why not otherwise

  LlmOptions options_;
  PromptContext context_;
  Budget budget_;
  std::vector<std::unique_ptr<ModelClient>> clients_;
  // UCB1 state, per model: proposals observed and the summed reward (improvement per dollar).
  // Updated only between generations (observe), so every draft of a generation sees the same.
  std::vector<double> pulls_;
  std::vector<double> rewards_;
  std::atomic<bool> was_interrupted_{false};
  std::atomic<uint64_t> truncated_{0};
  std::atomic<uint64_t> without_code_{0};
  std::atomic<uint64_t> edits_failed_{0};
  std::atomic<uint64_t> failed_{0};
};

}  // namespace crucible::search::proposers::llm
