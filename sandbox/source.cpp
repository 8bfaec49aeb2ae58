#include "source.hpp"

namespace crucible::sandbox {

std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics) {
  std::string text;
  for (const auto& diagnostic : diagnostics) {
    if (!text.empty()) text += '\n';
    if (diagnostic.line > 0) {
      text += std::to_string(diagnostic.line) + ":" + std::to_string(diagnostic.column) + ": ";
    }
    text += diagnostic.message;
  }
  return text;
}

}  // namespace crucible::sandbox
