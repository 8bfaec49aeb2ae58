#include "search/tuning.hpp"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Decl.h>
#include <clang/AST/Expr.h>
#include <clang/AST/RecursiveASTVisitor.h>
#include <clang/AST/Stmt.h>
#include <clang/AST/TypeLoc.h>
#include <clang/Basic/SourceManager.h>
#include <clang/Frontend/ASTUnit.h>
#include <clang/Lex/Lexer.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <utility>

#include "sandbox/clang_parse.hpp"
#include "search/proposers/builtin/mutation_sites.hpp"

namespace crucible::search {
namespace {

struct ByteRange {
  std::size_t begin = 0;
  std::size_t end = 0;
};

// The main-file byte ranges of expressions whose literals are not quantities to tune.
class ConstantContexts : public clang::RecursiveASTVisitor<ConstantContexts> {
 public:
  using Base = clang::RecursiveASTVisitor<ConstantContexts>;

  explicit ConstantContexts(clang::ASTContext& context)
      : sources_(context.getSourceManager()), language_(context.getLangOpts()) {}

  bool VisitCaseStmt(clang::CaseStmt* statement) {
    add(statement->getLHS());
    add(statement->getRHS());
    return true;
  }

  bool VisitBinaryOperator(clang::BinaryOperator* op) {
    switch (op->getOpcode()) {
      case clang::BO_Shl:
      case clang::BO_Shr:
      case clang::BO_ShlAssign:
      case clang::BO_ShrAssign:
        add(op->getRHS());
        break;
      case clang::BO_And:
      case clang::BO_Or:
      case clang::BO_Xor:
      case clang::BO_AndAssign:
      case clang::BO_OrAssign:
      case clang::BO_XorAssign:
        add(op);  // masks and flags: a bit pattern, not a magnitude
        break;
      default:
        break;
    }
    return true;
  }

  bool VisitUnaryOperator(clang::UnaryOperator* op) {
    if (op->getOpcode() == clang::UO_Not) add(op);
    return true;
  }

  bool VisitArraySubscriptExpr(clang::ArraySubscriptExpr* subscript) {
    add(subscript->getIdx());
    return true;
  }

  bool VisitArrayTypeLoc(clang::ArrayTypeLoc type) {
    add(type.getSizeExpr());
    return true;
  }

  bool VisitStaticAssertDecl(clang::StaticAssertDecl* decl) {
    add(decl->getAssertExpr());
    return true;
  }

  bool TraverseTemplateArgumentLoc(const clang::TemplateArgumentLoc& argument) {
    if (argument.getArgument().getKind() == clang::TemplateArgument::Expression) {
      add(argument.getSourceExpression());
    }
    return Base::TraverseTemplateArgumentLoc(argument);
  }

  [[nodiscard]] bool contains(std::size_t begin, std::size_t end) const {
    return std::any_of(ranges_.begin(), ranges_.end(), [&](const ByteRange& range) {
      return range.begin <= begin && end <= range.end;
    });
  }

 private:
  void add(const clang::Expr* expression) {
    if (expression == nullptr) return;
    const clang::CharSourceRange range = clang::Lexer::makeFileCharRange(
        clang::CharSourceRange::getTokenRange(expression->getSourceRange()), sources_, language_);
    if (range.isInvalid()) return;
    const auto [begin_file, begin] = sources_.getDecomposedLoc(range.getBegin());
    const auto [end_file, end] = sources_.getDecomposedLoc(range.getEnd());
    if (begin_file != sources_.getMainFileID() || end_file != begin_file) return;
    ranges_.push_back({begin, end});
  }

