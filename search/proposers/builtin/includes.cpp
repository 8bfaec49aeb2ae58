#include "search/proposers/builtin/includes.hpp"

#include <algorithm>
#include <cstddef>

namespace crucible::search::proposers {
namespace {

constexpr std::string_view kBlank = " \t\r";

std::string_view trimmed(std::string_view line) {
  const std::size_t first = line.find_first_not_of(kBlank);
  if (first == std::string_view::npos) return {};
  const std::size_t last = line.find_last_not_of(kBlank);
  return line.substr(first, last - first + 1);
}

// "#include ..." or "# include ...", after trimming.
bool is_include_line(std::string_view line) {
  if (!line.starts_with('#')) return false;
  line.remove_prefix(1);
  const std::size_t word = line.find_first_not_of(kBlank);
  return word != std::string_view::npos && line.substr(word).starts_with("include");
}

// Calls `visit(line, end_of_line_offset)` for each include line of `source`.
template <typename Visit>
void for_each_include(std::string_view source, Visit visit) {
  std::size_t start = 0;
  while (start < source.size()) {
    std::size_t end = source.find('\n', start);
    if (end == std::string_view::npos) end = source.size();
    const std::string_view line = trimmed(source.substr(start, end - start));
    if (is_include_line(line)) visit(line, end);
    start = end + 1;
  }
}

}  // namespace

std::vector<std::string> include_lines(std::string_view source) {
  std::vector<std::string> lines;
  for_each_include(source, [&](std::string_view line, std::size_t) { lines.emplace_back(line); });
  return lines;
}

std::string included_header(std::string_view line) {
  const std::size_t open = line.find_first_of("<\"");
  if (open == std::string_view::npos) return {};
  const char close = line[open] == '<' ? '>' : '"';
  const std::size_t end = line.find(close, open + 1);
  if (end == std::string_view::npos) return {};
  return std::string(line.substr(open, end - open + 1));
}

bool has_cmath(std::string_view source) {
  bool found = false;
  for_each_include(source, [&](std::string_view line, std::size_t) {
    const std::string header = included_header(line);
    found |= header == "<cmath>" || header == "<math.h>";
  });
  return found;
}

std::string with_includes(std::string source, const std::vector<std::string>& lines) {
  std::vector<std::string> present;
  std::size_t insert_at = 0;
  for_each_include(source, [&](std::string_view line, std::size_t end) {
    present.push_back(included_header(line));
    insert_at = std::min(end + 1, source.size());
  });
  std::string added;
  for (const std::string& line : lines) {
    const std::string header = included_header(line);
    if (header.empty() || std::find(present.begin(), present.end(), header) != present.end()) {
      continue;
    }
    present.push_back(header);
    added += line + "\n";
  }
  // An include as the file's last line, with no newline after it, needs one before the next.
  if (!added.empty() && insert_at == source.size() && insert_at > 0 && source.back() != '\n') {
    added.insert(added.begin(), '\n');
  }
  source.insert(insert_at, added);
  return source;
}

}  // namespace crucible::search::proposers
