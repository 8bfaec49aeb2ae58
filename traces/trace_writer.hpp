// Writing a Trace back to a file, for `crucible traces convert`.
#pragma once

#include <filesystem>

#include "trace.hpp"

namespace crucible::traces {

// The columns write_trace uses for csv, so a written file reads back with them: "time,id,size"
// with a header line.
CsvSpec written_csv_spec();

// Writes every request of `trace` to `path` in `format`; a name ending in .zst is
// zstd-compressed. Formats and what each keeps:
//   oracleGeneral: clock_time, obj_id, obj_size, next_access_vtime as libCacheSim defines it (the
//     1-based position of the object's next request, -1 if none). clock_time is the file's own
//     time (time_origin + time) when every value fits 32 bits, else the time since the first
//     request.
//   csv: time_origin + time, the id, the size (see written_csv_spec).
//   txt: the id alone. lis: `id 1 0 index`, so sizes read back as 512.
// twitter, msr and synthetic are not written. Throws TraceError naming the file (and removes a
// partly written one).
void write_trace(const Trace& trace, const std::filesystem::path& path, Format format);

}  // namespace crucible::traces
