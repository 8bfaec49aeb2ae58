// Reading replies: code among prose, a truncated block, a reply with no fences, SEARCH/REPLACE
// blocks in their loose forms, and edits that apply exactly, with other whitespace, or not at all.
#include <doctest/doctest.h>

#include "search/proposers/llm/reply.hpp"

namespace {
namespace llm = crucible::search::proposers::llm;

constexpr const char* kParent =
    "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
    "  double score = (double)obj->last_access;\n"
    "  return score;\n"
    "}\n";
}  // namespace

TEST_SUITE("llm") {
  TEST_CASE("the rewrite is the block that defines the entry point, whatever prose surrounds it") {
    const std::string reply =
        "Here is an idea:\n```\nfrequency matters\n```\nAnd the policy:\n```cpp\n"
        "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
        "  return 1.0;\n}\n```\nThat should help.";
    auto rewrite = llm::parse_rewrite(reply, "crucible_cache_priority");
    REQUIRE(rewrite.has_value());
    CHECK(rewrite->source.find("return 1.0;") != std::string::npos);
    CHECK(rewrite->source.find("frequency") == std::string::npos);
    CHECK_FALSE(rewrite->is_truncated);
  }

  TEST_CASE("a reply cut off inside its block and a reply without fences still give code") {
    auto cut = llm::parse_rewrite("Sure.\n~~~c++\ndouble crucible_cache_priority() {\n  return",
                                  "crucible_cache_priority");
    REQUIRE(cut.has_value());
    CHECK(cut->is_truncated);
    CHECK(cut->source == "double crucible_cache_priority() {\n  return\n");
    auto bare = llm::parse_rewrite("double crucible_cache_priority() { return 2; }",
                                   "crucible_cache_priority");
    REQUIRE(bare.has_value());
    CHECK(bare->source == "double crucible_cache_priority() { return 2; }");
    CHECK_FALSE(llm::parse_rewrite("I cannot help with that.", "crucible_cache_priority"));
    CHECK_FALSE(llm::parse_rewrite("```\n\n```", "crucible_cache_priority"));
  }

  TEST_CASE("search and replace blocks are found in their loose forms and truncated ones counted") {
    const std::string reply =
        "Two changes.\n```\n<<<<<<< SEARCH\n  return score;\n=======\n  return score * 2;\n"
        ">>>>>>> REPLACE\n```\nand\n<<<<<<<< search\nA\n========\nB\n>>>>>>>> replace\n"
        "<<<<<<< SEARCH\ncut off here\n=====";
    auto list = llm::parse_search_replace(reply);
    REQUIRE(list.edits.size() == 2);
    CHECK(list.edits[0].search == "  return score;\n");
    CHECK(list.edits[0].replace == "  return score * 2;\n");
    CHECK(list.edits[1].search == "A\n");
    CHECK(list.edits[1].replace == "B\n");
    CHECK(list.truncated == 1);
    CHECK(llm::parse_search_replace("no edits at all").edits.empty());
  }

  TEST_CASE("an edit applies exactly, or line by line with other whitespace, and must be unique") {
    auto exact = llm::apply_edits(kParent, {{"  return score;\n", "  return score + 1.0;\n"}});
    REQUIRE(exact.source.has_value());
    CHECK(exact.source->find("return score + 1.0;") != std::string::npos);

    // Other indentation and spacing in SEARCH: matched by lines, replaced with the new lines.
    auto loose = llm::apply_edits(
        kParent, {{"\n    double   score = (double)obj->last_access;\n\n",
                   "  double score = (double)obj->access_count;\n"}});
    REQUIRE(loose.source.has_value());
    CHECK(*loose.source ==
          "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
          "  double score = (double)obj->access_count;\n"
          "  return score;\n"
          "}\n");

    auto missing = llm::apply_edits(kParent, {{"return other;", "x"}});
    CHECK_FALSE(missing.source.has_value());
    CHECK(missing.error == "edit 1 of 1: its SEARCH part matches nothing in the program");
    auto twice = llm::apply_edits("a;\nb;\na;\n", {{"a;", "c;"}});
    CHECK_FALSE(twice.source.has_value());
    CHECK(twice.error == "edit 1 of 1: its SEARCH part occurs 2 times; it must be unique");
    auto empty = llm::apply_edits(kParent, {{"  \n", "x"}});
    CHECK_FALSE(empty.source.has_value());

    // Edits apply in order, each to the result of the one before.
    auto chained = llm::apply_edits("x = 1;\n", {{"x = 1;", "x = 2;"}, {"x = 2;", "x = 3;"}});
    REQUIRE(chained.source.has_value());
    CHECK(*chained.source == "x = 3;\n");
  }
}
