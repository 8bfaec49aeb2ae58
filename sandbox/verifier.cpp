#include "verifier.hpp"

#include <clang/AST/ASTConsumer.h>
#include <clang/AST/ASTContext.h>
#include <clang/ASTMatchers/ASTMatchFinder.h>
#include <clang/Basic/Diagnostic.h>
#include <clang/Basic/FileManager.h>
#include <clang/Basic/SourceManager.h>
#include <clang/CodeGen/CodeGenAction.h>
#include <clang/Frontend/CompilerInstance.h>
#include <clang/Frontend/FrontendActions.h>
#include <clang/Frontend/MultiplexConsumer.h>
#include <clang/Tooling/Tooling.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/VirtualFileSystem.h>

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <sstream>

#include "clang_parse.hpp"
#include "compiler.hpp"
#include "landlock.hpp"
#include "verifier/check.hpp"

namespace crucible::sandbox {
namespace {

// Runs the AST checks on the finished translation unit; only the candidate's own declarations
// are traversed (the headers and the prelude hold thousands no check needs to see).
void run_ast_checks(clang::ASTContext& ast, verifier::Context& context) {
  std::vector<clang::Decl*> candidate_decls = main_file_decls(ast);
  clang::ast_matchers::MatchFinder finder;
  auto checks = verifier::make_ast_checks(context);
  for (auto& check : checks) check->register_matchers(finder);
  auto scope = ast.getTraversalScope();
  ast.setTraversalScope(candidate_decls);
  finder.matchAST(ast);
  for (auto& check : checks) check->finish(ast, candidate_decls);
  ast.setTraversalScope(scope);
}

std::vector<std::unique_ptr<clang::ASTConsumer>> one_consumer(
    std::unique_ptr<clang::ASTConsumer> consumer) {
  std::vector<std::unique_ptr<clang::ASTConsumer>> consumers;
  consumers.push_back(std::move(consumer));
  return consumers;
}

// Wraps the code generator: every declaration reaches it as it is parsed (it only builds IR
// then), but the translation unit, where the object is optimized and written, reaches it only
// when the checks found nothing and Clang reported no error.
class CheckedConsumer final : public clang::MultiplexConsumer {
 public:
  CheckedConsumer(std::unique_ptr<clang::ASTConsumer> inner, verifier::Context& context,
                  clang::DiagnosticsEngine& diagnostics, bool& is_checked)
      : clang::MultiplexConsumer(one_consumer(std::move(inner))),
        context_(context),
        diagnostics_(diagnostics),
        is_checked_(is_checked) {}

  void HandleTranslationUnit(clang::ASTContext& ast) override {
    if (diagnostics_.hasErrorOccurred()) return;
    run_ast_checks(ast, context_);
    is_checked_ = true;
    if (context_.findings().empty()) clang::MultiplexConsumer::HandleTranslationUnit(ast);
  }

 private:
  verifier::Context& context_;
  clang::DiagnosticsEngine& diagnostics_;
  bool& is_checked_;
};

template <typename Base>
class CheckedAction final : public Base {
 public:
  CheckedAction(verifier::Context& context, bool& is_checked)
      : context_(context), is_checked_(is_checked) {}

 protected:
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance& compiler,
                                                        llvm::StringRef file) override {
    auto inner = Base::CreateASTConsumer(compiler, file);
    if (inner == nullptr) return nullptr;
    return std::make_unique<CheckedConsumer>(std::move(inner), context_,
                                             compiler.getDiagnostics(), is_checked_);
  }

 private:
  verifier::Context& context_;
  bool& is_checked_;
};

void initialize_code_generator() {
  static std::once_flag once;
  std::call_once(once, [] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
  });
}

