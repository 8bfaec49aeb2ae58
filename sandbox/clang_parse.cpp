#include "clang_parse.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/Basic/Diagnostic.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/ASTUnit.h>
#include <clang/Tooling/Tooling.h>

#include <string>
#include <utility>

#include "include_lines.hpp"

namespace crucible::sandbox {
namespace {

// Collects error diagnostics with their position in the candidate.
class ErrorCollector final : public clang::DiagnosticConsumer {
 public:
  explicit ErrorCollector(std::vector<Diagnostic>& out) : out_(out) {}

  void HandleDiagnostic(clang::DiagnosticsEngine::Level level,
                        const clang::Diagnostic& info) override {
    clang::DiagnosticConsumer::HandleDiagnostic(level, info);
    if (level < clang::DiagnosticsEngine::Error) return;
    llvm::SmallString<256> text;
    info.FormatDiagnostic(text);
    Diagnostic diagnostic;
    diagnostic.message = std::string(text.str());
    if (info.hasSourceManager() && info.getLocation().isValid()) {
      const auto& sources = info.getSourceManager();
      auto presumed = sources.getPresumedLoc(sources.getExpansionLoc(info.getLocation()));
      if (presumed.isValid()) {
        diagnostic.line = presumed.getLine();
        diagnostic.column = presumed.getColumn();
        std::string_view file = presumed.getFilename();
        if (!file.ends_with(kCandidateFileName)) {
          diagnostic.message = std::string(file) + ": " + diagnostic.message;
        }
      }
    }
    out_.push_back(std::move(diagnostic));
  }

 private:
  std::vector<Diagnostic>& out_;
};

}  // namespace

std::unique_ptr<clang::DiagnosticConsumer> make_error_collector(std::vector<Diagnostic>& out) {
  return std::make_unique<ErrorCollector>(out);
}

ParsedSource::ParsedSource() = default;
ParsedSource::ParsedSource(ParsedSource&&) noexcept = default;
ParsedSource& ParsedSource::operator=(ParsedSource&&) noexcept = default;
ParsedSource::~ParsedSource() = default;

std::vector<std::string> candidate_language_flags(const std::vector<HeaderFile>& headers,
                                                  std::string_view header_dir,
                                                  const std::string& pch) {
  std::vector<std::string> flags = {"-std=c++20", "-xc++", "-I" + std::string(header_dir)};
  if (!pch.empty()) {
    flags.push_back("-include-pch");
    flags.push_back(pch);
    return flags;
  }
  for (const auto& header : headers) {
    flags.push_back("-include");
    flags.push_back(std::string(header_dir) + "/" + header.name);
  }
  return flags;
}

bool has_include_line(std::string_view source) {
  bool found = false;
  for_each_include_line(source, [&](std::string_view, size_t) { found = true; });
  return found;
}

std::vector<clang::Decl*> main_file_decls(clang::ASTContext& ast) {
  std::vector<clang::Decl*> decls;
  const auto& sources = ast.getSourceManager();
  for (auto* decl : ast.getTranslationUnitDecl()->decls()) {
    if (sources.isInMainFile(sources.getExpansionLoc(decl->getLocation()))) decls.push_back(decl);
  }
  return decls;
}

ParsedSource parse_source(std::string_view source, const std::vector<HeaderFile>& headers,
                          const std::string& pch) {
  std::vector<std::string> args = candidate_language_flags(
      headers, kVirtualHeaderDir, has_include_line(source) ? pch : std::string());
  args.push_back("-fsyntax-only");
  args.push_back("-resource-dir=" CRUCIBLE_CLANG_RESOURCE_DIR);
  clang::tooling::FileContentMappings mapped;
  for (const auto& header : headers) {
    mapped.emplace_back(std::string(kVirtualHeaderDir) + "/" + header.name, header.text);
  }
  ParsedSource parsed;
  auto collector = make_error_collector(parsed.errors);
  parsed.ast = clang::tooling::buildASTFromCodeWithArgs(
      source, args, std::string(kCandidateFileName), "crucible-parse",
      std::make_shared<clang::PCHContainerOperations>(),
      clang::tooling::getClangStripDependencyFileAdjuster(), mapped, collector.get());
  if (parsed.ast != nullptr) {
    // The collector lives on this stack frame; the unit must not keep pointing at it.
    parsed.ast->getDiagnostics().setClient(new clang::IgnoringDiagConsumer(), true);
  }
  if (parsed.ast == nullptr && parsed.errors.empty()) {
    parsed.errors.push_back({0, 0, "clang could not parse the candidate"});
  }
  return parsed;
}

}  // namespace crucible::sandbox
