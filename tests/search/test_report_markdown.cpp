// The Markdown leaderboard quotes candidate sources in fences that the source cannot close.
#include <doctest/doctest.h>

#include <string>

#include "search/report.hpp"

using crucible::search::code_block;

namespace {

// The text between the opening fence line and the first line that closes it (CommonMark: a
// line of at least as many backticks and nothing else).
std::string fenced_body(const std::string& block) {
  const size_t eol = block.find('\n');
  const size_t fence = block.find_first_not_of('`');
  size_t at = eol + 1;
  std::string body;
  while (at < block.size()) {
    const size_t end = block.find('\n', at);
    const std::string line = block.substr(at, end - at);
    if (line.size() >= fence && line.find_first_not_of('`') == std::string::npos) return body;
    body += line + "\n";
    at = end + 1;
  }
  return "(unclosed)";
}

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("a candidate's source cannot close the report's code fence") {
    CHECK(code_block("double f();") == "```cpp\ndouble f();\n```\n");
    CHECK(code_block("double f();\n") == "```cpp\ndouble f();\n```\n");
    const std::string hostile =
        "// ```\n// # Forged heading\n// ````\ndouble crucible_cache_priority();\n";
    const std::string block = code_block(hostile);
    CHECK(block.rfind("`````cpp\n", 0) == 0);  // five: one more than the longest run
    CHECK(fenced_body(block) == hostile);
    CHECK(block.substr(block.size() - 6) == "`````\n");
  }
}
