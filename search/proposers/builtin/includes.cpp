#include "search/proposers/builtin/includes.hpp"

#include <algorithm>
#include <cstddef>

#include "sandbox/include_lines.hpp"

namespace crucible::search::proposers {

std::vector<std::string> include_lines(std::string_view source) {
  std::vector<std::string> lines;
  sandbox::for_each_include_line(source, [&](std::string_view line, std::size_t) {
    lines.emplace_back(line);
  });
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
  sandbox::for_each_include_line(source, [&](std::string_view line, std::size_t) {
    const std::string header = included_header(line);
    found |= header == "<cmath>" || header == "<math.h>";
  });
  return found;
}

std::string with_includes(std::string source, const std::vector<std::string>& lines) {
  std::vector<std::string> present;
  std::size_t insert_at = 0;
  sandbox::for_each_include_line(source, [&](std::string_view line, std::size_t end) {
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
