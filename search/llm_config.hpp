// The experiment's proposers and language models, read strictly like the rest of the config:
//   "search": {"proposers": [{"kind": "builtin", "weight": 3}, {"kind": "llm", "weight": 1}]}
//   "llm": {"models": [...], "selection", "edit_format", "diff_share", "inspirations", "repairs",
//           "budget": {"dollars", "tokens"}, "prompts": {"propose": "file.md", ...}}
// docs/llm.md describes every key.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "search/proposers/llm/llm_proposer.hpp"

namespace crucible::search {

struct ProposerShare {
  std::string kind;  // "builtin" or "llm"
  double weight = 1;
};

// search.proposers; absent: the built-in proposer alone.
std::vector<ProposerShare> parse_proposers(const nlohmann::json& search);

// The "llm" object; relative prompt paths are resolved against base_dir.
proposers::llm::LlmOptions parse_llm(const nlohmann::json& json,
                                     const std::filesystem::path& base_dir);

}  // namespace crucible::search
