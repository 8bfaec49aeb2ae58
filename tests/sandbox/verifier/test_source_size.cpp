// source-size: refused before lexing when over the domain's limit or carrying a NUL byte.
#include <doctest/doctest.h>

#include <string>

#include "verifier_cases.hpp"

namespace {

using crucible::testing::cache_candidate;
using crucible::testing::check_accepted;
using crucible::testing::check_accepted_source;
using crucible::testing::check_rejected_source;

constexpr const char* kEntry =
    "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
    "  return static_cast<double>(obj->last_access);\n"
    "}\n";

// The entry point followed by a comment that pads the source to exactly `bytes`.
std::string padded_to(size_t bytes) {
  std::string text = std::string(kEntry) + "// ";
  text.resize(bytes, 'x');
  return text;
}

}  // namespace

TEST_SUITE("sandbox.verifier") {
  TEST_CASE("source-size rejects a source over the limit but not one exactly at it") {
    size_t limit = cache_candidate("").rules.max_source_bytes;
    REQUIRE(limit > 1024);
    check_rejected_source(padded_to(limit + 1), "source-size", 1);
    check_rejected_source(padded_to(4 * limit), "source-size", 1);
    check_accepted_source(padded_to(limit));
    check_accepted_source(padded_to(limit - 1));
  }

  TEST_CASE("source-size rejects a NUL byte where it stands but not an escaped \\0 in a literal") {
    std::string in_comment = std::string(kEntry) + "// a NUL byte: " + std::string(1, '\0') + "\n";
    check_rejected_source(in_comment, "source-size", 4);

    // The byte inside a string literal, on line 2.
    std::string in_literal = crucible::testing::snippet(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  constexpr char kName[] = "lru@";
  return kName[0] == 'l' ? 1.0 : 0.0;
}
)src");
    in_literal[in_literal.find('@')] = '\0';
    check_rejected_source(in_literal, "source-size", 2);

    check_accepted(R"src(
double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {
  constexpr char kName[] = "lru\0lfu";  // the escape, not the byte: a NUL byte is refused
  return kName[4] == 'l' ? static_cast<double>(obj->size) : 0.0;
}
)src");
  }
}
