#include "reply.hpp"

#include <algorithm>
#include <cctype>

namespace crucible::search::proposers::llm {
namespace {

std::vector<std::string_view> lines_of(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t at = 0;
  while (at <= text.size()) {
    const size_t end = text.find('\n', at);
    if (end == std::string_view::npos) {
      if (at < text.size()) lines.push_back(text.substr(at));
      break;
    }
    lines.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return lines;
}

std::string_view trimmed(std::string_view line) {
  const size_t first = line.find_first_not_of(" \t\r");
  if (first == std::string_view::npos) return {};
  const size_t last = line.find_last_not_of(" \t\r");
  return line.substr(first, last - first + 1);
}

// The line with leading and trailing whitespace gone and inner runs as one space.
std::string normalized(std::string_view line) {
  std::string out;
  bool is_space = false;
  for (char c : trimmed(line)) {
    if (c == ' ' || c == '\t') {
      is_space = true;
      continue;
    }
    if (is_space) out += ' ';
    is_space = false;
    out += c;
  }
  return out;
}

// A fence line: ``` or ~~~ (three or more), then an optional language word.
std::optional<std::string> fence_of(std::string_view line) {
  const std::string_view text = trimmed(line);
  if (text.size() < 3) return std::nullopt;
  const char mark = text[0];
  if ((mark != '`' && mark != '~') || text[1] != mark || text[2] != mark) return std::nullopt;
  size_t at = 3;
  while (at < text.size() && text[at] == mark) ++at;
  return std::string(trimmed(text.substr(at)));
}

// "<<<<<<< SEARCH" and the like: 5 to 9 of `mark`, then optionally `word`.
bool is_marker(std::string_view line, char mark, std::string_view word) {
  std::string_view text = trimmed(line);
  size_t count = 0;
  while (count < text.size() && text[count] == mark) ++count;
  if (count < 5 || count > 9) return false;
  std::string_view rest = trimmed(text.substr(count));
  if (word.empty()) return rest.empty();
  if (rest.size() != word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (std::toupper(static_cast<unsigned char>(rest[i])) != word[i]) return false;
  }
  return true;
}

std::string joined(const std::vector<std::string_view>& lines, size_t from, size_t to) {
  std::string out;
  for (size_t i = from; i < to; ++i) {
    out += lines[i];
    out += '\n';
  }
  return out;
}

size_t count_occurrences(std::string_view text, std::string_view needle) {
  if (needle.empty()) return 0;
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string_view::npos; at = text.find(needle, at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace

std::vector<CodeBlock> code_blocks(std::string_view reply, std::string_view fallback_marker) {
  std::vector<CodeBlock> blocks;
  const auto lines = lines_of(reply);
  std::optional<CodeBlock> open;
  size_t start = 0;
  for (size_t i = 0; i < lines.size(); ++i) {
    auto fence = fence_of(lines[i]);
    if (!fence) continue;
    if (!open) {
      open = CodeBlock{*fence, {}, true};
      start = i + 1;
    } else {
      open->text = joined(lines, start, i);
      blocks.push_back(std::move(*open));
      open.reset();
    }
  }
  if (open) {
    open->text = joined(lines, start, lines.size());
    open->is_closed = false;
    blocks.push_back(std::move(*open));
  }
  if (blocks.empty() && !fallback_marker.empty() &&
      reply.find(fallback_marker) != std::string_view::npos) {
    blocks.push_back({"", std::string(reply), true});
  }
  return blocks;
}

std::optional<Rewrite> parse_rewrite(std::string_view reply, std::string_view entry_symbol) {
  auto blocks = code_blocks(reply, entry_symbol);
  const CodeBlock* best = nullptr;
  auto better = [&](const CodeBlock& block) {
    if (block.text.find_first_not_of(" \t\r\n") == std::string::npos) return false;
    if (best == nullptr) return true;
    const bool has_entry = block.text.find(entry_symbol) != std::string::npos;
    const bool best_has_entry = best->text.find(entry_symbol) != std::string::npos;
    if (has_entry != best_has_entry) return has_entry;
    return block.text.size() > best->text.size();
  };
  for (const auto& block : blocks) {
    if (better(block)) best = &block;
  }
  if (best == nullptr) return std::nullopt;
  return Rewrite{best->text, !best->is_closed};
}

EditList parse_search_replace(std::string_view reply) {
  EditList list;
  const auto lines = lines_of(reply);
  enum class State { kOutside, kSearch, kReplace } state = State::kOutside;
  size_t search_start = 0;
  size_t replace_start = 0;
  std::string search;
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto line = lines[i];
    if (state == State::kOutside) {
      if (is_marker(line, '<', "SEARCH")) {
        state = State::kSearch;
        search_start = i + 1;
      }
    } else if (state == State::kSearch) {
      if (is_marker(line, '=', "")) {
        search = joined(lines, search_start, i);
        state = State::kReplace;
        replace_start = i + 1;
      } else if (is_marker(line, '<', "SEARCH")) {
        ++list.truncated;  // a block without its divider: dropped
        search_start = i + 1;
      }
    } else if (is_marker(line, '>', "REPLACE")) {
      list.edits.push_back({search, joined(lines, replace_start, i)});
      state = State::kOutside;
    }
  }
  if (state != State::kOutside) ++list.truncated;
  return list;
}

Applied apply_edits(std::string_view source, const std::vector<SearchReplace>& edits) {
  std::string text(source);
  for (size_t n = 0; n < edits.size(); ++n) {
    const auto& edit = edits[n];
    const std::string label = "edit " + std::to_string(n + 1) + " of " + std::to_string(edits.size());
    if (edit.search.find_first_not_of(" \t\r\n") == std::string::npos) {
      return {std::nullopt, label + ": its SEARCH part is empty"};
    }
    const size_t exact = count_occurrences(text, edit.search);
    if (exact == 1) {
      text.replace(text.find(edit.search), edit.search.size(), edit.replace);
      continue;
    }
    if (exact > 1) return {std::nullopt, label + ": its SEARCH part occurs " +
                                            std::to_string(exact) + " times; it must be unique"};
    // Line by line, whitespace-tolerant; blank lines at the ends of SEARCH do not count.
    auto wanted_lines = lines_of(edit.search);
    std::vector<std::string> wanted;
    for (auto line : wanted_lines) wanted.push_back(normalized(line));
    while (!wanted.empty() && wanted.back().empty()) wanted.pop_back();
    while (!wanted.empty() && wanted.front().empty()) wanted.erase(wanted.begin());
    const auto have_lines = lines_of(text);
    std::vector<std::string> have;
    for (auto line : have_lines) have.push_back(normalized(line));
    std::vector<size_t> matches;
    for (size_t at = 0; at + wanted.size() <= have.size(); ++at) {
      if (std::equal(wanted.begin(), wanted.end(), have.begin() + static_cast<ptrdiff_t>(at))) {
        matches.push_back(at);
      }
    }
    if (matches.size() != 1) {
      return {std::nullopt, label + (matches.empty()
                                         ? ": its SEARCH part matches nothing in the program"
                                         : ": its SEARCH part matches " +
                                               std::to_string(matches.size()) +
                                               " places; it must be unique")};
    }
    std::string rebuilt = joined(have_lines, 0, matches[0]);
    rebuilt += edit.replace;
    if (!edit.replace.empty() && edit.replace.back() != '\n') rebuilt += '\n';
    rebuilt += joined(have_lines, matches[0] + wanted.size(), have_lines.size());
    if (!text.empty() && text.back() != '\n' && !rebuilt.empty()) rebuilt.pop_back();
    text = std::move(rebuilt);
  }
  return {std::move(text), {}};
}

}  // namespace crucible::search::proposers::llm
