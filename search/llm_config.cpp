#include "llm_config.hpp"

#include <cmath>
#include <set>

#include "evaluators/config.hpp"
#include "evaluators/domain.hpp"

namespace crucible::search {
namespace {

namespace llm = proposers::llm;
using evaluators::ConfigError;
using evaluators::get_double;
using evaluators::get_string;
using evaluators::get_uint;
using evaluators::require_keys;

double positive(const nlohmann::json& json, std::string_view key, const std::string& context,
                double fallback, bool allow_zero = false) {
  auto value = get_double(json, key, context);
  if (!value) return fallback;
  if (!std::isfinite(*value) || *value < 0 || (!allow_zero && *value == 0)) {
    throw ConfigError(evaluators::field_path(context, key) + ": expected a number " +
                      (allow_zero ? ">= 0" : "> 0") + ", got " + json[std::string(key)].dump());
  }
  return *value;
}

llm::ModelSpec parse_model(const nlohmann::json& json, const std::string& context) {
  require_keys(json, context,
               {"name", "api", "url", "model", "api_key_env", "price", "weight", "concurrency",
                "temperature", "max_tokens", "extra", "timeouts", "retries"});
  llm::ModelSpec spec;
  auto api = get_string(json, "api", context);
  if (!api) throw ConfigError(context + ".api: missing (\"openai\" or \"anthropic\")");
  auto parsed = llm::parse_api(*api);
  if (!parsed) {
    throw ConfigError(context + ".api: expected \"openai\" or \"anthropic\", got \"" + *api + "\"");
  }
  spec.endpoint.api = *parsed;
  auto url = get_string(json, "url", context);
  if (!url || !(url->starts_with("http://") || url->starts_with("https://"))) {
    throw ConfigError(context + ".url: expected an http:// or https:// base URL" +
                      (url ? ", got \"" + *url + "\"" : std::string(", missing")));
  }
  spec.endpoint.url = *url;
  auto model = get_string(json, "model", context);
  if (!model || model->empty()) throw ConfigError(context + ".model: missing");
  spec.endpoint.model = *model;
  spec.name = get_string(json, "name", context).value_or(*model);
  spec.api_key_env = get_string(json, "api_key_env", context).value_or("");
  if (auto price = json.find("price"); price != json.end()) {
    const std::string where = context + ".price";
    require_keys(*price, where, {"input", "output"});
    spec.price.input_per_million = positive(*price, "input", where, 0, true);
    spec.price.output_per_million = positive(*price, "output", where, 0, true);
  }
  spec.weight = positive(json, "weight", context, spec.weight);
  spec.concurrency = static_cast<uint32_t>(
      get_uint(json, "concurrency", context, 1).value_or(spec.concurrency));
  spec.endpoint.temperature = positive(json, "temperature", context, spec.endpoint.temperature, true);
  spec.endpoint.max_tokens = get_uint(json, "max_tokens", context, 1).value_or(spec.endpoint.max_tokens);
  if (auto extra = json.find("extra"); extra != json.end()) {
    if (!extra->is_object()) {
      throw ConfigError(context + ".extra: expected an object of request fields, got " + extra->dump());
    }
    spec.endpoint.extra = *extra;
  }
  if (auto timeouts = json.find("timeouts"); timeouts != json.end()) {
    const std::string where = context + ".timeouts";
    require_keys(*timeouts, where, {"connect_s", "total_s", "stall_s"});
    if (auto s = get_uint(*timeouts, "connect_s", where, 1)) spec.timeouts.connect = std::chrono::seconds(*s);
    if (auto s = get_uint(*timeouts, "total_s", where, 1)) spec.timeouts.total = std::chrono::seconds(*s);
    if (auto s = get_uint(*timeouts, "stall_s", where, 1)) spec.timeouts.stall = std::chrono::seconds(*s);
  }
  if (auto retries = json.find("retries"); retries != json.end()) {
    const std::string where = context + ".retries";
    require_keys(*retries, where, {"attempts", "initial_delay_ms", "max_delay_ms", "max_retry_after_s"});
    spec.retry.max_attempts = static_cast<uint32_t>(
        get_uint(*retries, "attempts", where, 1).value_or(spec.retry.max_attempts));
    if (auto ms = get_uint(*retries, "initial_delay_ms", where)) spec.retry.initial_delay = std::chrono::milliseconds(*ms);
    if (auto ms = get_uint(*retries, "max_delay_ms", where)) spec.retry.max_delay = std::chrono::milliseconds(*ms);
    if (auto s = get_uint(*retries, "max_retry_after_s", where)) spec.retry.max_retry_after = std::chrono::seconds(*s);
  }
  return spec;
}

}  // namespace

std::vector<ProposerShare> parse_proposers(const nlohmann::json& search) {
  auto list = search.find("proposers");
  if (!search.is_object() || list == search.end()) return {{"builtin", 1}};
  if (!list->is_array() || list->empty()) {
    throw ConfigError("search.proposers: expected a non-empty list, got " + list->dump());
  }
  std::vector<ProposerShare> shares;
  std::set<std::string> seen;
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string context = "search.proposers[" + std::to_string(i) + "]";
    const auto& entry = (*list)[i];
    require_keys(entry, context, {"kind", "weight"});
    auto kind = get_string(entry, "kind", context);
    if (!kind || (*kind != "builtin" && *kind != "llm")) {
      throw ConfigError(context + ".kind: expected \"builtin\" or \"llm\"" +
                        (kind ? ", got \"" + *kind + "\"" : std::string(", missing")));
    }
    if (!seen.insert(*kind).second) throw ConfigError(context + ".kind: \"" + *kind + "\" twice");
    shares.push_back({*kind, positive(entry, "weight", context, 1)});
  }
  return shares;
}

