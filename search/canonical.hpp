// The canonical form of a candidate, for novelty: what is left of its source once comments, layout
// and the names of its locals are gone, read off Clang's tokens and AST. Two candidates with the
// same form are the same program; two with the same skeleton differ only in their constants.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sandbox/source.hpp"

namespace crucible::sandbox {
struct ParsedSource;
}

namespace crucible::search {

// Stands for every numeric literal in a skeleton; no C++ token is spelled like it.
inline constexpr std::string_view kLiteralPlaceholder = "<num>";

// The candidate's main-file tokens joined by single spaces (a preprocessor directive on a line of
// its own), with each function's parameters and local variables renamed v0, v1, ... in order of
// declaration, every reference renamed with its declaration (through the AST). Function names,
// types, fields, library names and literals stay as written; a name of the candidate's own that
// looks like a renamed one ("v3") gets a '`' appended so it cannot be mistaken for one. Nullopt
// when the source does not parse and type-check against `headers`.
// With `pch` (a Prelude::for_parsing one for these headers), the parse uses it; the form is the
// same.
[[nodiscard]] std::optional<std::string> canonical_form(
    std::string_view source, const std::vector<sandbox::HeaderFile>& headers,
    const std::string& pch = {});

// The same, read off a parse already made by sandbox::parse_source(source, headers): nullopt
// when that parse failed.
[[nodiscard]] std::optional<std::string> canonical_form(const sandbox::ParsedSource& parsed);

// `canonical` with every numeric literal replaced by kLiteralPlaceholder, so two candidates that
// differ only in literal values share it.
[[nodiscard]] std::string skeleton_of(std::string_view canonical);

// 64-bit FNV-1a of `text`: the same value on every platform and standard library (std::hash is
// not), so it can be stored and compared across runs.
[[nodiscard]] std::uint64_t stable_hash(std::string_view text);

}  // namespace crucible::search
