// The #include lines of a candidate, read as text: a child that calls std::log1p needs <cmath>
// even when its parent did not, and a crossover brings the donor's headers along.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace crucible::search::proposers {

// The source's #include lines, trimmed ("#include <cmath>"), in order.
[[nodiscard]] std::vector<std::string> include_lines(std::string_view source);

// The header an include line names, with its brackets or quotes ("<cmath>"); empty when none.
[[nodiscard]] std::string included_header(std::string_view line);

// True when the source includes <cmath> or <math.h>, either of which declares std::log1p.
[[nodiscard]] bool has_cmath(std::string_view source);

// `source` with those of `lines` whose header it does not include yet, inserted after its last
// #include line, or at its top when it has none.
[[nodiscard]] std::string with_includes(std::string source, const std::vector<std::string>& lines);

}  // namespace crucible::search::proposers
