// Where the built-in mutator may edit a candidate. Sites are read off the Clang AST once and kept
// as plain byte offsets into the source, so edits are applied as text and the AST can be dropped.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/source.hpp"

namespace clang {
class ASTUnit;
}

namespace crucible::search::proposers {

// A half-open byte range [begin, end) of the candidate's source and its 1-based start position.
struct SourceSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  unsigned line = 0;
  unsigned column = 0;
};

// An integer or floating literal token.
struct LiteralSite {
  SourceSpan span;
  std::string text;  // as written, for example "0.5f"
  double value = 0.0;
  bool is_floating = false;
  std::string suffix;                // type suffix ("f", "u", "ull"), kept so a float stays a float
  bool is_divisor = false;           // the right operand of / or %: never becomes 0
  bool is_used_as_floating = false;  // an integer literal converted to floating where it stands
};

// `base->field` or `base.field` on a record declared in an interface header.
struct FeatureSite {
  SourceSpan span;          // the field name token only: the base is left as written
  std::string expression;   // the whole member access as written, for descriptions
  std::size_t name_offset;  // where the field name starts inside `expression`
  std::string field;
  std::vector<std::string> alternatives;  // the record's other arithmetic fields
};

// The operator token of a binary operator that has swappable siblings (+ - * /, < > <= >=, +=...).
struct OperatorSite {
  SourceSpan span;
  std::string spelling;
};

// The value of a return statement, with the features a new term could read.
struct ReturnSite {
  SourceSpan span;
  std::vector<std::string> features;  // "p->field" / "p.field" over interface-record parameters
};

// A use of one of the enclosing function's parameters inside an expression.
struct ParameterUse {
  std::size_t offset = 0;  // from the start of the expression's span
  std::size_t length = 0;
  std::size_t index = 0;  // the parameter's position
};

// An arithmetic subexpression written in a function body: not a literal, not a place assigned
// to, not a bool or an enum.
struct ExpressionSite {
  SourceSpan span;
  std::string text;
  bool is_floating = false;             // of floating type (else an integer)
  bool is_primary = false;              // a name, member access, call or subscript: needs no parens
  bool is_return_value = false;         // the whole value of a return statement
  bool needs_integer = false;           // an operand of %, <<, &, an index...: must stay an integer
  std::optional<double> scale;          // its value, when constant or a constant-initialized local
  std::vector<std::string> parameters;  // the enclosing function's parameter names, by position
  std::vector<ParameterUse> parameter_uses;
  // Reads only literals, its function's parameters and what the interface and library declare,
  // so it means the same in another candidate once the parameters are renamed.
  bool is_portable = false;
  bool reads_hidden = false;  // reads a gated field (collect_mutation_sites' `hidden`): never copied
};

// `left + right` or `left - right` on arithmetic operands.
struct TermSite {
  SourceSpan span;
  SourceSpan left;
  SourceSpan right;
  bool is_subtraction = false;
  bool is_unsigned = false;  // of unsigned integer type, where -right would wrap around
};

// A statement directly in a block that is not a return and holds none, and that declares no
// variable used later.
struct StatementSite {
  SourceSpan span;   // what deleting removes: the statement, its ';', its line when alone on it
  std::string text;  // the statement as written
};

// An expression that reduces exactly to one of its parts: `c ? a : b` with a constant condition,
// `x * 1`, `1 * x`, `x / 1`, `x + 0`, `0 + x`, `x - 0`, where the part has the whole's type.
struct FoldSite {
  SourceSpan span;   // the whole expression
  SourceSpan kept;   // the part it reduces to
  // The part binds at least as tightly as the whole, so it needs no parentheses where the whole
  // stood.
  bool kept_is_primary = false;
  bool kept_is_parenthesized = false;  // the part is `( ... )` as a whole
};

struct MutationSites {
  std::vector<LiteralSite> literals;
  std::vector<FeatureSite> features;
  std::vector<OperatorSite> operators;
  std::vector<ReturnSite> returns;
  std::vector<ExpressionSite> expressions;
  std::vector<TermSite> terms;
  std::vector<StatementSite> statements;
  std::vector<FoldSite> folds;
};

// Collects the sites inside function bodies (lambdas included) written in the candidate's main
// file, in AST visit order. Sites inside macro expansions are skipped. `headers` name the interface
// headers: only records declared there supply features. `hidden` names gated interface fields
// ("CacheObject.id", PolicyInterface::gated_features) the mutator must not write: a use of one is
// no feature site, no site offers one as an alternative or a new term, and an expression that
// reads one is not portable (no crossover carries it into another candidate).
[[nodiscard]] MutationSites collect_mutation_sites(clang::ASTUnit& ast,
                                                   const std::vector<sandbox::HeaderFile>& headers,
                                                   const std::vector<std::string>& hidden = {});

// True when the candidate's main file defines a function named `name`.
[[nodiscard]] bool defines_function(clang::ASTUnit& ast, std::string_view name);

}  // namespace crucible::search::proposers
