// Project files compiled into the binary: interface headers and seed policies.
#pragma once

#include <string_view>

namespace crucible::evaluators {

// The text of an embedded file by its path from the source root, e.g. "interfaces/cache.h".
// Throws std::logic_error for a path that was not embedded (a build mistake, not user input).
std::string_view embedded_file(std::string_view relative_path);

}  // namespace crucible::evaluators