// The whole command line of the one Clang invocation: the compiler's own flags, the candidate and
// its headers from memory, and either -fsyntax-only or -c -o object.
std::vector<std::string> command_line(const VerifyRequest& request) {
  std::vector<std::string> args = {"clang++"};
  for (auto& flag : candidate_language_flags(request.candidate.headers, kVirtualHeaderDir,
                                             request.pch)) {
    args.push_back(std::move(flag));
  }
  args.insert(args.end(), request.flags.begin(), request.flags.end());
  args.insert(args.end(), {"-fPIC", "-resource-dir=" CRUCIBLE_CLANG_RESOURCE_DIR,
                           "-fno-crash-diagnostics", "-ferror-limit=20"});
  if (request.object.empty()) {
    args.emplace_back("-fsyntax-only");
  } else {
    args.insert(args.end(), {"-c", "-o", request.object});
  }
  args.emplace_back(std::string(kVirtualHeaderDir) + "/" + std::string(kCandidateFileName));
  return args;
}

}  // namespace

VerifyOutcome verify(const VerifyRequest& request) {
  const CandidateSource& candidate = request.candidate;
  verifier::Context context(candidate);
  if (candidate.text.size() <= candidate.rules.max_source_bytes) {
    auto scan = verifier::scan_source(candidate.text);
    for (auto& check : verifier::make_source_checks()) check->check(scan, context);
  } else {
    verifier::make_source_size_check()->check({}, context);
  }
  if (!context.findings().empty()) return {Status::kRejected, context.findings()};

  // The candidate and its headers live in memory, over the real file system (the toolchain's
  // headers and the prelude are read from disk).
  llvm::IntrusiveRefCntPtr<llvm::vfs::OverlayFileSystem> files(
      new llvm::vfs::OverlayFileSystem(llvm::vfs::getRealFileSystem()));
  llvm::IntrusiveRefCntPtr<llvm::vfs::InMemoryFileSystem> memory(
      new llvm::vfs::InMemoryFileSystem());
  files->pushOverlay(memory);
  const std::string dir(kVirtualHeaderDir);
  memory->addFile(dir + "/" + std::string(kCandidateFileName), 0,
                  llvm::MemoryBuffer::getMemBufferCopy(candidate.text));
  for (const auto& header : candidate.headers) {
    memory->addFile(dir + "/" + header.name, 0, llvm::MemoryBuffer::getMemBufferCopy(header.text));
  }
  llvm::IntrusiveRefCntPtr<clang::FileManager> file_manager(
      new clang::FileManager(clang::FileSystemOptions(), files));

  bool is_checked = false;
  std::unique_ptr<clang::FrontendAction> action;
  if (request.object.empty()) {
    action = std::make_unique<CheckedAction<clang::SyntaxOnlyAction>>(context, is_checked);
  } else {
    initialize_code_generator();
    action = std::make_unique<CheckedAction<clang::EmitObjAction>>(context, is_checked);
  }
  std::vector<Diagnostic> errors;
  auto collector = make_error_collector(errors);
  clang::tooling::ToolInvocation invocation(command_line(request), std::move(action),
                                            file_manager.get());
  invocation.setDiagnosticConsumer(collector.get());
  const bool ran = invocation.run();
  if (!errors.empty()) return {Status::kCompileError, std::move(errors)};
  if (!is_checked || (!ran && context.findings().empty())) {
    return {Status::kCompileError, {{0, 0, "clang could not compile the candidate"}}};
  }
  if (context.findings().empty()) return {};
  auto findings = context.findings();
  std::stable_sort(findings.begin(), findings.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return a.line != b.line ? a.line < b.line : a.column < b.column;
  });
  return {Status::kRejected, std::move(findings)};
}

VerifyOutcome verify(const CandidateSource& candidate, const std::string& pch) {
  return verify(VerifyRequest{candidate, pch, CompilerOptions{}.flags, {}});
}

bool confine_verifier(const VerifyRequest& request) {
  std::vector<std::filesystem::path> readable = toolchain_paths();
  if (!request.pch.empty()) readable.push_back(std::filesystem::path(request.pch).parent_path());
  std::vector<std::filesystem::path> writable;
  if (!request.object.empty()) {
    writable.push_back(std::filesystem::path(request.object).parent_path());
  }
  return FileConfinement(readable, writable).apply();
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
