// The feed a running pipeline takes jobs from, and the candidate's trip to a verifier process.
#include <doctest/doctest.h>

#include <poll.h>

#include <string>
#include <thread>
#include <vector>

#include "sandbox/feed.hpp"
#include "sandbox/source.hpp"

namespace {

bool is_readable(int fd) {
  pollfd entry{fd, POLLIN, 0};
  return ::poll(&entry, 1, 0) == 1 && (entry.revents & POLLIN) != 0;
}

}  // namespace

TEST_SUITE("sandbox") {
  TEST_CASE("a feed hands items over in order and its descriptor says when one is waiting") {
    crucible::sandbox::Feed<int> feed;
    CHECK_FALSE(feed.try_take().has_value());
    CHECK_FALSE(is_readable(feed.ready_fd()));
    feed.push(1);
    feed.push(2);
    CHECK(is_readable(feed.ready_fd()));
    CHECK(feed.try_take() == 1);
    CHECK(feed.try_take() == 2);
    CHECK_FALSE(feed.try_take().has_value());
    CHECK_FALSE(is_readable(feed.ready_fd()));  // emptied: quiet until the next push
    CHECK_FALSE(feed.is_exhausted());
    feed.push(3);
    CHECK(is_readable(feed.ready_fd()));
    feed.close();
    feed.push(4);  // after close: ignored
    CHECK(feed.take() == 3);
    CHECK(feed.is_exhausted());
    CHECK_FALSE(feed.take().has_value());
    CHECK(feed.pushed() == 3);
  }

  TEST_CASE("a feed filled by several threads delivers every item once and each thread's in order") {
    crucible::sandbox::Feed<std::pair<int, int>> feed;
    constexpr int kThreads = 4;
    constexpr int kItems = 2000;
    std::vector<std::thread> producers;
    for (int t = 0; t < kThreads; ++t) {
      producers.emplace_back([&feed, t] {
        for (int i = 0; i < kItems; ++i) feed.push({t, i});
      });
    }
    std::thread closer([&] {
      for (auto& producer : producers) producer.join();
      feed.close();
    });
    std::vector<int> next(kThreads, 0);
    size_t count = 0;
    bool is_in_order = true;
    while (auto item = feed.take()) {
      is_in_order = is_in_order && item->second == next[item->first];
      next[item->first] = item->second + 1;
      ++count;
    }
    closer.join();
    CHECK(is_in_order);
    CHECK(count == kThreads * kItems);
  }

  TEST_CASE("a candidate survives its serialization byte for byte and garbage is refused") {
    crucible::sandbox::CandidateSource candidate;
    candidate.text = std::string("int f() { return 1; }\n// 12:34 \0 binary\n", 40);
    candidate.entry_symbol = "f";
    candidate.headers = {{"a.h", "int f();\n"}, {"empty.h", ""}};
    candidate.rules.allowed_headers = {"cmath"};
    candidate.rules.allowed_functions = {"log", "min", ""};
    candidate.rules.allows_heap = true;
    candidate.rules.max_source_bytes = 1234;
    const std::string bytes = crucible::sandbox::serialize_candidate(candidate);
    auto back = crucible::sandbox::parse_candidate(bytes);
    REQUIRE(back.has_value());
    CHECK(back->text == candidate.text);
    CHECK(back->entry_symbol == "f");
    REQUIRE(back->headers.size() == 2);
    CHECK(back->headers[0].name == "a.h");
    CHECK(back->headers[0].text == "int f();\n");
    CHECK(back->headers[1].text.empty());
    CHECK(back->rules.allowed_headers == candidate.rules.allowed_headers);
    CHECK(back->rules.allowed_functions == candidate.rules.allowed_functions);
    CHECK(back->rules.allowed_types.empty());
    CHECK(back->rules.allows_heap);
    CHECK(back->rules.max_source_bytes == 1234);
    CHECK(crucible::sandbox::serialize_candidate(*back) == bytes);

    CHECK_FALSE(crucible::sandbox::parse_candidate("").has_value());
    CHECK_FALSE(crucible::sandbox::parse_candidate(bytes.substr(0, bytes.size() - 1)).has_value());
    CHECK_FALSE(crucible::sandbox::parse_candidate(bytes + "x").has_value());
    CHECK_FALSE(crucible::sandbox::parse_candidate("999999:abc").has_value());
    CHECK_FALSE(crucible::sandbox::parse_candidate("x:" + bytes).has_value());
  }
}
