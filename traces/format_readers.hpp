// Internal to traces/: the per-format parsers behind read_trace. Each takes the file's whole
// (already decompressed) bytes and the path, which is used only to name the file in errors.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "trace.hpp"

namespace crucible::traces::detail {

// libCacheSim oracleGeneral: packed little-endian 24-byte records. Request.size is the record's
// obj_size as written, 0 included. Throws TraceError naming the incomplete record.
Trace parse_oracle_general(std::string_view bytes, const std::filesystem::path& path);

// ARC .lis text: `starting_block number_of_blocks ignore request_number` per line, expanded to one
// 512-byte request per block. Blank lines are skipped. Throws TraceError naming the line.
Trace parse_arc_lis(std::string_view text, const std::filesystem::path& path);

// "trace <path>: <what>", the one-line form of every trace error.
std::string trace_message(const std::filesystem::path& path, std::string_view what);

}  // namespace crucible::traces::detail
