// Part of collect_mutation_sites (not a public header): the arithmetic subexpressions, additive
// terms and deletable statements of the candidate's own function bodies.
#pragma once

#include <string>
#include <vector>

#include "sandbox/source.hpp"
#include "search/proposers/builtin/mutation_sites.hpp"

namespace clang {
class ASTContext;
}

namespace crucible::search::proposers {

// Appends the expression, term and statement sites of the main file to `out`; an expression that
// reads a `hidden` field is not portable.
void collect_expression_sites(clang::ASTContext& context,
                              const std::vector<sandbox::HeaderFile>& headers,
                              const std::vector<std::string>& hidden, MutationSites& out);

}  // namespace crucible::search::proposers
