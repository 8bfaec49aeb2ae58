#include "allowances.hpp"

namespace crucible::evaluators {

CandidateAllowances arithmetic_allowances() {
  return {{"cmath", "math.h", "cstdint", "stdint.h", "cstddef", "climits", "cfloat", "limits",
           "algorithm", "array", "utility", "type_traits"},
          {"log", "log2", "log10", "log1p", "exp", "exp2", "expm1", "sqrt", "cbrt", "pow", "fabs",
           "abs", "fmin", "fmax", "min", "max", "clamp", "floor", "ceil", "round", "trunc", "fmod",
           "isnan", "isinf", "isfinite", "tanh", "atan", "atan2", "sin", "cos", "hypot", "copysign",
           "swap"},
          {"array", "pair", "numeric_limits"},
          false};
}

CandidateAllowances stateful_allowances() {
  CandidateAllowances allowances = arithmetic_allowances();
  allowances.headers.emplace_back("vector");
  allowances.types.emplace_back("vector");
  allowances.allows_heap = true;
  return allowances;
}

}  // namespace crucible::evaluators
