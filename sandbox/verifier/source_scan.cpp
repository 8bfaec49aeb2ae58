#include "source_scan.hpp"

#include <clang/Basic/IdentifierTable.h>
#include <clang/Basic/LangOptions.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Lex/Lexer.h>

namespace crucible::sandbox::verifier {
namespace {

clang::LangOptions cxx20() {
  clang::LangOptions options;
  options.CPlusPlus = options.CPlusPlus11 = options.CPlusPlus14 = options.CPlusPlus17 = 1;
  options.CPlusPlus20 = 1;
  options.LineComment = 1;
  options.Digraphs = 1;
  options.Bool = 1;
  return options;
}

// Calls `on_token(token, at_line_start)` for every raw token of `text`.
template <typename OnToken>
void lex(std::string_view text, OnToken on_token) {
  clang::SourceManagerForFile file("candidate.cpp", llvm::StringRef(text.data(), text.size()));
  auto& sources = file.get();
  auto id = sources.getMainFileID();
  auto options = cxx20();
  clang::Lexer lexer(id, sources.getBufferOrFake(id), sources, options);
  lexer.SetCommentRetentionState(false);
  clang::Token token;
  while (!lexer.LexFromRawLexer(token)) {
    on_token(token, sources, lexer);
  }
}

// The rest of the logical line after `from`, with backslash-newline continuations joined.
std::string rest_of_line(const char* from, const char* end) {
  std::string out;
  while (from < end && *from != '\n') {
    if (*from == '\\' && from + 1 < end && (from[1] == '\n' || from[1] == '\r')) {
      from += from[1] == '\r' && from + 2 < end && from[2] == '\n' ? 3 : 2;
      continue;
    }
    out += *from++;
  }
  auto first = out.find_first_not_of(" \t");
  return first == std::string::npos ? std::string() : out.substr(first);
}

// The token as the compiler reads it: backslash-newlines inside it removed, digraphs of the
// preprocessor's own punctuators normalized.
std::string spelling(const clang::Token& token, const clang::SourceManager& sources) {
  if (token.is(clang::tok::hash)) return "#";
  if (token.is(clang::tok::hashhash)) return "##";
  if (token.is(clang::tok::raw_identifier) && !token.needsCleaning()) {
    return token.getRawIdentifier().str();
  }
  return clang::Lexer::getSpelling(token, sources, cxx20());
}

}  // namespace

SourceScan scan_source(std::string_view text) {
  SourceScan scan;
  bool in_directive = false;
  bool awaits_name = false;  // the token after a directive's '#' names it
  const char* end = text.data() + text.size();
  lex(text, [&](const clang::Token& token, clang::SourceManager& sources, clang::Lexer&) {
    auto location = token.getLocation();
    unsigned line = sources.getSpellingLineNumber(location);
    unsigned column = sources.getSpellingColumnNumber(location);
    const char* after = sources.getCharacterData(location) + token.getLength();
    if (token.isAtStartOfLine()) in_directive = awaits_name = false;
    if (token.is(clang::tok::hash) && token.isAtStartOfLine()) {
      in_directive = awaits_name = true;
      scan.directives.push_back({"", rest_of_line(after, end), {}, line, column});
      return;
    }
    if (in_directive) {
      auto& directive = scan.directives.back();
      if (awaits_name && token.is(clang::tok::raw_identifier)) {
        directive.name = spelling(token, sources);
        directive.rest = rest_of_line(after, end);
      } else {
        directive.tokens.push_back(spelling(token, sources));
      }
      awaits_name = false;
      return;
    }
    if (!token.is(clang::tok::raw_identifier)) return;
    scan.identifiers.push_back({spelling(token, sources), line, column});
  });
  return scan;
}

bool is_reserved_name(std::string_view name) {
  return name.find("__") != std::string_view::npos ||
         (name.size() >= 2 && name[0] == '_' && name[1] >= 'A' && name[1] <= 'Z');
}

std::vector<std::string> scan_identifiers(std::string_view text) {
  std::vector<std::string> names;
  auto options = cxx20();
  clang::IdentifierTable keywords(options);
  lex(text, [&](const clang::Token& token, clang::SourceManager&, clang::Lexer&) {
    if (!token.is(clang::tok::raw_identifier)) return;
    auto name = token.getRawIdentifier();
    if (keywords.get(name).isKeyword(options)) return;
    if (name == "__cplusplus") return;
    names.push_back(name.str());
  });
  return names;
}

}  // namespace crucible::sandbox::verifier
