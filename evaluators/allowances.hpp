// What candidates of every domain may use besides the language: the sets the verifier starts from.
#pragma once

#include "domain.hpp"

namespace crucible::evaluators {

// Pure arithmetic: math functions, min/max, small fixed tables (<array>, <utility>, limits). An
// interface's own helper functions need no entry: the verifier accepts what the interface
// headers declare.
CandidateAllowances arithmetic_allowances();

// The same plus the heap and std::vector, for policies that keep their own state. Candidates are
// linked with -nostdlib, so new, delete and the vector's out-of-line parts bind to the host's
// libstdc++ when the child loads them, under the child's memory limit; bounds stay checked by
// _GLIBCXX_ASSERTIONS.
CandidateAllowances stateful_allowances();

}  // namespace crucible::evaluators
