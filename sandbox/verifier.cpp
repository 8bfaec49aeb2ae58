#include "verifier.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/ASTMatchers/ASTMatchFinder.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/ASTUnit.h>

#include <algorithm>
#include <cstdlib>
#include <sstream>

#include "clang_parse.hpp"
#include "verifier/check.hpp"

namespace crucible::sandbox {

VerifyOutcome verify(const CandidateSource& candidate, const std::string& pch) {
  verifier::Context context(candidate);
  if (candidate.text.size() <= candidate.rules.max_source_bytes) {
    auto scan = verifier::scan_source(candidate.text);
    for (auto& check : verifier::make_source_checks()) check->check(scan, context);
  } else {
    verifier::make_source_size_check()->check({}, context);
  }
  if (!context.findings().empty()) return {Status::kRejected, context.findings()};

  ParsedSource parsed = parse_source(candidate.text, candidate.headers, pch);
  if (!parsed.is_ok()) return {Status::kCompileError, std::move(parsed.errors)};

  // Only the candidate's own declarations are traversed: the headers (and a precompiled prelude
  // of library headers) hold thousands of declarations no check needs to see.
  auto& ast = parsed.ast->getASTContext();
  std::vector<clang::Decl*> candidate_decls;
  const auto& sources = ast.getSourceManager();
  for (auto* decl : ast.getTranslationUnitDecl()->decls()) {
    if (sources.isInMainFile(sources.getExpansionLoc(decl->getLocation()))) {
      candidate_decls.push_back(decl);
    }
  }
  clang::ast_matchers::MatchFinder finder;
  auto checks = verifier::make_ast_checks(context);
  for (auto& check : checks) check->register_matchers(finder);
  ast.setTraversalScope(candidate_decls);
  finder.matchAST(ast);
  for (auto& check : checks) check->finish(ast, candidate_decls);
  if (context.findings().empty()) return {};
  auto findings = context.findings();
  std::stable_sort(findings.begin(), findings.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return {Status::kRejected, std::move(findings)};
}

std::string serialize_verdict(const VerifyOutcome& outcome) {
  std::string text(status_name(outcome.status));
  for (const auto& diagnostic : outcome.diagnostics) {
    std::string message = diagnostic.message;
    std::replace(message.begin(), message.end(), '\n', ' ');
    text += "\n" + std::to_string(diagnostic.line) + "\t" + std::to_string(diagnostic.column) +
            "\t" + message;
  }
  return text;
}

std::optional<VerifyOutcome> parse_verdict(const std::string& text) {
  std::istringstream lines(text);
  std::string line;
  if (!std::getline(lines, line)) return std::nullopt;
  auto status = parse_status(line);
  if (!status || (*status != Status::kOk && *status != Status::kRejected &&
                  *status != Status::kCompileError)) {
    return std::nullopt;
  }
  VerifyOutcome outcome{*status, {}};
  while (std::getline(lines, line)) {
    auto first = line.find('\t');
    auto second = first == std::string::npos ? first : line.find('\t', first + 1);
    if (second == std::string::npos) return std::nullopt;
    Diagnostic diagnostic;
    diagnostic.line = static_cast<unsigned>(std::strtoul(line.c_str(), nullptr, 10));
    diagnostic.column = static_cast<unsigned>(std::strtoul(line.c_str() + first + 1, nullptr, 10));
    diagnostic.message = line.substr(second + 1);
    outcome.diagnostics.push_back(std::move(diagnostic));
  }
  if (outcome.status != Status::kOk && outcome.diagnostics.empty()) return std::nullopt;
  return outcome;
}

}  // namespace crucible::sandbox
