// One HTTP POST over libcurl, with the three limits a model endpoint needs: time to connect,
// time for the whole transfer, and a stall limit (no byte for a while). The language-model
// client builds on it; tests swap it for a loopback server, replay for recorded answers.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace crucible::search::proposers::llm {

struct HttpTimeouts {
  std::chrono::milliseconds connect{10'000};
  std::chrono::milliseconds total{300'000};
  std::chrono::seconds stall{60};  // no byte received for this long: abandoned
};

struct HttpRequest {
  std::string url;
  std::vector<std::pair<std::string, std::string>> headers;  // name, value
  std::string body;                                          // JSON
};

// Why a transfer gave no HTTP answer.
enum class TransportError { kNone, kConnect, kTimeout, kReset, kOther };

struct HttpResponse {
  TransportError error = TransportError::kNone;
  std::string error_text;  // libcurl's message when error is set
  long status = 0;         // HTTP status when error is kNone
  std::string body;
  std::map<std::string, std::string> headers;  // names in lower case
  double seconds = 0;                          // the transfer's wall time
};

// Sends requests; the curl one is the real thing. Must be safe to call from several threads.
class Transport {
 public:
  virtual ~Transport() = default;
  virtual HttpResponse post(const HttpRequest& request, const HttpTimeouts& timeouts) = 0;
};

class CurlTransport final : public Transport {
 public:
  CurlTransport();  // initializes libcurl once per process
  HttpResponse post(const HttpRequest& request, const HttpTimeouts& timeouts) override;
};

}  // namespace crucible::search::proposers::llm
