#include "model_client.hpp"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <random>
#include <thread>

namespace crucible::search::proposers::llm {
namespace {

bool is_success(long status) { return status >= 200 && status < 300; }
bool is_fatal(long status) { return status == 401 || status == 403 || status == 404; }
bool is_transient(long status) { return status == 408 || status == 429 || status >= 500; }

std::string where(const ExchangeKey& key) {
  return "generation " + std::to_string(key.generation) + ", slot " + std::to_string(key.slot) +
         ", try " + std::to_string(key.attempt) + ", request " + std::to_string(key.sequence);
}

}  // namespace

bool Budget::is_exhausted() const {
  const Spend spent = total();
  return (max_dollars_ > 0 && spent.dollars >= max_dollars_) ||
         (max_tokens_ > 0 && spent.input_tokens + spent.output_tokens >= max_tokens_);
}

void Budget::charge(const std::string& model, const Spend& spend) {
  std::lock_guard lock(mutex_);
  spend_[model] += spend;
}

Budget::Spend Budget::total() const {
  std::lock_guard lock(mutex_);
  Spend sum;
  for (const auto& [model, spend] : spend_) sum += spend;
  return sum;
}

std::map<std::string, Budget::Spend> Budget::by_model() const {
  std::lock_guard lock(mutex_);
  return spend_;
}

std::optional<std::chrono::milliseconds> parse_retry_after(const std::string& value) {
  if (value.empty()) return std::nullopt;
  if (std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    if (value.size() > 9) return std::nullopt;
    return std::chrono::seconds(std::stoll(value));
  }
  std::tm when{};  // an HTTP date: "Wed, 21 Oct 2015 07:28:00 GMT"
  const char* end = ::strptime(value.c_str(), "%a, %d %b %Y %H:%M:%S GMT", &when);
  if (end == nullptr || *end != '\0') return std::nullopt;
  const auto at = std::chrono::system_clock::from_time_t(::timegm(&when));
  const auto now = std::chrono::system_clock::now();
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::max(at - now, now - now));
}

ModelClient::ModelClient(ModelSpec spec, Transport& transport, Budget& budget,
                         Recorder* recorder, bool replay_only, Sleeper sleeper,
                         const std::atomic<bool>* stop_requested)
    : spec_(std::move(spec)),
      transport_(transport),
      budget_(budget),
      recorder_(recorder),
      replay_only_(replay_only),
      sleeper_(std::move(sleeper)),
      stop_requested_(stop_requested),
      slots_(std::make_unique<std::counting_semaphore<>>(std::max<uint32_t>(1, spec_.concurrency))),
      jitter_state_(std::random_device{}()) {
  if (!sleeper_) {
    // In short steps, so that Ctrl-C does not wait out a long Retry-After.
    sleeper_ = [this](std::chrono::milliseconds delay) {
      const auto until = std::chrono::steady_clock::now() + delay;
      while (std::chrono::steady_clock::now() < until && !is_stopping()) {
        std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(
            std::chrono::milliseconds(100), until - std::chrono::steady_clock::now()));
      }
    };
  }
  if (!spec_.api_key_env.empty() && !replay_only_) {
    const char* key = std::getenv(spec_.api_key_env.c_str());
    if (key == nullptr || *key == '\0') {
      throw FatalModelError("model " + spec_.name + ": the environment variable " +
                            spec_.api_key_env + " that should hold its API key is not set");
    }
    api_key_ = key;
  }
}

Exchange ModelClient::exchange_once(const Chat& chat, HttpResponse& response, uint32_t attempt) {
  Exchange exchange;
  exchange.model = spec_.name;
  exchange.attempt = attempt;
  HttpRequest request = build_request(spec_.endpoint, chat, api_key_);
  exchange.request = request.body;
  slots_->acquire();
  response = transport_.post(request, spec_.timeouts);
  slots_->release();
  exchange.seconds = response.seconds;
  if (response.error != TransportError::kNone) {
    exchange.response = response.error_text;
    exchange.error = "transport: " + response.error_text;
    return exchange;
  }
  exchange.status = response.status;
  exchange.response = response.body;
  if (!is_success(response.status)) {
    exchange.error = "HTTP " + std::to_string(response.status) + ": " + error_message(response.body);
    return exchange;
  }
  ParsedReply parsed = parse_reply(spec_.endpoint.api, response.body);
  if (!parsed.completion) {
    exchange.error = parsed.error;
    return exchange;
  }
  exchange.input_tokens = parsed.completion->input_tokens;
  exchange.output_tokens = parsed.completion->output_tokens;
  exchange.dollars =
      (static_cast<double>(exchange.input_tokens) * spec_.price.input_per_million +
       static_cast<double>(exchange.output_tokens) * spec_.price.output_per_million) /
      1e6;
  return exchange;
}

