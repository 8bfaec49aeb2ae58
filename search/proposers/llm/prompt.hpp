// Prompts: templates with {{name}} placeholders, filled from the domain (task, interface headers,
// rules), the parent (source, score, per-instance feedback or failure diagnostics) and its
// island's inspirations. The defaults live in search/proposers/llm/prompts/ and are built in;
// an experiment may replace any of them with a file of its own.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace crucible::search::proposers::llm {

struct PromptTemplates {
  std::string system;          // the system message
  std::string propose;         // asks for a child of a working parent
  std::string repair;          // asks to fix a parent that failed to verify or compile
  std::string fallback;        // after edits that did not apply: asks for a full rewrite
  std::string rewrite_format;  // {{edit_instructions}} when a full rewrite is wanted
  std::string diff_format;     // and when SEARCH/REPLACE edits are
};

// The placeholders each template may use.
const std::map<std::string, std::vector<std::string>>& template_placeholders();

// The built-in templates.
const PromptTemplates& default_templates();

// The defaults with some replaced by files ({"propose": path, ...}). Throws
// evaluators::ConfigError naming the file when one cannot be read, and naming the template and
// placeholder when it uses one it may not, or when the key is not a template's name.
PromptTemplates load_templates(const std::map<std::string, std::filesystem::path>& overrides);

// `text` with every {{name}} replaced by values.at(name). Throws ConfigError naming `what` and
// the placeholder when a name has no value; an unclosed "{{" is kept as it is.
std::string render(std::string_view text, const std::map<std::string, std::string>& values,
                   std::string_view what);

}  // namespace crucible::search::proposers::llm
