// The model client against a real HTTP server on loopback, in both protocols: completions and
// their usage and cost, retries on 429 (honouring Retry-After), 5xx, resets, timeouts and
// malformed JSON, the fatal statuses, the budget, the concurrency limit, and recorded exchanges
// used instead of the network.
#include <doctest/doctest.h>

#include <cstdlib>
#include <map>
#include <mutex>
#include <thread>

#include "fake_model_server.hpp"
#include "search/proposers/llm/model_client.hpp"

namespace {

namespace llm = crucible::search::proposers::llm;
using crucible::testing::Behaviour;
using crucible::testing::FakeModelServer;
using std::chrono::milliseconds;

// Records exchanges in memory and serves them back.
class MemoryRecorder final : public llm::Recorder {
 public:
  std::optional<llm::Exchange> find(const llm::ExchangeKey& key) override {
    std::lock_guard lock(mutex_);
    auto found = exchanges.find(key);
    if (found == exchanges.end()) return std::nullopt;
    return found->second;
  }
  void record(const llm::ExchangeKey& key, const llm::Exchange& exchange) override {
    std::lock_guard lock(mutex_);
    exchanges[key] = exchange;
  }
  std::map<llm::ExchangeKey, llm::Exchange> exchanges;

 private:
  std::mutex mutex_;
};

// The delays the client asked to sleep, instead of sleeping them.
struct Sleeps {
  std::vector<milliseconds> asked;
  std::mutex mutex;
  llm::ModelClient::Sleeper sleeper() {
    return [this](milliseconds delay) {
      std::lock_guard lock(mutex);
      asked.push_back(delay);
    };
  }
};

llm::ModelSpec spec_for(const FakeModelServer& server, llm::Api api) {
  llm::ModelSpec spec;
  spec.name = api == llm::Api::kOpenAi ? "fake-gpt" : "fake-claude";
  spec.endpoint.api = api;
  spec.endpoint.url = api == llm::Api::kOpenAi ? server.openai_url() : server.anthropic_url();
  spec.endpoint.model = "m1";
  spec.price = {2.0, 10.0};  // dollars per million tokens in, out
  spec.timeouts.connect = milliseconds(2000);
  spec.timeouts.total = milliseconds(5000);
  spec.retry.max_attempts = 4;
  spec.retry.initial_delay = milliseconds(400);
  return spec;
}

llm::Chat chat() { return {"You write cache policies.", {{"user", "Improve this."}}}; }

}  // namespace

