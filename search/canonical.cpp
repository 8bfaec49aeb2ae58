#include "search/canonical.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>
#include <clang/AST/ExprCXX.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/ASTUnit.h>
#include <clang/Lex/Lexer.h>
#include <llvm/ADT/DenseMap.h>

#include <algorithm>
#include <map>
#include <utility>

#include "sandbox/clang_parse.hpp"

namespace crucible::search {
namespace {

// The outermost function a declaration sits in (a lambda's locals belong to the function that
// holds the lambda), or null for a declaration outside any function.
const clang::Decl* outermost_function(const clang::Decl& decl) {
  const clang::Decl* function = nullptr;
  for (const clang::DeclContext* context = decl.getDeclContext(); context != nullptr;
       context = context->getParent()) {
    if (context->isFunctionOrMethod()) function = llvm::cast<clang::Decl>(context);
  }
  return function;
}

bool is_local(const clang::ValueDecl& decl) {
  if (const auto* variable = llvm::dyn_cast<clang::VarDecl>(&decl)) {
    return variable->isLocalVarDeclOrParm();
  }
  if (const auto* binding = llvm::dyn_cast<clang::BindingDecl>(&decl)) {
    return binding->getDeclContext()->isFunctionOrMethod();
  }
  return false;
}

// Collects the local declarations of the main file and the places that name them.
class LocalNames : public clang::RecursiveASTVisitor<LocalNames> {
 public:
  explicit LocalNames(const clang::SourceManager& sources) : sources_(sources) {}

  bool VisitValueDecl(clang::ValueDecl* decl) {
    if (decl->isImplicit() || decl->getName().empty() || !is_local(*decl)) return true;
    const clang::Decl* function = outermost_function(*decl);
    if (function == nullptr) return true;
    if (auto offset = main_file_offset(decl->getLocation())) {
      declarations_.push_back({function, *offset, decl});
    }
    return true;
  }

  bool VisitDeclRefExpr(clang::DeclRefExpr* ref) {
    add_use(ref->getLocation(), ref->getDecl());
    return true;
  }

  bool VisitLambdaExpr(clang::LambdaExpr* lambda) {
    for (const clang::LambdaCapture& capture : lambda->explicit_captures()) {
      if (capture.capturesVariable()) add_use(capture.getLocation(), capture.getCapturedVar());
    }
    return true;
  }

  // Offset in the main file -> new name, for declarations and uses alike.
  [[nodiscard]] std::map<unsigned, std::string> renames() const {
    std::vector<Declaration> ordered = declarations_;
    std::sort(ordered.begin(), ordered.end(),
              [](const Declaration& a, const Declaration& b) { return a.offset < b.offset; });
    llvm::DenseMap<const clang::Decl*, unsigned> next_index;
    llvm::DenseMap<const clang::ValueDecl*, std::string> names;
    std::map<unsigned, std::string> renames;
    for (const Declaration& declaration : ordered) {
      if (names.contains(declaration.decl)) continue;
      const std::string name = "v" + std::to_string(next_index[declaration.function]++);
      names[declaration.decl] = name;
      renames[declaration.offset] = name;
    }
    for (const auto& [offset, decl] : uses_) {
      if (auto found = names.find(decl); found != names.end()) renames[offset] = found->second;
    }
    return renames;
  }

 private:
  struct Declaration {
    const clang::Decl* function;
    unsigned offset;
    const clang::ValueDecl* decl;
  };

  void add_use(clang::SourceLocation location, const clang::ValueDecl* decl) {
    if (decl == nullptr) return;
    if (auto offset = main_file_offset(location)) uses_.emplace_back(*offset, decl);
  }

  // Where the name is written in the main file: directly, or as a macro's argument. A name inside
  // a macro's own body is left alone, since each expansion could rename it differently.
  [[nodiscard]] std::optional<unsigned> main_file_offset(clang::SourceLocation location) const {
    if (location.isMacroID()) {
      if (!sources_.isMacroArgExpansion(location)) return std::nullopt;
      location = sources_.getSpellingLoc(location);
    }
    if (location.isInvalid() || location.isMacroID()) return std::nullopt;
    const auto [file, offset] = sources_.getDecomposedLoc(location);
    if (file != sources_.getMainFileID()) return std::nullopt;
    return offset;
  }

