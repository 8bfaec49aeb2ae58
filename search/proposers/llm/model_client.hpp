// A client for one model: retries with exponential backoff and jitter on 429, 5xx and transport
// failures (honouring Retry-After), a limit on requests in flight, token usage and cost charged
// to the run's budget, and every exchange handed to a recorder. 401, 403 and 404 are fatal: the
// run cannot succeed, so it stops at once with the endpoint's message.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <semaphore>
#include <stdexcept>
#include <string>
#include <vector>

#include "http_client.hpp"
#include "protocol.hpp"

namespace crucible::search::proposers::llm {

struct Price {
  double input_per_million = 0;   // dollars per million input tokens
  double output_per_million = 0;  // and per million output tokens
};

struct RetryPolicy {
  uint32_t max_attempts = 6;  // the first try included
  std::chrono::milliseconds initial_delay{1000};
  std::chrono::milliseconds max_delay{60'000};
  std::chrono::seconds max_retry_after{300};  // a longer Retry-After ends the request: failed
};

struct ModelSpec {
  std::string name;         // its label in reports; candidates record "llm:<name>"
  Endpoint endpoint;
  std::string api_key_env;  // the environment variable that holds the key; empty: none sent
  Price price;
  double weight = 1;         // share of the LLM proposer's requests (fixed weights)
  uint32_t concurrency = 4;  // requests in flight to this model at once
  HttpTimeouts timeouts;
  RetryPolicy retry;
};

// The run's spend, by model; limits of 0 mean none. Thread-safe.
class Budget {
 public:
  struct Spend {
    uint64_t requests = 0;
    uint64_t input_tokens = 0;
    uint64_t output_tokens = 0;
    double dollars = 0;
    Spend& operator+=(const Spend& other) {
      requests += other.requests;
      input_tokens += other.input_tokens;
      output_tokens += other.output_tokens;
      dollars += other.dollars;
      return *this;
    }
  };
  Budget(double max_dollars, uint64_t max_tokens)
      : max_dollars_(max_dollars), max_tokens_(max_tokens) {}
  bool is_exhausted() const;
  void charge(const std::string& model, const Spend& spend);
  Spend total() const;
  std::map<std::string, Spend> by_model() const;
  double max_dollars() const { return max_dollars_; }
  uint64_t max_tokens() const { return max_tokens_; }

 private:
  mutable std::mutex mutex_;
  double max_dollars_;
  uint64_t max_tokens_;
  std::map<std::string, Spend> spend_;
};

// Where an exchange belongs: the proposal (generation, slot) and its place among that
// proposal's requests. A run that is replayed or resumed asks the same keys again.
struct ExchangeKey {
  uint64_t generation = 0;
  uint64_t slot = 0;
  uint32_t attempt = 0;   // the loop's try for that slot (ProposalRequest::attempt)
  uint32_t sequence = 0;  // 0, 1, ... within the proposal, retries included
  auto operator<=>(const ExchangeKey&) const = default;
};

// One request and what came back, as stored with the run. Never holds the API key.
struct Exchange {
  std::string model;     // ModelSpec::name
  uint32_t attempt = 1;  // 1 for the first try of a request, 2 for its first retry, ...
  std::string request;   // the JSON body sent
  long status = 0;       // HTTP status; 0 when the transport failed
  std::string response;  // the body, or the transport's error text
  std::string error;     // why it failed, empty when it gave a completion
  uint64_t input_tokens = 0;
  uint64_t output_tokens = 0;
  double dollars = 0;
  double seconds = 0;
};

// Where exchanges go (the run's store), and where a resumed or replayed run finds them.
class Recorder {
 public:
  virtual ~Recorder() = default;
  // The exchange recorded under `key`, if any: it is used instead of asking again.
  virtual std::optional<Exchange> find(const ExchangeKey& key) = 0;
  virtual void record(const ExchangeKey& key, const Exchange& exchange) = 0;
};

// The endpoint refused the run itself (bad key, no such model or path) or no key was set.
class FatalModelError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Answer {
  std::optional<Completion> completion;  // none: the request failed after its retries
  std::string error;                     // why, when it failed
  bool is_over_budget = false;           // not sent: the budget is spent
  double dollars = 0;                    // what its exchanges cost
  bool is_interrupted = false;           // given up because the run is stopping
};

class ModelClient {
 public:
  using Sleeper = std::function<void(std::chrono::milliseconds)>;
  // Throws FatalModelError when spec.api_key_env names a variable that is not set. With
  // `replay_only`, a key with no recorded exchange fails instead of reaching the network.
  // With `stop_requested` set (Ctrl-C), no request is started and no retry waited for.
  ModelClient(ModelSpec spec, Transport& transport, Budget& budget, Recorder* recorder,
              bool replay_only = false, Sleeper sleeper = {},
              const std::atomic<bool>* stop_requested = nullptr);

  // Asks for a completion of `chat`; `key` names its first exchange, and key.sequence is
  // advanced past every exchange made. Thread-safe. Throws FatalModelError on 401, 403 or 404.
  Answer complete(const Chat& chat, ExchangeKey& key);

  const ModelSpec& spec() const { return spec_; }

 private:
  std::optional<std::chrono::milliseconds> retry_delay(const Exchange& exchange,
                                                       const HttpResponse* response,
                                                       uint32_t attempt);
  Exchange exchange_once(const Chat& chat, HttpResponse& response, uint32_t attempt);
  bool is_stopping() const;

  ModelSpec spec_;
  Transport& transport_;
  Budget& budget_;
  Recorder* recorder_;
  bool replay_only_;
  Sleeper sleeper_;
  const std::atomic<bool>* stop_requested_;
  std::string api_key_;
  std::unique_ptr<std::counting_semaphore<>> slots_;
  std::mutex jitter_mutex_;
  uint64_t jitter_state_;
};

// Seconds from a Retry-After value (delta-seconds or an HTTP date); nullopt when unreadable.
std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value);

}  // namespace crucible::search::proposers::llm
