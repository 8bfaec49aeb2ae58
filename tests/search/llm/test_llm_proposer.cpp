// The language-model proposer against the loopback server: prompts built from the domain and the
// parent, rewrites and SEARCH/REPLACE edits, the fall back to a rewrite when edits do not apply,
// repairs with diagnostics, and UCB1 picking the model that improved more per dollar.
#include <doctest/doctest.h>

#include <random>

#include "fake_model_server.hpp"
#include "search/proposers/llm/llm_proposer.hpp"

namespace {

namespace llm = crucible::search::proposers::llm;
namespace proposers = crucible::search::proposers;
using crucible::testing::Behaviour;
using crucible::testing::FakeModelServer;

constexpr const char* kParent =
    "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
    "  return (double)obj->last_access;\n"
    "}\n";

llm::LlmOptions options_for(const FakeModelServer& server, llm::EditFormat format,
                            size_t models = 1) {
  llm::LlmOptions options;
  for (size_t i = 0; i < models; ++i) {
    llm::ModelSpec spec;
    spec.name = "m" + std::to_string(i);
    spec.endpoint.api = llm::Api::kOpenAi;
    spec.endpoint.url = server.openai_url();
    spec.endpoint.model = "fake";
    spec.price = {1.0, 1.0};
    spec.retry.max_attempts = 1;
    options.models.push_back(spec);
  }
  options.edit_format = format;
  return options;
}

llm::PromptContext context() {
  return {"cache", "Evict well.", "`cache.h`: struct CacheObject { ... };", "crucible_cache_priority",
          "No heap.", "mean miss-ratio reduction vs FIFO"};
}

proposers::ProposalRequest request() {
  proposers::ProposalRequest request;
  request.parent = {7, kParent, 0.125, "ok", "- trace@100: 0.5 (0.6)\n"};
  request.inspirations = {{9, "double other() { return 9; }", 0.25, "ok", ""}};
  request.generation = 4;
  request.slot = 2;
  return request;
}

nlohmann::json last_messages(const FakeModelServer& server) {
  return nlohmann::json::parse(server.received().back().body)["messages"];
}

}  // namespace

