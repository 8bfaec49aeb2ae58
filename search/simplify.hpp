// Simplification of a search's winners, so a person can read them: constant subexpressions
// folded, subexpressions and statements removed or replaced by a constant while the fitness on
// the searched workload stays within a tolerance of the original's, literals rounded to the
// fewest significant digits that keep it there, and comments the program inherited replaced by
// one that says what it reads. Knows no sandbox: candidates are scored through a callback, in
// batches, so the caller decides where they run.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/source.hpp"

namespace crucible::search {

struct SimplifyOptions {
  // A simplification is kept when its fitness is at least the original's minus this (absolute).
  double tolerance = 1e-4;
  // Candidates scored at most, over every round (the final program's own score not counted).
  std::size_t max_evaluations = 600;
};

// Scores each source on the searched workload: nullopt for one that fails (any status but ok).
using BatchScorer =
    std::function<std::vector<std::optional<double>>(const std::vector<std::string>& sources)>;

struct SimplifyResult {
  std::string source;            // the simplified program (the original when nothing went)
  std::optional<double> fitness;  // its score by the scorer; nullopt if it failed there
  std::size_t nodes_before = 0;  // AST nodes of the function bodies (count_nodes)
  std::size_t nodes_after = 0;
  std::size_t evaluations = 0;   // candidates scored, the final one included
  std::vector<std::string> steps;  // what was kept, in order: "drop ...", "fold ...", "round ..."
};

// Simplifies `source`, whose fitness is `fitness`, written against `headers` with entry point
// `entry_symbol` (a child must type-check and still define it). `pch`: a Prelude::for_parsing one
// for `headers`. `on_line` gets a progress line per round. A source that does not type-check is
// returned as it is, scored once.
SimplifyResult simplify(const std::string& source, double fitness,
                        const std::vector<sandbox::HeaderFile>& headers,
                        const std::string& entry_symbol, const BatchScorer& score,
                        const SimplifyOptions& options = {}, const std::string& pch = {},
                        const std::function<void(const std::string&)>& on_line = {});

// Statements and expressions in the function bodies of the main file: the size a person reads.
// 0 when the source does not type-check.
std::size_t count_nodes(std::string_view source, const std::vector<sandbox::HeaderFile>& headers,
                        const std::string& pch = {});

// `source` without its comments (string and character literals kept whole), lines a comment
// alone took removed, trailing blanks trimmed.
std::string strip_comments(std::string_view source);

// `value` rounded to `digits` significant digits (1 to 17).
double round_significant(double value, int digits);

}  // namespace crucible::search