std::optional<std::chrono::milliseconds> ModelClient::retry_delay(const Exchange& exchange,
                                                                  const HttpResponse* response,
                                                                  uint32_t attempt) {
  if (attempt >= spec_.retry.max_attempts) return std::nullopt;
  const bool is_retryable = exchange.status == 0 || is_transient(exchange.status) ||
                            (is_success(exchange.status) && !exchange.error.empty());
  if (!is_retryable) return std::nullopt;
  if (response == nullptr) return std::chrono::milliseconds(0);  // recorded: no need to wait
  if (auto found = response->headers.find("retry-after"); found != response->headers.end()) {
    if (auto after = parse_retry_after(found->second)) {
      if (*after > spec_.retry.max_retry_after) return std::nullopt;
      return *after;
    }
  }
  // Exponential backoff with jitter: a random wait between half and all of the step.
  const double step = std::min<double>(
      static_cast<double>(spec_.retry.max_delay.count()),
      static_cast<double>(spec_.retry.initial_delay.count()) * std::pow(2.0, attempt - 1));
  double fraction = 0;
  {
    std::lock_guard lock(jitter_mutex_);
    jitter_state_ = jitter_state_ * 6364136223846793005ULL + 1442695040888963407ULL;
    fraction = static_cast<double>(jitter_state_ >> 11) * 0x1.0p-53;
  }
  return std::chrono::milliseconds(static_cast<int64_t>(step * (0.5 + 0.5 * fraction)));
}

Answer ModelClient::complete(const Chat& chat, ExchangeKey& key) {
  double dollars = 0;
  for (uint32_t attempt = 1;; ++attempt) {
    const ExchangeKey this_key = key;
    std::optional<Exchange> recorded = recorder_ ? recorder_->find(this_key) : std::nullopt;
    Exchange exchange;
    HttpResponse response;
    if (recorded) {
      exchange = std::move(*recorded);
    } else if (is_stopping()) {
      return {std::nullopt, "the run is stopping", false, dollars, true};
    } else if (replay_only_) {
      throw FatalModelError("replay: the recorded run has no exchange for " + where(this_key) +
                            " with model " + spec_.name + "; the replay has diverged");
    } else if (budget_.is_exhausted()) {
      return {std::nullopt, "the budget is spent", true, dollars};
    } else {
      exchange = exchange_once(chat, response, attempt);
      if (recorder_ != nullptr) recorder_->record(this_key, exchange);
    }
    ++key.sequence;
    budget_.charge(spec_.name, {1, exchange.input_tokens, exchange.output_tokens, exchange.dollars});
    dollars += exchange.dollars;
    if (exchange.error.empty()) {
      ParsedReply parsed = parse_reply(spec_.endpoint.api, exchange.response);
      if (parsed.completion) return {std::move(parsed.completion), {}, false, dollars};
      exchange.error = parsed.error;
    }
    if (is_fatal(exchange.status)) {
      throw FatalModelError("model " + spec_.name + " at " + spec_.endpoint.url + ": " +
                            exchange.error);
    }
    auto delay = retry_delay(exchange, recorded ? nullptr : &response, attempt);
    if (!delay) {
      return {std::nullopt, exchange.error + " (after " + std::to_string(attempt) +
                                (attempt == 1 ? " attempt)" : " attempts)"),
              false, dollars};
    }
    if (delay->count() > 0) sleeper_(*delay);
  }
}

bool ModelClient::is_stopping() const {
  return stop_requested_ != nullptr && stop_requested_->load();
}

}  // namespace crucible::search::proposers::llm
