// A model endpoint on loopback for the client's tests: it speaks OpenAI chat completions and
// Anthropic Messages, and answers each request with the next scripted behaviour (a completion, an
// HTTP error with or without Retry-After, a slow answer, a reset connection, malformed JSON).
// It records what it received.
#pragma once

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

namespace crucible::testing {

struct Behaviour {
  enum class Kind { kComplete, kStatus, kSlow, kReset, kMalformed } kind = Kind::kComplete;
  std::string text = "```cpp\nint x;\n```";  // kComplete (and kSlow): the reply's text
  int status = 200;                          // kStatus
  std::string retry_after;                   // kStatus: the Retry-After header, if any
  std::chrono::milliseconds delay{0};        // kSlow: before answering
  uint64_t input_tokens = 100;
  uint64_t output_tokens = 50;
  bool is_truncated = false;  // the completion says it stopped at the token limit
};

// Scripts, by kind.
inline Behaviour answer(std::string text, uint64_t input_tokens = 100, uint64_t output_tokens = 50,
                        bool is_truncated = false) {
  Behaviour b;
  b.text = std::move(text);
  b.input_tokens = input_tokens;
  b.output_tokens = output_tokens;
  b.is_truncated = is_truncated;
  return b;
}
inline Behaviour http_status(int status, std::string retry_after = {}) {
  Behaviour b;
  b.kind = Behaviour::Kind::kStatus;
  b.status = status;
  b.retry_after = std::move(retry_after);
  return b;
}
inline Behaviour slow(std::chrono::milliseconds delay, std::string text) {
  Behaviour b = answer(std::move(text));
  b.kind = Behaviour::Kind::kSlow;
  b.delay = delay;
  return b;
}
inline Behaviour of_kind(Behaviour::Kind kind) {
  Behaviour b;
  b.kind = kind;
  return b;
}

struct Received {
  std::string path;
  std::string body;
  std::string authorization;  // the Authorization header
  std::string api_key;        // x-api-key
  std::string anthropic_version;
};

class FakeModelServer {
 public:
  FakeModelServer() {
    auto handler = [this](const httplib::Request& request, httplib::Response& response) {
      serve(request, response);
    };
    server_.Post("/v1/chat/completions", handler);
    server_.Post("/v1/messages", handler);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FakeModelServer() {
    server_.stop();
    thread_.join();
  }
  FakeModelServer(const FakeModelServer&) = delete;
  FakeModelServer& operator=(const FakeModelServer&) = delete;

  // OpenAI-compatible base URL (…/v1) and Anthropic base URL.
  std::string openai_url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1"; }
  std::string anthropic_url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  // Behaviours for the next requests, in order; once used up, every request completes.
  void script(std::vector<Behaviour> behaviours) {
    std::lock_guard lock(mutex_);
    script_.assign(behaviours.begin(), behaviours.end());
  }
  std::vector<Received> received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }
  size_t most_at_once() const { return most_at_once_; }
  // How to answer once the script is used up: from the request and its number (from 0).
  void respond_with(std::function<Behaviour(const Received&, size_t)> responder) {
    std::lock_guard lock(mutex_);
    responder_ = std::move(responder);
  }
  // Each request is held this long (to watch the client's concurrency limit).
  void hold_each(std::chrono::milliseconds delay) { hold_ = delay; }

 private:
  void serve(const httplib::Request& request, httplib::Response& response) {
    const size_t now = ++at_once_;
    for (size_t seen = most_at_once_; now > seen && !most_at_once_.compare_exchange_weak(seen, now);) {
    }
    Behaviour next;
    {
      std::lock_guard lock(mutex_);
      received_.push_back({request.path, request.body, request.get_header_value("Authorization"),
                           request.get_header_value("x-api-key"),
                           request.get_header_value("anthropic-version")});
      if (!script_.empty()) {
        next = script_.front();
        script_.pop_front();
      } else if (responder_) {
        next = responder_(received_.back(), received_.size() - 1);
      }
    }
    std::this_thread::sleep_for(hold_.load());
    const bool is_anthropic = request.path == "/v1/messages";
    switch (next.kind) {
      case Behaviour::Kind::kSlow:
        std::this_thread::sleep_for(next.delay);
        [[fallthrough]];
      case Behaviour::Kind::kComplete:
        response.set_content(completion(next, is_anthropic).dump(), "application/json");
        break;
      case Behaviour::Kind::kStatus:
        response.status = next.status;
        if (!next.retry_after.empty()) response.set_header("Retry-After", next.retry_after);
        response.set_content(
            nlohmann::json{{"error", {{"message", "scripted " + std::to_string(next.status)}}}}
                .dump(),
            "application/json");
        break;
      case Behaviour::Kind::kReset:
        // A content provider that gives up: the connection closes mid-answer.
        response.set_content_provider(
            1000, "application/json",
            [](size_t, size_t, httplib::DataSink&) { return false; });
        break;
      case Behaviour::Kind::kMalformed:
        response.set_content("{\"choices\": [ {\"message\": ", "application/json");
        break;
    }
    --at_once_;
  }

  static nlohmann::json completion(const Behaviour& behaviour, bool is_anthropic) {
    if (is_anthropic) {
      return {{"type", "message"},
              {"content", {{{"type", "text"}, {"text", behaviour.text}}}},
              {"stop_reason", behaviour.is_truncated ? "max_tokens" : "end_turn"},
              {"usage",
               {{"input_tokens", behaviour.input_tokens},
                {"output_tokens", behaviour.output_tokens}}}};
    }
    return {{"choices",
             {{{"index", 0},
               {"message", {{"role", "assistant"}, {"content", behaviour.text}}},
               {"finish_reason", behaviour.is_truncated ? "length" : "stop"}}}},
            {"usage",
             {{"prompt_tokens", behaviour.input_tokens},
              {"completion_tokens", behaviour.output_tokens}}}};
  }

  httplib::Server server_;
  int port_ = 0;
  std::thread thread_;
  mutable std::mutex mutex_;
  std::deque<Behaviour> script_;
  std::function<Behaviour(const Received&, size_t)> responder_;
  std::vector<Received> received_;
  std::atomic<size_t> at_once_{0};
  std::atomic<size_t> most_at_once_{0};
  std::atomic<std::chrono::milliseconds> hold_{std::chrono::milliseconds(0)};
};

}  // namespace crucible::testing
