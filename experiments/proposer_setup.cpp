#include "proposer_setup.hpp"

#include "search/candidate_eval.hpp"

#include <fmt/format.h>

namespace crucible::cli {
namespace llm = search::proposers::llm;

llm::PromptContext prompt_context(const evaluators::Domain& domain,
                                  const evaluators::Workload& workload,
                                  const std::vector<evaluators::GatedFeature>& hidden) {
  const auto& interface = workload.policy_interface();
  llm::PromptContext context;
  context.domain = std::string(domain.name());
  context.task = fmt::format(
      "Domain: {}.\nInterface `{}`: {}.\nThe score is the {} over these instances: {}.",
      domain.summary(), interface.name, interface.summary, workload.fitness_name(), [&] {
        std::vector<std::string> keys;
        for (const auto& instance : workload.instances()) keys.push_back(instance.key);
        return fmt::format("{}", fmt::join(keys, ", "));
      }());
  for (const auto& header : interface.headers) {
    context.interface += "`" + header.name + "`:\n\n```cpp\n" + header.text;
    if (!header.text.empty() && header.text.back() != '\n') context.interface += '\n';
    context.interface += "```\n\n";
  }
  context.entry_symbol = interface.entry_symbol;
  const auto& allowed = interface.allowances;
  context.rules = fmt::format(
      "You may include only {}; call only these library functions: {}{}. {} No global or static "
      "mutable state, no recursion, no casts to or arithmetic on pointers, no inline assembly, "
      "no I/O, clocks or system calls.",
      allowed.headers.empty() ? std::string("the headers above")
                              : fmt::format("<{}>", fmt::join(allowed.headers, ">, <")),
      allowed.functions.empty() ? std::string("none") : fmt::format("{}", fmt::join(allowed.functions, ", ")),
      allowed.types.empty() ? std::string() : fmt::format("; and use these types: {}", fmt::join(allowed.types, ", ")),
      allowed.allows_heap ? "Heap allocation is allowed." : "No heap allocation (new, delete, growing containers).");
  if (!hidden.empty()) {
    std::vector<std::string> fields;
    for (const auto& feature : hidden) fields.push_back(fmt::format("`{}` ({})", feature.name, feature.why));
    context.rules += fmt::format(
        " Do not read {}: a policy that does fits the trace it was searched on, not the workload.",
        fmt::join(fields, ", "));
  }
  context.fitness_name = workload.fitness_name();
  return context;
}

RunProposers make_proposers(const search::ExperimentConfig& config,
                            const evaluators::Domain& domain,
                            const evaluators::Workload& workload, const std::filesystem::path& db,
                            int64_t run_id, std::optional<int64_t> replay_of,
                            std::optional<uint64_t> resumed_through,
                            const std::atomic<bool>* stop_requested) {
  RunProposers out;
  std::vector<search::proposers::MixedProposer::Part> parts;
  const auto& interface = workload.policy_interface();
  const auto hidden = search::hidden_features(interface, config.search.allow_features);
  std::vector<std::string> hidden_names;
  for (const auto& feature : hidden) hidden_names.push_back(feature.name);
  for (const auto& share : config.proposers) {
    if (share.kind == "builtin") {
      out.builtin = std::make_unique<search::proposers::BuiltinProposer>(
          search::header_files(interface), interface.entry_symbol,
          static_cast<int>(config.search.max_edits), 0.2, search::parse_prelude(interface),
          hidden_names);
      parts.push_back({out.builtin.get(), share.weight});
    } else {
      out.transport = std::make_unique<llm::CurlTransport>();
      out.recorder =
          std::make_unique<search::StoreRecorder>(db, run_id, replay_of.value_or(run_id));
      out.llm = std::make_unique<llm::LlmProposer>(*config.llm, prompt_context(domain, workload, hidden),
                                                   *out.transport, out.recorder.get(),
                                                   replay_of.has_value(), llm::ModelClient::Sleeper(),
                                                   stop_requested);
      if (resumed_through) {
        for (const auto& [model, spend] : out.recorder->spent_by_model_through(*resumed_through)) {
          out.llm->budget().charge(model, spend);
        }
      }
      parts.push_back({out.llm.get(), share.weight});
    }
  }
  if (parts.size() == 1) {
    out.proposer = parts.front().proposer;
  } else {
    out.mixed = std::make_unique<search::proposers::MixedProposer>(std::move(parts));
    out.proposer = out.mixed.get();
  }
  return out;
}

}  // namespace crucible::cli