  const clang::SourceManager& sources_;
  std::vector<Declaration> declarations_;
  std::vector<std::pair<unsigned, const clang::ValueDecl*>> uses_;
};

// "v" followed by digits only: what a renamed local is called.
bool looks_renamed(std::string_view text) {
  return text.size() > 1 && text[0] == 'v' &&
         std::all_of(text.begin() + 1, text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// The main file's tokens, renamed, joined as canonical_form documents.
std::string joined_tokens(clang::ASTUnit& ast, const std::map<unsigned, std::string>& renames) {
  const clang::SourceManager& sources = ast.getSourceManager();
  const clang::FileID main_file = sources.getMainFileID();
  const llvm::StringRef buffer = sources.getBufferData(main_file);
  clang::Lexer lexer(sources.getLocForStartOfFile(main_file), ast.getLangOpts(), buffer.begin(),
                     buffer.begin(), buffer.end());
  std::string out;
  bool in_directive = false;
  clang::Token token;
  for (lexer.LexFromRawLexer(token); token.isNot(clang::tok::eof); lexer.LexFromRawLexer(token)) {
    const bool starts_directive = token.isAtStartOfLine() && token.is(clang::tok::hash);
    if (!out.empty()) {
      const bool leaves_directive = in_directive && token.isAtStartOfLine();
      out += starts_directive || leaves_directive ? '\n' : ' ';
    }
    if (token.isAtStartOfLine()) in_directive = starts_directive;
    const unsigned offset = sources.getFileOffset(token.getLocation());
    const std::string_view text(buffer.data() + offset, token.getLength());
    if (auto rename = renames.find(offset); rename != renames.end()) {
      out += rename->second;
    } else {
      out += text;
      if (token.is(clang::tok::raw_identifier) && looks_renamed(text)) out += '`';
    }
  }
  return out;
}

// The length of the token starting at `at`: up to the next separator, or, for a string or
// character literal (with its prefix), up to its closing quote, spaces inside included.
std::size_t token_length(std::string_view text, std::size_t at) {
  std::size_t quote = at;
  while (quote < text.size() && quote - at < 3 &&
         std::string_view("uU8LR").find(text[quote]) != std::string_view::npos) {
    ++quote;
  }
  if (quote < text.size() && (text[quote] == '"' || text[quote] == '\'')) {
    const bool is_raw = quote > at && text[quote - 1] == 'R' && text[quote] == '"';
    if (is_raw) {
      const std::size_t open = text.find('(', quote);
      if (open != std::string_view::npos) {
        const std::string close =
            ")" + std::string(text.substr(quote + 1, open - quote - 1)) + "\"";
        const std::size_t end = text.find(close, open);
        if (end != std::string_view::npos) return end + close.size() - at;
      }
    } else {
      for (std::size_t i = quote + 1; i < text.size(); ++i) {
        if (text[i] == '\\') {
          ++i;
        } else if (text[i] == text[quote]) {
          return i + 1 - at;
        }
      }
    }
  }
  const std::size_t end = text.find_first_of(" \n", at);
  return (end == std::string_view::npos ? text.size() : end) - at;
}

bool is_numeric_literal(std::string_view token) {
  const auto is_digit = [](char c) { return c >= '0' && c <= '9'; };
  return !token.empty() &&
         (is_digit(token[0]) || (token[0] == '.' && token.size() > 1 && is_digit(token[1])));
}

}  // namespace

std::optional<std::string> canonical_form(std::string_view source,
                                          const std::vector<sandbox::HeaderFile>& headers,
                                          const std::string& pch) {
  return canonical_form(sandbox::parse_source(source, headers, pch));
}

std::optional<std::string> canonical_form(const sandbox::ParsedSource& parsed) {
  if (!parsed.is_ok()) return std::nullopt;
  LocalNames names(parsed.ast->getSourceManager());
  for (clang::Decl* decl : sandbox::main_file_decls(parsed.ast->getASTContext())) {
    names.TraverseDecl(decl);
  }
  return joined_tokens(*parsed.ast, names.renames());
}

std::string skeleton_of(std::string_view canonical) {
  std::string out;
  std::size_t at = 0;
  while (at < canonical.size()) {
    if (canonical[at] == ' ' || canonical[at] == '\n') {
      out += canonical[at++];
      continue;
    }
    const std::size_t length = token_length(canonical, at);
    const std::string_view token = canonical.substr(at, length);
    out += is_numeric_literal(token) ? kLiteralPlaceholder : token;
    at += length;
  }
  return out;
}

std::uint64_t stable_hash(std::string_view text) {
  constexpr std::uint64_t kOffsetBasis = 14695981039346656037ULL;
  constexpr std::uint64_t kPrime = 1099511628211ULL;
  std::uint64_t hash = kOffsetBasis;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= kPrime;
  }
  return hash;
}

}  // namespace crucible::search