TEST_SUITE("llm") {
  TEST_CASE("a rewrite request shows the task, interface, parent, feedback and inspirations") {
    FakeModelServer server;
    server.script({crucible::testing::answer("Here:\n```cpp\ndouble crucible_cache_priority() { return 1; }\n```")});
    llm::CurlTransport transport;
    llm::LlmProposer proposer(options_for(server, llm::EditFormat::kRewrite), context(), transport,
                              nullptr);
    std::mt19937_64 rng(1);
    auto proposal = proposer.propose(request(), rng);
    REQUIRE(proposal.has_value());
    CHECK(proposal->source == "double crucible_cache_priority() { return 1; }\n");
    CHECK(proposal->proposer == "llm:m0");
    CHECK(proposal->origin == "llm:m0: rewrite");
    CHECK(proposal->dollars == doctest::Approx(150 / 1e6));
    const auto messages = last_messages(server);
    REQUIRE(messages.size() == 2);
    CHECK(messages[0]["role"] == "system");
    CHECK(messages[0]["content"].get<std::string>().find("cache policies") != std::string::npos);
    const std::string user = messages[1]["content"];
    for (const char* part : {"Evict well.", "struct CacheObject", "crucible_cache_priority",
                             "No heap.", "(double)obj->last_access", "Score 0.125",
                             "- trace@100: 0.5 (0.6)", "return 9;", "one ```cpp block"}) {
      INFO(part);
      CHECK(user.find(part) != std::string::npos);
    }
  }

  TEST_CASE("edits that apply make the child; edits that do not get one rewrite request more") {
    FakeModelServer server;
    server.script({crucible::testing::answer("<<<<<<< SEARCH\n  return (double)obj->last_access;\n=======\n"
                                    "  return (double)obj->access_count;\n>>>>>>> REPLACE\n")});
    llm::CurlTransport transport;
    llm::LlmProposer proposer(options_for(server, llm::EditFormat::kDiff), context(), transport,
                              nullptr);
    std::mt19937_64 rng(1);
    auto edited = proposer.propose(request(), rng);
    REQUIRE(edited.has_value());
    CHECK(edited->source.find("(double)obj->access_count;") != std::string::npos);
    CHECK(edited->origin == "llm:m0: 1 edit");
    CHECK(last_messages(server)[1]["content"].get<std::string>().find("SEARCH") != std::string::npos);

    server.script({crucible::testing::answer("<<<<<<< SEARCH\n  return nothing_like_this;\n=======\nx\n>>>>>>> REPLACE"),
                   crucible::testing::answer("```cpp\ndouble crucible_cache_priority() { return 3; }\n```")});
    auto fallback = proposer.propose(request(), rng);
    REQUIRE(fallback.has_value());
    CHECK(fallback->source == "double crucible_cache_priority() { return 3; }\n");
    CHECK(fallback->origin.find("rewrite after edits that did not apply") != std::string::npos);
    const auto messages = last_messages(server);
    REQUIRE(messages.size() == 4);  // system, the request, the model's edits, the fall back
    CHECK(messages[2]["role"] == "assistant");
    CHECK(messages[3]["content"].get<std::string>().find("matches nothing") != std::string::npos);
    CHECK(server.received().size() == 3);
  }

  TEST_CASE("a reply with no code gives no proposal, and a truncated one says so") {
    FakeModelServer server;
    server.script({crucible::testing::answer("I would rather not."),
                   crucible::testing::answer("```cpp\ndouble crucible_cache_priority() {\n  return", 100, 50, true)});
    llm::CurlTransport transport;
    llm::LlmProposer proposer(options_for(server, llm::EditFormat::kRewrite), context(), transport,
                              nullptr);
    std::mt19937_64 rng(1);
    CHECK_FALSE(proposer.propose(request(), rng).has_value());
    auto truncated = proposer.propose(request(), rng);
    REQUIRE(truncated.has_value());
    CHECK(truncated->origin == "llm:m0: rewrite (truncated)");
  }

  TEST_CASE("a repair request carries the failure's status and diagnostics") {
    FakeModelServer server;
    llm::CurlTransport transport;
    llm::LlmProposer proposer(options_for(server, llm::EditFormat::kRewrite), context(), transport,
                              nullptr);
    auto repair = request();
    repair.is_repair = true;
    repair.parent.status = "compile_error";
    repair.parent.feedback = "2:10: error: use of undeclared identifier 'y'";
    std::mt19937_64 rng(1);
    auto proposal = proposer.propose(repair, rng);
    REQUIRE(proposal.has_value());
    const std::string user = last_messages(server)[1]["content"];
    CHECK(user.find("compile_error") != std::string::npos);
    CHECK(user.find("undeclared identifier 'y'") != std::string::npos);
    CHECK(user.find("Fix the program") != std::string::npos);
  }

  TEST_CASE("UCB1 tries each model once, then prefers the one that improved more per dollar") {
    FakeModelServer server;
    auto options = options_for(server, llm::EditFormat::kRewrite, 2);
    options.selection = llm::ModelSelection::kUcb1;
    llm::CurlTransport transport;
    llm::LlmProposer proposer(options, context(), transport, nullptr);
    std::mt19937_64 rng(1);
    auto first = proposer.propose(request(), rng);
    REQUIRE(first.has_value());
    CHECK(first->proposer == "llm:m0");  // untried models first, in order
    proposer.observe({{"llm:m0", 0.1, 0.1, 0.001}});
    auto second = proposer.propose(request(), rng);
    REQUIRE(second.has_value());
    CHECK(second->proposer == "llm:m1");
    std::vector<proposers::Outcome> outcomes;
    for (int i = 0; i < 10; ++i) {
      outcomes.push_back({"llm:m0", 0.1, 0.1, 0.001});   // no improvement
      outcomes.push_back({"llm:m1", 0.1, 0.2, 0.001});   // +0.1 for a tenth of a cent
      outcomes.push_back({"builtin", 0.1, 0.3, 0.0});    // not a model: ignored
    }
    proposer.observe(outcomes);
    for (int i = 0; i < 3; ++i) {
      auto next = proposer.propose(request(), rng);
      REQUIRE(next.has_value());
      CHECK(next->proposer == "llm:m1");
    }
    // A free model's improvements count too (as if each proposal cost a millionth of a dollar).
    std::vector<proposers::Outcome> free;
    for (int i = 0; i < 40; ++i) free.push_back({"llm:m0", 0.1, 0.15, 0.0});
    proposer.observe(free);
    auto after_free = proposer.propose(request(), rng);
    REQUIRE(after_free.has_value());
    CHECK(after_free->proposer == "llm:m0");
    // The state survives a checkpoint.
    llm::LlmProposer restored(options, context(), transport, nullptr);
    restored.restore_state(proposer.save_state());
    CHECK(restored.save_state() == proposer.save_state());
  }
}
