// The #include lines of C++ source, read as text (no preprocessing): for choosing how to parse a
// source and for source-to-source edits that carry headers along.
#pragma once

#include <cstddef>
#include <string_view>

namespace crucible::sandbox {

// `line` without the blanks (spaces, tabs, carriage returns) at either end.
inline std::string_view trimmed_line(std::string_view line) {
  constexpr std::string_view kBlank = " \t\r";
  const std::size_t first = line.find_first_not_of(kBlank);
  if (first == std::string_view::npos) return {};
  const std::size_t last = line.find_last_not_of(kBlank);
  return line.substr(first, last - first + 1);
}

// "#include ..." or "# include ...", once trimmed.
inline bool is_include_line(std::string_view trimmed) {
  if (!trimmed.starts_with('#')) return false;
  trimmed.remove_prefix(1);
  const std::size_t word = trimmed.find_first_not_of(" \t\r");
  return word != std::string_view::npos && trimmed.substr(word).starts_with("include");
}

// Calls `visit(trimmed line, offset of its end of line)` for each include line of `source`, in
// order.
template <typename Visit>
void for_each_include_line(std::string_view source, Visit visit) {
  std::size_t start = 0;
  while (start < source.size()) {
    std::size_t end = source.find('\n', start);
    if (end == std::string_view::npos) end = source.size();
    const std::string_view line = trimmed_line(source.substr(start, end - start));
    if (is_include_line(line)) visit(line, end);
    start = end + 1;
  }
}

}  // namespace crucible::sandbox
