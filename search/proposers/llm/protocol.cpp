#include "protocol.hpp"

namespace crucible::search::proposers::llm {
namespace {

std::string joined(std::string url, std::string_view path) {
  while (!url.empty() && url.back() == '/') url.pop_back();
  return url + std::string(path);
}

nlohmann::json body_of(const Endpoint& endpoint, const Chat& chat) {
  nlohmann::json messages = nlohmann::json::array();
  if (endpoint.api == Api::kOpenAi && !chat.system.empty()) {
    messages.push_back({{"role", "system"}, {"content", chat.system}});
  }
  for (const auto& message : chat.messages) {
    messages.push_back({{"role", message.role}, {"content", message.content}});
  }
  nlohmann::json body = {{"model", endpoint.model},
                         {"messages", messages},
                         {"max_tokens", endpoint.max_tokens},
                         {"temperature", endpoint.temperature}};
  if (endpoint.api == Api::kAnthropic && !chat.system.empty()) body["system"] = chat.system;
  for (const auto& [key, value] : endpoint.extra.items()) body[key] = value;
  return body;
}

uint64_t count(const nlohmann::json& usage, const char* key) {
  if (!usage.is_object() || !usage.contains(key) || !usage[key].is_number_unsigned()) return 0;
  return usage[key].get<uint64_t>();
}

}  // namespace

std::string_view api_name(Api api) { return api == Api::kOpenAi ? "openai" : "anthropic"; }

std::optional<Api> parse_api(std::string_view name) {
  if (name == "openai") return Api::kOpenAi;
  if (name == "anthropic") return Api::kAnthropic;
  return std::nullopt;
}

std::string request_body(const Endpoint& endpoint, const Chat& chat) {
  return body_of(endpoint, chat).dump();
}

HttpRequest build_request(const Endpoint& endpoint, const Chat& chat, const std::string& api_key) {
  HttpRequest request;
  request.body = request_body(endpoint, chat);
  request.headers.emplace_back("Content-Type", "application/json");
  if (endpoint.api == Api::kOpenAi) {
    request.url = joined(endpoint.url, "/chat/completions");
    if (!api_key.empty()) request.headers.emplace_back("Authorization", "Bearer " + api_key);
  } else {
    request.url = joined(endpoint.url, "/v1/messages");
    request.headers.emplace_back("anthropic-version", "2023-06-01");
    if (!api_key.empty()) request.headers.emplace_back("x-api-key", api_key);
  }
  return request;
}

ParsedReply parse_reply(Api api, std::string_view body) {
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) return {std::nullopt, "the reply is not JSON"};
  Completion completion;
  if (api == Api::kOpenAi) {
    const auto& choices = json.value("choices", nlohmann::json::array());
    if (!choices.is_array() || choices.empty() || !choices[0].is_object()) {
      return {std::nullopt, "the reply has no choices"};
    }
    const auto& message = choices[0].value("message", nlohmann::json::object());
    if (!message.is_object() || !message.contains("content") || !message["content"].is_string()) {
      return {std::nullopt, "the reply's first choice has no text content"};
    }
    completion.text = message["content"].get<std::string>();
    const auto& reason = choices[0].value("finish_reason", nlohmann::json());
    completion.is_truncated = reason.is_string() && reason.get<std::string>() == "length";
    const auto& usage = json.value("usage", nlohmann::json::object());
    completion.input_tokens = count(usage, "prompt_tokens");
    completion.output_tokens = count(usage, "completion_tokens");
  } else {
    const auto& content = json.value("content", nlohmann::json::array());
    if (!content.is_array()) return {std::nullopt, "the reply has no content list"};
    bool has_text = false;
    for (const auto& block : content) {
      if (block.is_object() && block.value("type", "") == "text" && block.contains("text") &&
          block["text"].is_string()) {
        completion.text += block["text"].get<std::string>();
        has_text = true;
      }
    }
    if (!has_text) return {std::nullopt, "the reply has no text block"};
    const auto& reason = json.value("stop_reason", nlohmann::json());
    completion.is_truncated = reason.is_string() && reason.get<std::string>() == "max_tokens";
    const auto& usage = json.value("usage", nlohmann::json::object());
    completion.input_tokens = count(usage, "input_tokens");
    completion.output_tokens = count(usage, "output_tokens");
  }
  return {std::move(completion), {}};
}

std::string error_message(std::string_view body) {
  nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_object() && json.contains("error")) {
    const auto& error = json["error"];
    if (error.is_object() && error.contains("message") && error["message"].is_string()) {
      return error["message"].get<std::string>();
    }
    if (error.is_string()) return error.get<std::string>();
  }
  std::string text(body.substr(0, 200));
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

}  // namespace crucible::search::proposers::llm
