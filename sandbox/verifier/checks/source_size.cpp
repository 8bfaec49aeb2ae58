// source-size: a candidate larger than the domain allows is refused before it is lexed further.
#include <algorithm>

#include "sandbox/verifier/check.hpp"

namespace crucible::sandbox::verifier {
namespace {

class SourceSizeCheck final : public SourceCheck {
 public:
  std::string_view name() const override { return "source-size"; }
  void check(const SourceScan&, Context& context) override {
    size_t size = context.candidate().text.size();
    if (size > context.rules().max_source_bytes) {
      context.report(1, 1, name(),
                     "the source is " + std::to_string(size) + " bytes; the limit is " +
                         std::to_string(context.rules().max_source_bytes));
    }
    const auto& text = context.candidate().text;
    if (auto nul = text.find('\0'); nul != std::string::npos) {
      // Reported where it stands, so that a repair prompt can point at it.
      auto before = std::string_view(text).substr(0, nul);
      auto line_start = before.rfind('\n');
      unsigned line = 1 + static_cast<unsigned>(std::count(before.begin(), before.end(), '\n'));
      auto column = line_start == std::string_view::npos ? nul + 1 : nul - line_start;
      context.report(line, static_cast<unsigned>(column), name(), "the source contains a NUL byte");
    }
  }
};

}  // namespace

std::unique_ptr<SourceCheck> make_source_size_check() { return std::make_unique<SourceSizeCheck>(); }

}  // namespace crucible::sandbox::verifier
