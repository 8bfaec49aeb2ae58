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

}  // namespace

SourceScan scan_source(std::string_view text) {
  SourceScan scan;
  bool in_directive = false;
  const char* end = text.data() + text.size();
  lex(text, [&](const clang::Token& token, clang::SourceManager& sources, clang::Lexer& lexer) {
    auto location = token.getLocation();
    unsigned line = sources.getSpellingLineNumber(location);
    unsigned column = sources.getSpellingColumnNumber(location);
    if (token.isAtStartOfLine()) in_directive = false;
    if (token.is(clang::tok::hash) && token.isAtStartOfLine()) {
      in_directive = true;
      Directive directive;
      directive.line = line;
      directive.column = column;
      clang::Token name;
      const char* after_hash = sources.getCharacterData(location) + token.getLength();
      // Peek the directive name without consuming the line's remaining tokens twice.
      if (!lexer.LexFromRawLexer(name) && !name.isAtStartOfLine() &&
          name.is(clang::tok::raw_identifier)) {
        directive.name = name.getRawIdentifier().str();
        const char* after_name = sources.getCharacterData(name.getLocation()) + name.getLength();
        directive.rest = rest_of_line(after_name, end);
      } else {
        directive.rest = rest_of_line(after_hash, end);
      }
      scan.directives.push_back(std::move(directive));
      return;
    }
    if (in_directive || !token.is(clang::tok::raw_identifier)) return;
    scan.identifiers.push_back({token.getRawIdentifier().str(), line, column});
  });
  return scan;
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
