// include: only the interface headers and the domain's allowed library headers may be included,
// each named literally (no macro-computed names, no #include_next, #import or #embed).
#include <algorithm>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

bool is_include_directive(std::string_view name) {
  return name == "include" || name == "include_next" || name == "import" || name == "embed";
}

class IncludeCheck final : public SourceCheck {
 public:
  std::string_view name() const override { return "include"; }

  void check(const SourceScan& scan, Context& context) override {
    for (const auto& directive : scan.directives) {
      if (!is_include_directive(directive.name)) continue;
      if (directive.name != "include") {
        context.report(directive.line, directive.column, name(),
                       "#" + directive.name + " is not allowed");
        continue;
      }
      auto header = header_name(directive.rest);
      if (header.empty()) {
        context.report(directive.line, directive.column, name(),
                       "#include must name a header literally, as <name> or \"name\"");
      } else if (!is_allowed(header, context)) {
        context.report(directive.line, directive.column, name(),
                       "header <" + header + "> is not allowed for this domain");
      }
    }
  }

 private:
  // "<cmath>" or "\"cache.h\"" -> the name; anything else -> empty.
  static std::string header_name(const std::string& rest) {
    if (rest.size() < 3) return {};
    char close = rest[0] == '<' ? '>' : rest[0] == '"' ? '"' : '\0';
    if (close == '\0') return {};
    auto end = rest.find(close, 1);
    if (end == std::string::npos || end == 1) return {};
    auto after = rest.find_first_not_of(" \t", end + 1);
    if (after != std::string::npos && rest.compare(after, 2, "//") != 0 &&
        rest.compare(after, 2, "/*") != 0) {
      return {};
    }
    return rest.substr(1, end - 1);
  }

  static bool is_allowed(const std::string& header, const Context& context) {
    for (const auto& interface : context.candidate().headers) {
      if (interface.name == header) return true;
    }
    const auto& allowed = context.rules().allowed_headers;
    return std::find(allowed.begin(), allowed.end(), header) != allowed.end();
  }
};

}  // namespace

std::unique_ptr<SourceCheck> make_include_check() { return std::make_unique<IncludeCheck>(); }

}  // namespace crucible::sandbox::verifier
