// The run's proposers, built from its configuration: the built-in one, a language-model one, or
// both mixed by weight. Owns what they need (the HTTP transport, the exchange recorder).
#pragma once

#include <atomic>
#include <filesystem>
#include <memory>
#include <optional>

#include "evaluators/domain.hpp"
#include "search/experiment.hpp"
#include "search/llm_recorder.hpp"
#include "search/proposers/builtin/builtin_proposer.hpp"
#include "search/proposers/llm/llm_proposer.hpp"
#include "search/proposers/mixed_proposer.hpp"

namespace crucible::cli {

struct RunProposers {
  std::unique_ptr<search::proposers::BuiltinProposer> builtin;
  std::unique_ptr<search::proposers::llm::CurlTransport> transport;
  std::unique_ptr<search::StoreRecorder> recorder;
  std::unique_ptr<search::proposers::llm::LlmProposer> llm;
  std::unique_ptr<search::proposers::MixedProposer> mixed;
  search::proposers::Proposer* proposer = nullptr;  // what the search calls
};

// `run_id` records the exchanges; `replay_of` (a replay) serves the recorded run's exchanges and
// never reaches the network; `resumed_through` (a resume) charges the budget with what the run
// spent up to that generation; `stop_requested` (Ctrl-C) makes model requests give up. Throws FatalModelError when a model's key variable is unset.
RunProposers make_proposers(const search::ExperimentConfig& config,
                            const evaluators::Domain& domain,
                            const evaluators::Workload& workload, const std::filesystem::path& db,
                            int64_t run_id, std::optional<int64_t> replay_of,
                            std::optional<uint64_t> resumed_through,
                            const std::atomic<bool>* stop_requested);

// The prompts' view of the domain: task, interface headers, rules and fitness, in prose; the rules
// ask the model not to read the `hidden` gated features (search::hidden_features).
search::proposers::llm::PromptContext prompt_context(
    const evaluators::Domain& domain, const evaluators::Workload& workload,
    const std::vector<evaluators::GatedFeature>& hidden = {});

}  // namespace crucible::cli
