#include "search/novelty.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <string_view>
#include <vector>

#include "sandbox/clang_parse.hpp"
#include "search/canonical.hpp"
#include "search/store.hpp"

namespace crucible::search {
namespace {

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; }

// Tokens of C++ text with comments dropped: words and numbers (a number keeps its '.', exponent
// and suffix), and single punctuation characters.
std::vector<std::string> tokens_of(const std::string& text) {
  std::vector<std::string> tokens;
  size_t i = 0;
  while (i < text.size()) {
    const char c = text[i];
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      ++i;
    } else if (text.compare(i, 2, "//") == 0) {
      while (i < text.size() && text[i] != '\n') ++i;
    } else if (text.compare(i, 2, "/*") == 0) {
      const size_t end = text.find("*/", i + 2);
      i = end == std::string::npos ? text.size() : end + 2;
    } else if (std::isdigit(static_cast<unsigned char>(c)) != 0 ||
               (c == '.' && i + 1 < text.size() &&
                std::isdigit(static_cast<unsigned char>(text[i + 1])) != 0)) {
      size_t end = i;
      while (end < text.size() &&
             (is_word(text[end]) || text[end] == '.' ||
              ((text[end] == '+' || text[end] == '-') && end > i &&
               (text[end - 1] == 'e' || text[end - 1] == 'E')))) {
        ++end;
      }
      tokens.push_back(text.substr(i, end - i));
      i = end;
    } else if (is_word(c)) {
      size_t end = i;
      while (end < text.size() && is_word(text[end])) ++end;
      tokens.push_back(text.substr(i, end - i));
      i = end;
    } else {
      tokens.emplace_back(1, c);
      ++i;
    }
  }
  return tokens;
}

bool is_number(const std::string& token) {
  return !token.empty() && (std::isdigit(static_cast<unsigned char>(token[0])) != 0 ||
                            token[0] == '.');
}

std::string hex(uint64_t value) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(value));
  return text;
}

// Distinct names that follow -> or .: the fields a program reads (its own records' too).
template <typename Tokens>
size_t distinct_fields(const Tokens& tokens) {
  std::set<std::string_view> names;
  for (size_t i = 0; i + 1 < tokens.size(); ++i) {
    const std::string_view token = tokens[i];
    const std::string_view next = tokens[i + 1];
    const bool is_name = !next.empty() && (std::isalpha(static_cast<unsigned char>(next[0])) != 0 || next[0] == '_');
    // The fallback's tokens split "->" into "-" and ">".
    const bool is_arrow = token == "->" || (token == ">" && i > 0 && tokens[i - 1] == "-");
    if ((is_arrow || token == ".") && is_name) names.insert(next);
  }
  return names.size();
}

NoveltyKeys keys_of_canonical(const std::string& canonical) {
  std::vector<std::string_view> tokens;
  for (size_t start = 0; start < canonical.size();) {
    const size_t stop = canonical.find_first_of(" \n", start);
    const size_t end = stop == std::string::npos ? canonical.size() : stop;
    if (end > start) tokens.emplace_back(canonical.data() + start, end - start);
    start = end + 1;
  }
  const size_t count = 1 + static_cast<size_t>(std::count_if(
                               canonical.begin(), canonical.end(),
                               [](char c) { return c == ' ' || c == '\n'; }));
  return {hex(stable_hash(canonical)), hex(stable_hash(skeleton_of(canonical))), count,
          distinct_fields(tokens)};
}

// Without a canonical form: the source's tokens, names as written.
NoveltyKeys keys_of_tokens(const std::string& source) {
  const auto tokens = tokens_of(source);
  std::string normal;
  std::string skeleton;
  for (const auto& token : tokens) {
    normal += token;
    normal += ' ';
    skeleton += is_number(token) ? std::string("#") : token;
    skeleton += ' ';
  }
  return {source_hash(normal), source_hash(skeleton), tokens.size(), distinct_fields(tokens)};
}

}  // namespace

NoveltyKeys novelty_of(const std::string& source, const std::vector<sandbox::HeaderFile>& headers,
                       const std::string& pch) {
  if (!headers.empty()) {
    if (auto canonical = canonical_form(source, headers, pch)) return keys_of_canonical(*canonical);
  }
  return keys_of_tokens(source);
}

NoveltyKeys novelty_of(const std::string& source, const sandbox::ParsedSource& parsed) {
  if (auto canonical = canonical_form(parsed)) return keys_of_canonical(*canonical);
  return keys_of_tokens(source);
}

}  // namespace crucible::search