llm::LlmOptions parse_llm(const nlohmann::json& json, const std::filesystem::path& base_dir) {
  constexpr const char* kContext = "llm";
  require_keys(json, kContext,
               {"models", "selection", "edit_format", "diff_share", "inspirations", "repairs",
                "budget", "prompts"});
  llm::LlmOptions options;
  auto models = json.find("models");
  if (models == json.end() || !models->is_array() || models->empty()) {
    throw ConfigError("llm.models: expected a non-empty list of models");
  }
  std::set<std::string> names;
  for (size_t i = 0; i < models->size(); ++i) {
    const std::string context = "llm.models[" + std::to_string(i) + "]";
    auto spec = parse_model((*models)[i], context);
    if (!names.insert(spec.name).second) {
      throw ConfigError(context + ".name: \"" + spec.name + "\" is used twice");
    }
    options.models.push_back(std::move(spec));
  }
  if (auto selection = get_string(json, "selection", kContext)) {
    if (*selection == "weights") {
      options.selection = llm::ModelSelection::kWeights;
    } else if (*selection == "ucb1") {
      options.selection = llm::ModelSelection::kUcb1;
    } else {
      throw ConfigError("llm.selection: expected \"weights\" or \"ucb1\", got \"" + *selection + "\"");
    }
  }
  if (auto format = get_string(json, "edit_format", kContext)) {
    if (*format == "rewrite") {
      options.edit_format = llm::EditFormat::kRewrite;
    } else if (*format == "diff") {
      options.edit_format = llm::EditFormat::kDiff;
    } else if (*format == "mixed") {
      options.edit_format = llm::EditFormat::kMixed;
    } else {
      throw ConfigError("llm.edit_format: expected \"rewrite\", \"diff\" or \"mixed\", got \"" +
                        *format + "\"");
    }
  }
  if (auto share = get_double(json, "diff_share", kContext)) {
    if (!(*share >= 0 && *share <= 1)) {
      throw ConfigError("llm.diff_share: expected a number in [0, 1], got " + json["diff_share"].dump());
    }
    options.diff_share = *share;
  }
  options.inspirations = get_uint(json, "inspirations", kContext).value_or(options.inspirations);
  options.repairs = get_uint(json, "repairs", kContext).value_or(options.repairs);
  if (auto budget = json.find("budget"); budget != json.end()) {
    require_keys(*budget, "llm.budget", {"dollars", "tokens"});
    options.max_dollars = positive(*budget, "dollars", "llm.budget", 0, true);
    options.max_tokens = get_uint(*budget, "tokens", "llm.budget").value_or(0);
  }
  if (auto prompts = json.find("prompts"); prompts != json.end()) {
    if (!prompts->is_object()) {
      throw ConfigError("llm.prompts: expected an object of template files, got " + prompts->dump());
    }
    std::map<std::string, std::filesystem::path> overrides;
    for (const auto& [name, value] : prompts->items()) {
      if (!value.is_string()) {
        throw ConfigError("llm.prompts." + name + ": expected a file name, got " + value.dump());
      }
      std::filesystem::path path = value.get<std::string>();
      overrides[name] = path.is_absolute() ? path : base_dir / path;
    }
    options.templates = llm::load_templates(overrides);
  }
  return options;
}

}  // namespace crucible::search
