#include "prompt.hpp"

#include <fstream>
#include <sstream>

#include "evaluators/domain.hpp"
#include "search/proposers/llm/default_prompts.hpp"

namespace crucible::search::proposers::llm {
namespace {

std::string read_file(const std::filesystem::path& path, std::string_view what) {
  std::ifstream in(path);
  if (!in) {
    throw evaluators::ConfigError("prompt template " + std::string(what) + ": cannot read " +
                                  path.string());
  }
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Each template's name and member, in one list.
struct Slot {
  const char* name;
  std::string PromptTemplates::*member;
};
constexpr Slot kSlots[] = {{"system", &PromptTemplates::system},
                           {"propose", &PromptTemplates::propose},
                           {"repair", &PromptTemplates::repair},
                           {"fallback", &PromptTemplates::fallback},
                           {"rewrite_format", &PromptTemplates::rewrite_format},
                           {"diff_format", &PromptTemplates::diff_format}};

void check_placeholders(const std::string& name, const std::string& text) {
  std::map<std::string, std::string> values;
  for (const auto& placeholder : template_placeholders().at(name)) values[placeholder] = "";
  (void)render(text, values, "prompt template " + name);
}

}  // namespace

const std::map<std::string, std::vector<std::string>>& template_placeholders() {
  static const std::map<std::string, std::vector<std::string>> kPlaceholders = {
      {"system", {"domain"}},
      {"propose",
       {"task", "interface", "entry_symbol", "rules", "parent_source", "parent_score",
        "fitness_name", "parent_feedback", "inspirations", "edit_instructions"}},
      {"repair",
       {"task", "interface", "entry_symbol", "rules", "parent_source", "status", "diagnostics",
        "edit_instructions"}},
      {"fallback", {"error"}},
      {"rewrite_format", {}},
      {"diff_format", {}}};
  return kPlaceholders;
}

const PromptTemplates& default_templates() {
  static const PromptTemplates kDefaults = {
      std::string(kDefaultSystemPrompt),   std::string(kDefaultProposePrompt),
      std::string(kDefaultRepairPrompt),   std::string(kDefaultFallbackPrompt),
      std::string(kDefaultRewriteFormat),  std::string(kDefaultDiffFormat)};
  return kDefaults;
}

PromptTemplates load_templates(const std::map<std::string, std::filesystem::path>& overrides) {
  PromptTemplates templates = default_templates();
  for (const auto& [name, path] : overrides) {
    const Slot* slot = nullptr;
    for (const auto& candidate : kSlots) {
      if (name == candidate.name) slot = &candidate;
    }
    if (slot == nullptr) {
      throw evaluators::ConfigError(
          "prompts." + name +
          ": not a template (system, propose, repair, fallback, rewrite_format, diff_format)");
    }
    templates.*(slot->member) = read_file(path, name);
    check_placeholders(name, templates.*(slot->member));
  }
  return templates;
}

std::string render(std::string_view text, const std::map<std::string, std::string>& values,
                   std::string_view what) {
  std::string out;
  size_t at = 0;
  while (at < text.size()) {
    const size_t open = text.find("{{", at);
    if (open == std::string_view::npos) break;
    const size_t close = text.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    const std::string name(text.substr(open + 2, close - open - 2));
    auto value = values.find(name);
    if (value == values.end()) {
      throw evaluators::ConfigError(std::string(what) + ": unknown placeholder {{" + name + "}}");
    }
    out.append(text.substr(at, open - at));
    out += value->second;
    at = close + 2;
  }
  out.append(text.substr(at));
  return out;
}

}  // namespace crucible::search::proposers::llm
