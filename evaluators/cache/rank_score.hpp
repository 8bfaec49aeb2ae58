// Asking a rank policy for a priority, shared by the lazy and sampled mechanisms.
#pragma once

#include <cmath>
#include <string>

#include "evaluators/domain.hpp"
#include "rank_helpers.hpp"
#include "rank_mechanism.hpp"
#include "sandbox/candidate_stack.hpp"

namespace crucible::evaluators::cache {

[[noreturn]] inline void throw_nan_priority(const CacheBook& book, uint64_t id) {
  throw InvalidDecision("priority is NaN for object " + std::to_string(id) + " at time " +
                        std::to_string(book.state().now));
}

// The policy's priority for a resident; a NaN or a misused helper is an InvalidDecision.
inline double score(const CacheBook& book, PriorityFunction priority, const CacheObject& object) {
  const double value = sandbox::candidate_call(priority, &object, &book.state());
  if (book.has_fault()) book.throw_fault();
  if (std::isnan(value)) throw_nan_priority(book, object.id);
  return value;
}

}  // namespace crucible::evaluators::cache
