#include <doctest/doctest.h>

#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "search/canonical.hpp"

namespace crucible::search {
namespace {

std::vector<sandbox::HeaderFile> cache_headers() {
  std::ifstream in(std::string(CRUCIBLE_SOURCE_DIR) + "/interfaces/cache.h");
  REQUIRE(in.good());
  std::stringstream text;
  text << in.rdbuf();
  return {{"cache.h", text.str()}};
}

std::string canonical(std::string_view source) {
  const std::optional<std::string> form = canonical_form(source, cache_headers());
  REQUIRE(form.has_value());
  return *form;
}

bool contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

constexpr const char* kPolicy =
    "// Frequency per byte, aged.\n"
    "static double weight(double count, double bytes) { return count / (bytes + 1.0); }\n"
    "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
    "  double age = (double)(state->now - obj->last_access);\n"
    "  auto decay = [&](double x) { return x / (1.0 + age * 0.01); };\n"
    "  return decay(weight((double)obj->access_count, (double)obj->size));\n"
    "}\n";

// kPolicy with other comments, layout, parameter and local names (the lambda's too).
constexpr const char* kPolicyRenamed =
    "/* a different comment */\n"
    "static double weight(double c,double b){return c/(b+1.0);}\n"
    "double crucible_cache_priority(const CacheObject* o,\n"
    "                               const CacheState* s) {\n"
    "  double elapsed = (double)(s->now - o->last_access);   // elapsed\n"
    "  auto decay = [&](double value) {\n"
    "    return value / (1.0 + elapsed * 0.01);\n"
    "  };\n"
    "  return decay(weight((double)o->access_count, (double)o->size));\n"
    "}\n";

// The same program with one literal, one operator or one field changed.
std::string replaced(std::string text, std::string_view from, std::string_view to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
  return text;
}

}  // namespace

TEST_SUITE("search") {
  TEST_CASE("Comments layout and local names do not change the canonical form") {
    const std::string form = canonical(kPolicy);
    CHECK(form == canonical(kPolicyRenamed));
    CHECK_FALSE(contains(form, "Frequency"));
    CHECK_FALSE(contains(form, "  "));
    CHECK_FALSE(contains(form, "age"));
    CHECK_FALSE(contains(form, "obj"));
    // Names that are not locals stay: functions, types, fields, the interface.
    for (const char* kept : {"crucible_cache_priority", "weight", "CacheObject", "last_access",
                             "access_count", "1.0", "0.01"}) {
      CAPTURE(kept);
      CHECK(contains(form, kept));
    }
    // Parameters first, then locals, numbered per function from v0.
    CHECK(contains(form,
                   "static double weight ( double v0 , double v1 ) { return v0 / ( v1 + 1.0 )"));
    CHECK(contains(form,
                   "crucible_cache_priority ( const CacheObject * v0 , const CacheState * v1 )"));
    CHECK(contains(form, "double v2 = ( double ) ( v1 -> now - v0 -> last_access ) ;"));
    CHECK(contains(form, "[ & ] ( double v4 ) { return v4 / ( 1.0 + v2 * 0.01 ) ; }"));
  }

  TEST_CASE("A changed literal operator or field changes the canonical form") {
    const std::string form = canonical(kPolicy);
    const std::string literal = canonical(replaced(kPolicy, "0.01", "0.02"));
    const std::string op = canonical(replaced(kPolicy, "count / (bytes", "count * (bytes"));
    const std::string field = canonical(replaced(kPolicy, "obj->size", "obj->id"));
    CHECK(literal != form);
    CHECK(op != form);
    CHECK(field != form);
    CHECK(stable_hash(literal) != stable_hash(form));
  }

  TEST_CASE("Candidates that differ only in literals share a skeleton") {
    const std::string form = canonical(kPolicy);
    const std::string literal =
        canonical(replaced(replaced(kPolicy, "0.01", "2.5e-3"), "1.0", "7"));
    CHECK(literal != form);
    CHECK(skeleton_of(literal) == skeleton_of(form));
    CHECK(skeleton_of(form) != skeleton_of(canonical(replaced(kPolicy, "obj->size", "obj->id"))));
    CHECK_FALSE(contains(skeleton_of(form), "0.01"));
    CHECK(contains(skeleton_of(form), std::string("* ") + std::string(kLiteralPlaceholder)));
  }

  TEST_CASE("A skeleton keeps string and character literals whole") {
    CHECK(skeleton_of("f ( \"a 1 b\" , ' ' , 2 , x1 , .5f )") ==
          "f ( \"a 1 b\" , ' ' , <num> , x1 , <num> )");
    CHECK(skeleton_of("g ( R\"x( 3 )x\" , 0x1F )") == "g ( R\"x( 3 )x\" , <num> )");
  }

  TEST_CASE("A source that does not parse has no canonical form") {
    CHECK_FALSE(canonical_form("double crucible_cache_priority(const CacheObject* obj, "
                               "const CacheState* state) { return obj->size +; }\n",
                               cache_headers())
                    .has_value());
    CHECK_FALSE(canonical_form("double f() { return undeclared; }\n", cache_headers()).has_value());
  }

  TEST_CASE("Preprocessor directives and macros are kept and do not break renaming") {
    const std::string form = canonical(
        "#include <cmath>\n"
        "#define SCALE 2.0\n"
        "#define TWICE(x) ((x) * 2)\n"
        "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
        "  double age = (double)(state->now - obj->last_access);\n"
        "  return SCALE * TWICE(age) + std::log1p((double)obj->size);\n"
        "}\n");
    CHECK(form.starts_with(
        "# include < cmath >\n# define SCALE 2.0\n# define TWICE ( x ) ( ( x ) * 2 )\n"));
    // The macro argument is renamed where it is written; the macro body keeps its own names.
    CHECK(contains(form, "return SCALE * TWICE ( v2 ) + std :: log1p"));
  }

  TEST_CASE("A name of the candidate that looks like a renamed local is marked") {
    const std::string form = canonical(
        "const double v0 = 3.0;\n"
        "double crucible_cache_priority(const CacheObject* obj, const CacheState* state) {\n"
        "  return v0 * (double)obj->size;\n"
        "}\n");
    CHECK(contains(form, "const double v0` = 3.0 ;"));
    CHECK(contains(form, "return v0` * ( double ) v0 -> size ;"));
  }

  TEST_CASE("The stable hash is 64-bit FNV-1a") {
    // Reference values of the FNV-1a test suite (Fowler, Noll, Vo).
    CHECK(stable_hash("") == 0xcbf29ce484222325ULL);
    CHECK(stable_hash("a") == 0xaf63dc4c8601ec8cULL);
    CHECK(stable_hash("foobar") == 0x85944171f73967e8ULL);
  }
}

}  // namespace crucible::search
