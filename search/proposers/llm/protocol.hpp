// The two wire protocols a model endpoint speaks: OpenAI-compatible chat completions (OpenAI,
// vLLM, SGLang, llama.cpp's server, Ollama) and Anthropic Messages. Each turns a chat into an
// HTTP request and an HTTP body back into the reply text and its token usage.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "http_client.hpp"

namespace crucible::search::proposers::llm {

enum class Api { kOpenAi, kAnthropic };
std::string_view api_name(Api api);                     // "openai", "anthropic"
std::optional<Api> parse_api(std::string_view name);

struct Message {
  std::string role;  // "user" or "assistant"
  std::string content;
};

struct Chat {
  std::string system;
  std::vector<Message> messages;
};

// Where and how to ask; from the experiment's model list (see docs/llm.md).
struct Endpoint {
  Api api = Api::kOpenAi;
  // The base URL. OpenAI-compatible: up to and including the version, for example
  // https://api.openai.com/v1 or http://localhost:8000/v1 (the request goes to
  // <url>/chat/completions). Anthropic: https://api.anthropic.com (to <url>/v1/messages).
  std::string url;
  std::string model;
  double temperature = 0.8;
  uint64_t max_tokens = 4096;
  nlohmann::json extra = nlohmann::json::object();  // merged into every request body
};

// The request for `chat`; `api_key` goes into a header only (empty: none is sent).
HttpRequest build_request(const Endpoint& endpoint, const Chat& chat, const std::string& api_key);

// The request body alone, as stored with the run (it never holds the key).
std::string request_body(const Endpoint& endpoint, const Chat& chat);

struct Completion {
  std::string text;
  uint64_t input_tokens = 0;
  uint64_t output_tokens = 0;
  bool is_truncated = false;  // the model stopped at max_tokens
};

// The completion in a 2xx body, or why the body is not one (malformed JSON, no text). Usage the
// body omits counts as 0 tokens.
struct ParsedReply {
  std::optional<Completion> completion;
  std::string error;
};
ParsedReply parse_reply(Api api, std::string_view body);

// The error message an endpoint put in a non-2xx body, when it gave one in either protocol's
// shape ({"error": {"message": ...}}); otherwise the body's first 200 characters.
std::string error_message(std::string_view body);

}  // namespace crucible::search::proposers::llm