TEST_SUITE("llm") {
  TEST_CASE("an OpenAI-compatible completion comes back with its usage and cost") {
    FakeModelServer server;
    ::setenv("CRUCIBLE_TEST_KEY", "sk-secret-123", 1);
    auto spec = spec_for(server, llm::Api::kOpenAi);
    spec.api_key_env = "CRUCIBLE_TEST_KEY";
    llm::CurlTransport transport;
    llm::Budget budget(0, 0);
    MemoryRecorder recorder;
    llm::ModelClient client(spec, transport, budget, &recorder);
    llm::ExchangeKey key{3, 5, 0, 0};
    auto answer = client.complete(chat(), key);
    REQUIRE(answer.completion.has_value());
    CHECK(answer.completion->text == "```cpp\nint x;\n```");
    CHECK(answer.completion->input_tokens == 100);
    CHECK(answer.completion->output_tokens == 50);
    CHECK(key.sequence == 1);
    const auto received = server.received();
    REQUIRE(received.size() == 1);
    CHECK(received[0].path == "/v1/chat/completions");
    CHECK(received[0].authorization == "Bearer sk-secret-123");
    auto body = nlohmann::json::parse(received[0].body);
    CHECK(body["model"] == "m1");
    CHECK(body["messages"][0]["role"] == "system");
    CHECK(body["messages"][1]["content"] == "Improve this.");
    const auto spent = budget.total();
    CHECK(spent.requests == 1);
    CHECK(spent.dollars == doctest::Approx((100 * 2.0 + 50 * 10.0) / 1e6));
    REQUIRE(recorder.exchanges.size() == 1);
    const auto& exchange = recorder.exchanges.begin()->second;
    CHECK(recorder.exchanges.begin()->first == llm::ExchangeKey{3, 5, 0, 0});
    CHECK(exchange.status == 200);
    CHECK(exchange.request.find("sk-secret") == std::string::npos);  // the key is never recorded
    CHECK(exchange.response.find("sk-secret") == std::string::npos);
    ::unsetenv("CRUCIBLE_TEST_KEY");
  }

  TEST_CASE("an Anthropic Messages completion is asked and read in that protocol") {
    FakeModelServer server;
    ::setenv("CRUCIBLE_TEST_KEY", "ant-secret", 1);
    auto spec = spec_for(server, llm::Api::kAnthropic);
    spec.api_key_env = "CRUCIBLE_TEST_KEY";
    server.script({crucible::testing::answer("fn", 7, 3, true)});
    llm::CurlTransport transport;
    llm::Budget budget(0, 0);
    llm::ModelClient client(spec, transport, budget, nullptr);
    llm::ExchangeKey key;
    auto answer = client.complete(chat(), key);
    REQUIRE(answer.completion.has_value());
    CHECK(answer.completion->text == "fn");
    CHECK(answer.completion->is_truncated);
    CHECK(answer.completion->input_tokens == 7);
    const auto received = server.received();
    REQUIRE(received.size() == 1);
    CHECK(received[0].path == "/v1/messages");
    CHECK(received[0].api_key == "ant-secret");
    CHECK(received[0].authorization.empty());
    CHECK(received[0].anthropic_version == "2023-06-01");
    auto body = nlohmann::json::parse(received[0].body);
    CHECK(body["system"] == "You write cache policies.");
    CHECK(body["messages"].size() == 1);
    ::unsetenv("CRUCIBLE_TEST_KEY");
  }

  TEST_CASE("429 waits as Retry-After says, 5xx and resets back off with jitter, then it succeeds") {
    FakeModelServer server;
    server.script({crucible::testing::http_status(429, "3"),
                   crucible::testing::http_status(503),
                   crucible::testing::of_kind(Behaviour::Kind::kReset),
                   crucible::testing::answer("ok")});
    llm::CurlTransport transport;
    llm::Budget budget(0, 0);
    MemoryRecorder recorder;
    Sleeps sleeps;
    llm::ModelClient client(spec_for(server, llm::Api::kOpenAi), transport, budget, &recorder,
                            false, sleeps.sleeper());
    llm::ExchangeKey key;
    auto answer = client.complete(chat(), key);
    REQUIRE(answer.completion.has_value());
    CHECK(answer.completion->text == "ok");
    CHECK(server.received().size() == 4);
    REQUIRE(sleeps.asked.size() == 3);
    CHECK(sleeps.asked[0] == milliseconds(3000));                             // Retry-After
    CHECK(sleeps.asked[1] >= milliseconds(400));                              // 2nd step: 800,
    CHECK(sleeps.asked[1] <= milliseconds(800));                              // half to all
    CHECK(sleeps.asked[2] >= milliseconds(800));                              // 3rd: 1600
    CHECK(sleeps.asked[2] <= milliseconds(1600));
    REQUIRE(recorder.exchanges.size() == 4);  // every try is recorded, with its attempt number
    CHECK(recorder.exchanges.at({0, 0, 0, 0}).status == 429);
    CHECK(recorder.exchanges.at({0, 0, 0, 1}).attempt == 2);
    CHECK(recorder.exchanges.at({0, 0, 0, 2}).status == 0);  // the reset: no HTTP status
    CHECK(recorder.exchanges.at({0, 0, 0, 2}).error.find("transport") == 0);
    CHECK(recorder.exchanges.at({0, 0, 0, 3}).error.empty());
    CHECK(budget.total().requests == 4);
  }

  TEST_CASE("malformed JSON and slow answers are retried, and a request gives up after its tries") {
    FakeModelServer server;
    auto spec = spec_for(server, llm::Api::kOpenAi);
    spec.timeouts.total = milliseconds(600);
    spec.retry.max_attempts = 3;
    server.script({crucible::testing::of_kind(Behaviour::Kind::kMalformed),
                   crucible::testing::slow(milliseconds(1500), "```cpp\nint x;\n```"),
                   crucible::testing::answer("late but fine")});
    llm::CurlTransport transport;
    llm::Budget budget(0, 0);
    Sleeps sleeps;
    llm::ModelClient client(spec, transport, budget, nullptr, false, sleeps.sleeper());
    llm::ExchangeKey key;
    auto answer = client.complete(chat(), key);
    REQUIRE(answer.completion.has_value());
    CHECK(answer.completion->text == "late but fine");

    server.script({crucible::testing::http_status(500),
                   crucible::testing::http_status(502),
                   crucible::testing::http_status(500)});
    llm::ExchangeKey second{1, 0, 0, 0};
    auto failed = client.complete(chat(), second);
    CHECK_FALSE(failed.completion.has_value());
    CHECK(failed.error == "HTTP 500: scripted 500 (after 3 attempts)");
    CHECK(second.sequence == 3);
  }

  TEST_CASE("401, 403 and 404 stop at once with the endpoint's message; 400 fails unretried") {
    for (int status : {401, 403, 404}) {
      FakeModelServer server;
      server.script({crucible::testing::http_status(status)});
      llm::CurlTransport transport;
      llm::Budget budget(0, 0);
      llm::ModelClient client(spec_for(server, llm::Api::kOpenAi), transport, budget, nullptr);
      llm::ExchangeKey key;
      const std::string expected = "HTTP " + std::to_string(status) + ": scripted";
      CHECK_THROWS_WITH_AS(client.complete(chat(), key), doctest::Contains(expected.c_str()),
                           llm::FatalModelError);
      CHECK(server.received().size() == 1);
    }
    FakeModelServer server;
    server.script({crucible::testing::http_status(400)});
    llm::CurlTransport transport;
    llm::Budget budget(0, 0);
    llm::ModelClient client(spec_for(server, llm::Api::kOpenAi), transport, budget, nullptr);
    llm::ExchangeKey key;
    auto answer = client.complete(chat(), key);
    CHECK_FALSE(answer.completion.has_value());
    CHECK(answer.error == "HTTP 400: scripted 400 (after 1 attempt)");
    CHECK(server.received().size() == 1);
  }

  TEST_CASE("a model whose key variable is unset is refused naming the variable") {
    FakeModelServer server;
    auto spec = spec_for(server, llm::Api::kAnthropic);
    spec.api_key_env = "CRUCIBLE_SURELY_UNSET_KEY";
    llm::CurlTransport transport;
    llm::Budget budget(0, 0);
    CHECK_THROWS_WITH_AS(llm::ModelClient(spec, transport, budget, nullptr),
                         doctest::Contains("CRUCIBLE_SURELY_UNSET_KEY"), llm::FatalModelError);
  }

  TEST_CASE("once the budget is spent no request is sent") {
    FakeModelServer server;
    llm::CurlTransport transport;
    llm::Budget budget(0.0012, 0);  // dollars; each completion costs 0.0007
    llm::ModelClient client(spec_for(server, llm::Api::kOpenAi), transport, budget, nullptr);
    size_t answered = 0;
    for (int i = 0; i < 5; ++i) {
      llm::ExchangeKey key{0, static_cast<uint64_t>(i), 0, 0};
      auto answer = client.complete(chat(), key);
      if (answer.completion) {
        ++answered;
      } else {
        CHECK(answer.is_over_budget);
      }
    }
    CHECK(answered == 2);
    CHECK(server.received().size() == 2);
    CHECK(budget.is_exhausted());
    llm::Budget tokens(0, 300);  // tokens in and out; each completion uses 150
    llm::ModelClient by_tokens(spec_for(server, llm::Api::kOpenAi), transport, tokens, nullptr);
    for (int i = 0; i < 3; ++i) {
      llm::ExchangeKey key;
      (void)by_tokens.complete(chat(), key);
    }
    CHECK(tokens.total().requests == 2);
    CHECK(tokens.by_model().at("fake-gpt").input_tokens == 200);
  }

  TEST_CASE("no more requests are in flight to a model than its concurrency allows") {
    FakeModelServer server;
    server.hold_each(milliseconds(150));
    auto spec = spec_for(server, llm::Api::kOpenAi);
    spec.concurrency = 2;
    llm::CurlTransport transport;
    llm::Budget budget(0, 0);
    llm::ModelClient client(spec, transport, budget, nullptr);
    std::vector<std::thread> threads;
    std::atomic<int> answered{0};
    for (int i = 0; i < 6; ++i) {
      threads.emplace_back([&, i] {
        llm::ExchangeKey key{0, static_cast<uint64_t>(i), 0, 0};
        if (client.complete(chat(), key).completion) ++answered;
      });
    }
    for (auto& thread : threads) thread.join();
    CHECK(answered == 6);
    CHECK(server.most_at_once() == 2);
  }

  TEST_CASE("recorded exchanges are used instead of the network, and replay refuses to go past them") {
    FakeModelServer server;
    server.script({crucible::testing::http_status(429, "1"),
                   crucible::testing::answer("recorded answer")});
    llm::CurlTransport transport;
    MemoryRecorder recorder;
    Sleeps sleeps;
    {
      llm::Budget budget(0, 0);
      llm::ModelClient live(spec_for(server, llm::Api::kOpenAi), transport, budget, &recorder,
                            false, sleeps.sleeper());
      llm::ExchangeKey key{2, 1, 0, 0};
      REQUIRE(live.complete(chat(), key).completion.has_value());
    }
    REQUIRE(server.received().size() == 2);
    llm::Budget budget(0, 0);
    llm::ModelClient replay(spec_for(server, llm::Api::kOpenAi), transport, budget, &recorder,
                            true, sleeps.sleeper());
    llm::ExchangeKey key{2, 1, 0, 0};
    auto answer = replay.complete(chat(), key);
    REQUIRE(answer.completion.has_value());
    CHECK(answer.completion->text == "recorded answer");
    CHECK(server.received().size() == 2);  // nothing new reached the server
    CHECK(sleeps.asked.size() == 1);       // the live run waited; the replay did not
    CHECK(budget.total().dollars > 0);     // the replay charges what the run spent
    llm::ExchangeKey other{2, 2, 0, 0};
    CHECK_THROWS_WITH_AS(replay.complete(chat(), other), doctest::Contains("generation 2, slot 2"),
                         llm::FatalModelError);
  }

  TEST_CASE("an endpoint nobody listens on fails each try as a connection error") {
    llm::ModelSpec spec;
    {
      FakeModelServer gone;  // its port is closed once it is gone
      spec = spec_for(gone, llm::Api::kOpenAi);
    }
    spec.retry.max_attempts = 2;
    llm::CurlTransport transport;
    llm::Budget budget(0, 0);
    Sleeps sleeps;
    llm::ModelClient client(spec, transport, budget, nullptr, false, sleeps.sleeper());
    llm::ExchangeKey key;
    auto answer = client.complete(chat(), key);
    CHECK_FALSE(answer.completion.has_value());
    CHECK(answer.error.find("transport: ") == 0);
    CHECK(answer.error.find("(after 2 attempts)") != std::string::npos);
    CHECK(sleeps.asked.size() == 1);
  }

  TEST_CASE("a stop request ends a wait for Retry-After and no further request is made") {
    FakeModelServer server;
    server.script({crucible::testing::http_status(429, "30")});
    llm::CurlTransport transport;
    llm::Budget budget(0, 0);
    std::atomic<bool> stop{false};
    llm::ModelClient client(spec_for(server, llm::Api::kOpenAi), transport, budget, nullptr, false,
                            {}, &stop);
    std::thread stopper([&] {
      std::this_thread::sleep_for(milliseconds(300));
      stop = true;
    });
    const auto started = std::chrono::steady_clock::now();
    llm::ExchangeKey key;
    auto answer = client.complete(chat(), key);
    stopper.join();
    CHECK(answer.is_interrupted);
    CHECK_FALSE(answer.completion.has_value());
    CHECK(server.received().size() == 1);
    // It did not wait out the 30 s (the margin is wide: this checks the behaviour, not speed).
    CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(15));
  }
}
