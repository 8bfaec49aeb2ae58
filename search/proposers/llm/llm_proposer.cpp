#include "llm_proposer.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

#include "search/proposers/llm/reply.hpp"

namespace crucible::search::proposers::llm {
namespace {

std::string score_text(const std::optional<double>& fitness) {
  if (!fitness) return "none";
  std::ostringstream out;
  out.precision(6);
  out << *fitness;
  return out.str();
}

std::string inspirations_text(const std::vector<Program>& programs, size_t limit) {
  if (programs.empty() || limit == 0) return "(none yet)";
  std::string text;
  for (size_t i = 0; i < programs.size() && i < limit; ++i) {
    text += "Score " + score_text(programs[i].fitness) + ":\n\n```cpp\n" + programs[i].source;
    if (!programs[i].source.empty() && programs[i].source.back() != '\n') text += '\n';
    text += "```\n\n";
  }
  return text;
}

}  // namespace

LlmProposer::LlmProposer(LlmOptions options, PromptContext context, Transport& transport,
                         Recorder* recorder, bool replay_only, ModelClient::Sleeper sleeper,
                         const std::atomic<bool>* stop_requested)
    : options_(std::move(options)),
      context_(std::move(context)),
      budget_(options_.max_dollars, options_.max_tokens),
      pulls_(options_.models.size(), 0.0),
      rewards_(options_.models.size(), 0.0) {
  if (options_.models.empty()) throw std::invalid_argument("the LLM proposer needs a model");
  for (const auto& spec : options_.models) {
    clients_.push_back(std::make_unique<ModelClient>(spec, transport, budget_, recorder,
                                                     replay_only, sleeper, stop_requested));
  }
}

size_t LlmProposer::choose_model(std::mt19937_64& rng) const {
  const size_t count = clients_.size();
  if (count == 1) return 0;
  if (options_.selection == ModelSelection::kUcb1) {
    for (size_t i = 0; i < count; ++i) {
      if (pulls_[i] == 0) return i;  // each model is tried once before any is preferred
    }
    double total = 0;
    double best_mean = 0;
    for (size_t i = 0; i < count; ++i) {
      total += pulls_[i];
      best_mean = std::max(best_mean, rewards_[i] / pulls_[i]);
    }
    size_t chosen = 0;
    double best_score = -1;
    for (size_t i = 0; i < count; ++i) {
      // The mean reward scaled to [0, 1] by the best mean, plus the exploration bonus.
      const double mean = best_mean > 0 ? rewards_[i] / pulls_[i] / best_mean : 0;
      const double score = mean + std::sqrt(2 * std::log(total) / pulls_[i]);
      if (score > best_score) {
        best_score = score;
        chosen = i;
      }
    }
    return chosen;
  }
  std::vector<double> weights;
  for (const auto& client : clients_) weights.push_back(client->spec().weight);
  std::discrete_distribution<size_t> pick(weights.begin(), weights.end());
  return pick(rng);
}

Chat LlmProposer::first_chat(const ProposalRequest& request, bool as_diff) const {
  const auto& templates = options_.templates;
  const std::string& format = as_diff ? templates.diff_format : templates.rewrite_format;
  Chat chat;
  chat.system = render(templates.system, {{"domain", context_.domain}}, "prompt template system");
  std::map<std::string, std::string> values = {
      {"task", context_.task},
      {"interface", context_.interface},
      {"entry_symbol", context_.entry_symbol},
      {"rules", context_.rules},
      {"parent_source", request.parent.source},
      {"edit_instructions", format}};
  std::string user;
  if (request.is_repair) {
    values["status"] = request.parent.status;
    values["diagnostics"] = request.parent.feedback;
    user = render(templates.repair, values, "prompt template repair");
  } else {
    values["parent_score"] = score_text(request.parent.fitness);
    values["fitness_name"] = context_.fitness_name;
    values["parent_feedback"] = request.parent.feedback;
    values["inspirations"] = inspirations_text(request.inspirations, options_.inspirations);
    user = render(templates.propose, values, "prompt template propose");
  }
  chat.messages.push_back({"user", std::move(user)});
  return chat;
}

std::optional<Proposal> LlmProposer::propose(const ProposalRequest& request,
                                             std::mt19937_64& rng) {
  const size_t model = choose_model(rng);
  ModelClient& client = *clients_[model];
  bool as_diff = options_.edit_format == EditFormat::kDiff;
  if (options_.edit_format == EditFormat::kMixed) {
    as_diff = std::uniform_real_distribution<double>(0, 1)(rng) < options_.diff_share;
  }
  Chat chat = first_chat(request, as_diff);
  ExchangeKey key{request.generation, request.slot, request.attempt, 0};
  Answer answer = client.complete(chat, key);
  double dollars = answer.dollars;
  if (!settle(answer)) return std::nullopt;
  Proposal proposal;
  proposal.proposer = "llm:" + client.spec().name;
  std::string how = request.is_repair ? "repair" : "rewrite";
  if (as_diff) {
    const EditList edits = parse_search_replace(answer.completion->text);
    std::string error = "the reply has no complete SEARCH/REPLACE block";
    if (!edits.edits.empty()) {
      Applied applied = apply_edits(request.parent.source, edits.edits);
      if (applied.source) {
        proposal.source = std::move(*applied.source);
        proposal.origin = proposal.proposer + ": " + (request.is_repair ? "repair, " : "") +
                          std::to_string(edits.edits.size()) +
                          (edits.edits.size() == 1 ? " edit" : " edits") +
                          (edits.truncated > 0 ? " (a truncated one dropped)" : "");
        proposal.dollars = dollars;
        return proposal;
      }
      error = applied.error;
    }
    // The edits did not apply: the same conversation, asking for the whole program instead.
    chat.messages.push_back({"assistant", answer.completion->text});
    chat.messages.push_back(
        {"user", render(options_.templates.fallback, {{"error", error}}, "prompt template fallback")});
    ++edits_failed_;
    answer = client.complete(chat, key);
    dollars += answer.dollars;
    if (!settle(answer)) return std::nullopt;
    how += " after edits that did not apply (" + error + ")";
  }
  auto rewrite = parse_rewrite(answer.completion->text, context_.entry_symbol);
  if (!rewrite) {
    ++without_code_;
    return std::nullopt;
  }
  if (rewrite->is_truncated || answer.completion->is_truncated) ++truncated_;
  proposal.source = std::move(rewrite->source);
  proposal.origin = proposal.proposer + ": " + how +
                    (rewrite->is_truncated || answer.completion->is_truncated ? " (truncated)" : "");
  proposal.dollars = dollars;
  return proposal;
}

void LlmProposer::observe(const std::vector<Outcome>& outcomes) {
  for (const auto& outcome : outcomes) {
    for (size_t i = 0; i < clients_.size(); ++i) {
      if (outcome.proposer != "llm:" + clients_[i]->spec().name) continue;
      pulls_[i] += 1;
      if (outcome.fitness && outcome.parent_fitness) {
        // A free model (a local server, price 0) counts a millionth of a dollar per proposal.
        rewards_[i] += std::max(0.0, *outcome.fitness - *outcome.parent_fitness) /
                       std::max(outcome.dollars, 1e-6);
      }
    }
  }
}

bool LlmProposer::settle(const Answer& answer) {
  if (answer.completion) return true;
  if (answer.is_interrupted) {
    was_interrupted_ = true;
  } else if (!answer.is_over_budget) {
    ++failed_;
  }
  return false;
}

LlmProposer::ReplyCounts LlmProposer::reply_counts() const {
  return {truncated_.load(), without_code_.load(), edits_failed_.load(), failed_.load()};
}

nlohmann::json LlmProposer::save_state() const {
  const ReplyCounts counts = reply_counts();
  return {{"pulls", pulls_},
          {"rewards", rewards_},
          {"replies",
           {{"truncated", counts.truncated},
            {"without_code", counts.without_code},
            {"edits_failed", counts.edits_failed},
            {"failed", counts.failed}}}};
}

void LlmProposer::restore_state(const nlohmann::json& state) {
  if (!state.is_object() || !state.contains("pulls")) return;
  auto pulls = state.at("pulls").get<std::vector<double>>();
  auto rewards = state.at("rewards").get<std::vector<double>>();
  if (pulls.size() == pulls_.size() && rewards.size() == rewards_.size()) {
    pulls_ = std::move(pulls);
    rewards_ = std::move(rewards);
  }
  if (auto replies = state.find("replies"); replies != state.end()) {
    truncated_ = replies->value("truncated", uint64_t{0});
    without_code_ = replies->value("without_code", uint64_t{0});
    edits_failed_ = replies->value("edits_failed", uint64_t{0});
    failed_ = replies->value("failed", uint64_t{0});
  }
}

}  // namespace crucible::search::proposers::llm
