// A proposer turns a parent (and, optionally, inspirations from the parent's island) into a new
// candidate source. The built-in one edits the Clang AST; the language-model one asks a model. Proposers are pure given their inputs and the rng: the same request and rng state
// give the same proposal, which is what makes a seeded run reproducible.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace crucible::sandbox {
struct ParsedSource;
}

namespace crucible::search::proposers {

// A stored candidate as a proposer sees it.
struct Program {
  int64_t id = 0;
  std::string source;
  std::optional<double> fitness;
  std::string status = "ok";  // the sandbox's verdict ("ok", "compile_error", ...)
  std::string feedback;       // per-instance results when ok, the diagnostics otherwise
};

struct ProposalRequest {
  Program parent;
  std::vector<Program> inspirations;  // from the parent's island: its best and diverse others
  // Where the proposal goes: the loop's (generation, slot) and its try for that slot (0, 1, ...).
  // A proposer that records its work keys it by these, so a replay asks the same again.
  uint64_t generation = 0;
  uint64_t slot = 0;
  uint32_t attempt = 0;
  bool is_repair = false;  // the parent failed; fix it rather than improve it
  std::string parent_proposer;  // with is_repair: who made the parent ("llm:<model>")
};

struct Proposal {
  std::string source;
  std::string origin;          // how it was made, stored with the candidate
  std::vector<int64_t> donors;  // other programs it took code from (crossover), for the lineage
  std::string proposer;        // who made it, when not the proposer's name() ("llm:gpt")
  double dollars = 0;          // what making it cost
  // The proposer's own type-checked parse of `source`, when it made one (against the interface
  // headers alone, as sandbox::parse_source does): the search reads the novelty keys off it
  // instead of parsing the source again. Null: the search parses it.
  std::shared_ptr<const sandbox::ParsedSource> parsed;
};

// What became of a proposal once evaluated, told back to its proposer between generations.
struct Outcome {
  std::string proposer;  // Proposal::proposer (or the proposer's name)
  std::optional<double> parent_fitness;
  std::optional<double> fitness;  // none: it failed or the cascade cut it
  double dollars = 0;
};

class Proposer {
 public:
  virtual ~Proposer() = default;
  // Stored with each candidate it makes ("builtin", "llm:model").
  virtual std::string name() const = 0;
  // A child of request.parent, or nullopt when none could be made. The search calls it for
  // several slots at once from different threads (each with its own rng): it must be safe to.
  virtual std::optional<Proposal> propose(const ProposalRequest& request,
                                          std::mt19937_64& rng) = 0;
  // True once it can make nothing more (its budget is spent): the run then stops.
  virtual bool is_exhausted() const { return false; }
  // True when it gave up work because the run is stopping (Ctrl-C): the generation is then
  // incomplete, is not checkpointed, and a resume proposes it again.
  virtual bool was_interrupted() const { return false; }
  // The generation's outcomes, in slot order, once it is evaluated and before the next
  // generation's drafts (which may then depend on them, deterministically).
  virtual void observe(const std::vector<Outcome>& outcomes) {}
  // What observe() learned, for the run's checkpoints; restore_state gets it back on resume.
  virtual nlohmann::json save_state() const { return nlohmann::json::object(); }
  virtual void restore_state(const nlohmann::json& state) {}
};

}  // namespace crucible::search::proposers
