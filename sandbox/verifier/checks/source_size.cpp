// source-size: a candidate larger than the domain allows is refused before it is lexed further.
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
    if (context.candidate().text.find('\0') != std::string::npos) {
      context.report(1, 1, name(), "the source contains a NUL byte");
    }
  }
};

}  // namespace

std::unique_ptr<SourceCheck> make_source_size_check() { return std::make_unique<SourceSizeCheck>(); }

}  // namespace crucible::sandbox::verifier
