// libCacheSim's oracleGeneral binary format.

#include <cstdint>
#include <string>

#include "format_readers.hpp"

namespace crucible::traces::detail {
namespace {

// Record layout, packed little-endian:
//   uint32 clock_time @0; uint64 obj_id @4; uint32 obj_size @12; int64 next_access_vtime @16.
constexpr size_t kRecordBytes = 24;
constexpr size_t kObjIdOffset = 4;
constexpr size_t kObjSizeOffset = 12;

// Assembled byte by byte so the result does not depend on the host's byte order; compilers turn
// this into a single load on little-endian machines.
template <typename T>
T load_little_endian(const char* bytes) {
  T value = 0;
  for (size_t i = 0; i < sizeof(T); ++i) {
    value |= static_cast<T>(static_cast<unsigned char>(bytes[i])) << (8 * i);
  }
  return value;
}

}  // namespace

Trace parse_oracle_general(std::string_view bytes, const std::filesystem::path& path) {
  const size_t records = bytes.size() / kRecordBytes;
  if (const size_t tail = bytes.size() % kRecordBytes; tail != 0) {
    throw TraceError(trace_message(
        path, "record " + std::to_string(records + 1) + " is incomplete (" + std::to_string(tail) +
                  " of " + std::to_string(kRecordBytes) + " bytes): the size " +
                  std::to_string(bytes.size()) + " is not a multiple of 24"));
  }
  TraceBuilder builder(records);
  const char* record = bytes.data();
  for (size_t i = 0; i < records; ++i) {
    RawRequest request;
    request.time = load_little_endian<uint32_t>(record);
    request.id = load_little_endian<uint64_t>(record + kObjIdOffset);
    request.size = load_little_endian<uint32_t>(record + kObjSizeOffset);
    builder.add(request);
    record += kRecordBytes;
  }
  return builder.finish();
}

}  // namespace crucible::traces::detail
