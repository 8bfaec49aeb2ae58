// Novelty keys of a candidate source: a hash of its normalized form (an exact duplicate is never
// evaluated twice), a hash of that form with its numeric literals blanked (candidates that differ
// only in literals share it, and are capped per island), its length in tokens (the archive's
// complexity descriptor) and how many distinct fields it reads (its reads descriptor).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "sandbox/source.hpp"

namespace crucible::sandbox {
struct ParsedSource;
}

namespace crucible::search {

struct NoveltyKeys {
  std::string hash;      // 16 hex digits
  std::string skeleton;  // 16 hex digits
  size_t tokens = 0;
  size_t fields = 0;  // distinct member names read after -> or . (the archive's reads descriptor)
};

// From the canonical form of the Clang AST (canonical.hpp: comments, layout and the names of
// locals and parameters do not count) when the source type-checks against `headers`; otherwise
// from its tokens with comments dropped, names as written.
// `pch`: a Prelude::for_parsing one for `headers`, which makes the parse faster.
NoveltyKeys novelty_of(const std::string& source,
                       const std::vector<sandbox::HeaderFile>& headers = {},
                       const std::string& pch = {});

// The same keys, from `parsed`, a parse of `source` by sandbox::parse_source(source, headers)
// (the headers novelty_of would be given): no second parse.
NoveltyKeys novelty_of(const std::string& source, const sandbox::ParsedSource& parsed);

}  // namespace crucible::search