  const clang::SourceManager& sources_;
  const clang::LangOptions& language_;
  std::vector<ByteRange> ranges_;
};

bool is_unsigned_suffix(const std::string& suffix) {
  return suffix.find_first_of("uU") != std::string::npos;
}

bool is_float_suffix(const std::string& suffix) {
  return suffix.find_first_of("fF") != std::string::npos;
}

std::string wrap_negative(const std::string& text, bool is_negative) {
  return is_negative ? "(" + text + ")" : text;
}

// Shortest round-trip spelling (std::to_chars without a precision), as a floating literal.
template <typename Floating>
std::string shortest_floating(Floating value) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  std::string text(buffer.data(), result.ptr);
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

std::string floating_text(double value, const std::string& suffix) {
  if (is_float_suffix(suffix)) {
    constexpr double kFloatMax = std::numeric_limits<float>::max();
    const auto narrow = static_cast<float>(std::clamp(value, -kFloatMax, kFloatMax));
    return wrap_negative(shortest_floating(narrow) + suffix, std::signbit(narrow));
  }
  return wrap_negative(shortest_floating(value) + suffix, std::signbit(value));
}

std::string integer_text(double value, const std::string& suffix) {
  constexpr double kLargestExact = 9007199254740992.0;  // 2^53
  const double low = is_unsigned_suffix(suffix) ? 0.0 : -kLargestExact;
  const std::int64_t rounded = std::llround(std::clamp(value, low, kLargestExact));
  const std::string magnitude = std::to_string(rounded < 0 ? -rounded : rounded) + suffix;
  return rounded < 0 ? "(-" + magnitude + ")" : magnitude;
}

}  // namespace

std::optional<TunableSource> TunableSource::parse(std::string_view source,
                                                  const std::vector<sandbox::HeaderFile>& headers,
                                                  const std::string& pch) {
  sandbox::ParsedSource parsed = sandbox::parse_source(source, headers, pch);
  if (!parsed.is_ok()) return std::nullopt;
  const auto sites = proposers::collect_mutation_sites(*parsed.ast, headers);
  ConstantContexts contexts(parsed.ast->getASTContext());
  for (clang::Decl* decl : sandbox::main_file_decls(parsed.ast->getASTContext())) {
    contexts.TraverseDecl(decl);
  }

  TunableSource tunable;
  tunable.source_ = std::string(source);
  std::vector<std::pair<Slot, double>> found;
  for (const auto& site : sites.literals) {
    if (contexts.contains(site.span.begin, site.span.end)) continue;
    found.push_back({Slot{site.span.begin, site.span.end, site.span.line, site.span.column,
                          site.is_floating, site.suffix},
                     site.value});
  }
  // Source order, each token once, so values() reads left to right and edits never overlap.
  std::sort(found.begin(), found.end(),
            [](const auto& a, const auto& b) { return a.first.begin < b.first.begin; });
  for (auto& [slot, value] : found) {
    if (!tunable.slots_.empty() && slot.begin < tunable.slots_.back().end) continue;
    tunable.slots_.push_back(std::move(slot));
    tunable.values_.push_back(value);
  }
  if (tunable.slots_.empty()) return std::nullopt;
  return tunable;
}

std::vector<double> TunableSource::initial_steps() const {
  std::vector<double> steps = search::initial_steps(values_);
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (!slots_[i].is_floating) steps[i] = std::max(steps[i], 1.0);
  }
  return steps;
}

std::string TunableSource::with_values(std::span<const double> values) const {
  if (values.size() != slots_.size()) {
    throw std::invalid_argument("TunableSource::with_values: got " + std::to_string(values.size()) +
                                " values for " + std::to_string(slots_.size()) + " literals");
  }
  std::string out;
  out.reserve(source_.size() + 8 * slots_.size());
  std::size_t copied = 0;
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    const Slot& slot = slots_[i];
    if (!std::isfinite(values[i])) {
      throw std::invalid_argument(
          "TunableSource::with_values: value " + std::to_string(values[i]) + " for literal " +
          std::to_string(i) + " ('" + source_.substr(slot.begin, slot.end - slot.begin) + "' at " +
          std::to_string(slot.line) + ":" + std::to_string(slot.column) + ") is not finite");
    }
    out.append(source_, copied, slot.begin - copied);
    out += slot.is_floating ? floating_text(values[i], slot.suffix)
                            : integer_text(values[i], slot.suffix);
    copied = slot.end;
  }
  out.append(source_, copied);
  return out;
}

std::vector<double> initial_steps(std::span<const double> values, double relative,
                                  double zero_step) {
  std::vector<double> steps;
  steps.reserve(values.size());
  for (const double value : values) {
    steps.push_back(value == 0.0 ? zero_step : relative * std::abs(value));
  }
  return steps;
}

}  // namespace crucible::search
