// The proposers and model configuration are read strictly: defaults, every error naming its
// field, and prompt templates replaced from files, checked for the placeholders they use.
#include <doctest/doctest.h>

#include <fstream>

#include "evaluators/domain.hpp"
#include "search/experiment.hpp"
#include "support.hpp"

namespace {

using crucible::evaluators::ConfigError;
using crucible::search::parse_experiment;
namespace llm = crucible::search::proposers::llm;

nlohmann::json with_llm(nlohmann::json llm, nlohmann::json proposers = nullptr) {
  nlohmann::json json = {
      {"domain", "cache"},
      {"workload", {{"traces", {{{"synthetic", nlohmann::json::object()}}}}, {"sizes", {"1%"}}}},
      {"search",
       {{"proposers", proposers.is_null()
                          ? nlohmann::json{{{"kind", "builtin"}, {"weight", 2}}, {{"kind", "llm"}}}
                          : proposers}}}};
  if (!llm.is_null()) json["llm"] = std::move(llm);
  return json;
}

nlohmann::json model() {
  return {{"api", "openai"}, {"url", "http://localhost:8000/v1"}, {"model", "qwen"}};
}

std::string error_of(const nlohmann::json& json, const std::filesystem::path& dir = "/tmp") {
  try {
    parse_experiment(json, dir);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "no error";
}

}  // namespace

TEST_SUITE("llm") {
  TEST_CASE("a model needs only its api, url and model; the rest has the documented defaults") {
    auto config = parse_experiment(with_llm({{"models", {model()}}}), "/tmp");
    REQUIRE(config.proposers.size() == 2);
    CHECK(config.proposers[0].kind == "builtin");
    CHECK(config.proposers[0].weight == 2);
    CHECK(config.proposers[1].weight == 1);
    REQUIRE(config.llm.has_value());
    const auto& spec = config.llm->models.at(0);
    CHECK(spec.name == "qwen");
    CHECK(spec.api_key_env.empty());
    CHECK(spec.concurrency == 4);
    CHECK(spec.endpoint.max_tokens == 4096);
    CHECK(spec.retry.max_attempts == 6);
    CHECK(config.llm->selection == llm::ModelSelection::kWeights);
    CHECK(config.llm->edit_format == llm::EditFormat::kMixed);
    CHECK(config.llm->repairs == 2);
    CHECK(config.llm->max_dollars == 0);
    // Without search.proposers: the built-in proposer alone.
    auto plain = with_llm(nullptr);
    plain["search"].erase("proposers");
    CHECK(parse_experiment(plain, "/tmp").proposers.size() == 1);
  }

  TEST_CASE("a bad model, proposer or llm key is one error naming the field") {
    auto bad_model = [](const char* key, nlohmann::json value) {
      auto spec = model();
      spec[key] = std::move(value);
      return with_llm({{"models", {spec}}});
    };
    CHECK(error_of(bad_model("api", "gemini")) ==
          "llm.models[0].api: expected \"openai\" or \"anthropic\", got \"gemini\"");
    CHECK(error_of(bad_model("url", "localhost:8000")) ==
          "llm.models[0].url: expected an http:// or https:// base URL, got \"localhost:8000\"");
    CHECK(error_of(bad_model("concurrency", 0)).find("llm.models[0].concurrency") == 0);
    CHECK(error_of(bad_model("price", {{"input", -1}})) ==
          "llm.models[0].price.input: expected a number >= 0, got -1");
    CHECK(error_of(bad_model("retries", {{"tries", 3}})).find("llm.models[0].retries") == 0);
    CHECK(error_of(bad_model("colour", "red")).find("colour") != std::string::npos);
    CHECK(error_of(with_llm({{"models", {model(), model()}}})) ==
          "llm.models[1].name: \"qwen\" is used twice");
    CHECK(error_of(with_llm({{"models", nlohmann::json::array()}})) ==
          "llm.models: expected a non-empty list of models");
    CHECK(error_of(with_llm({{"models", {model()}}, {"selection", "greedy"}})) ==
          "llm.selection: expected \"weights\" or \"ucb1\", got \"greedy\"");
    CHECK(error_of(with_llm({{"models", {model()}}, {"diff_share", 2}})) ==
          "llm.diff_share: expected a number in [0, 1], got 2");
    CHECK(error_of(with_llm({{"models", {model()}}}, {{{"kind", "genetic"}}})) ==
          "search.proposers[0].kind: expected \"builtin\" or \"llm\", got \"genetic\"");
    CHECK(error_of(with_llm(nullptr)) ==
          "search.proposers: kind \"llm\" needs an \"llm\" object with its models");
    CHECK(error_of(with_llm({{"models", {model()}}}, {{{"kind", "builtin"}}})) ==
          "llm: set, but search.proposers has no {\"kind\": \"llm\"} to use it");
  }

  TEST_CASE("a prompt template is replaced from a file, and its placeholders are checked") {
    crucible::testing::TempDir dir;
    std::ofstream(dir.path() / "mine.md") << "Improve {{parent_source}} for {{task}}.";
    std::ofstream(dir.path() / "typo.md") << "Improve {{parent_sauce}}.";
    auto config = parse_experiment(
        with_llm({{"models", {model()}}, {"prompts", {{"propose", "mine.md"}}}}), dir.path());
    CHECK(config.llm->templates.propose == "Improve {{parent_source}} for {{task}}.");
    CHECK(config.llm->templates.repair == llm::default_templates().repair);
    CHECK(error_of(with_llm({{"models", {model()}}, {"prompts", {{"propose", "typo.md"}}}}),
                   dir.path()) ==
          "prompt template propose: unknown placeholder {{parent_sauce}}");
    CHECK(error_of(with_llm({{"models", {model()}}, {"prompts", {{"propose", "none.md"}}}}),
                   dir.path()) ==
          "prompt template propose: cannot read " + (dir.path() / "none.md").string());
    CHECK(error_of(with_llm({{"models", {model()}}, {"prompts", {{"proposal", "mine.md"}}}}),
                   dir.path())
              .find("prompts.proposal: not a template") == 0);
  }

  TEST_CASE("the built-in templates use only the placeholders they are given") {
    const auto& defaults = llm::default_templates();
    const auto& allowed = llm::template_placeholders();
    const std::pair<const char*, const std::string*> templates[] = {
        {"system", &defaults.system},     {"propose", &defaults.propose},
        {"repair", &defaults.repair},     {"fallback", &defaults.fallback},
        {"rewrite_format", &defaults.rewrite_format}, {"diff_format", &defaults.diff_format}};
    for (const auto& [name, text] : templates) {
      INFO(name);
      CHECK_FALSE(text->empty());
      std::map<std::string, std::string> values;
      for (const auto& placeholder : allowed.at(name)) values[placeholder] = "<" + placeholder + ">";
      const std::string rendered = llm::render(*text, values, name);
      CHECK(rendered.find("{{") == std::string::npos);
      for (const auto& placeholder : allowed.at(name)) {
        if (std::string(name) == "system" || std::string(name).ends_with("format")) continue;
        CHECK(rendered.find("<" + placeholder + ">") != std::string::npos);  // each one is used
      }
    }
  }
}
