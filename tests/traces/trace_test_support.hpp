// Helpers for the trace tests: writing files, zstd, oracleGeneral records, and catching errors.
#pragma once

#include <doctest/doctest.h>
#include <zstd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "traces/trace.hpp"

namespace crucible::testing {

inline void write_file(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  REQUIRE(out.good());
}

inline std::string zstd_compress(const std::string& bytes, int level = 3) {
  std::string compressed(ZSTD_compressBound(bytes.size()), '\0');
  const size_t size =
      ZSTD_compress(compressed.data(), compressed.size(), bytes.data(), bytes.size(), level);
  REQUIRE(ZSTD_isError(size) == 0);
  compressed.resize(size);
  return compressed;
}

template <typename T>
void append_little_endian(std::string& out, T value) {
  for (size_t i = 0; i < sizeof(T); ++i) {
    out += static_cast<char>(static_cast<uint64_t>(value) >> (8 * i) & 0xff);
  }
}

// One 24-byte oracleGeneral record, laid out as libCacheSim writes it.
inline std::string oracle_record(uint32_t clock, uint64_t id, uint32_t size, int64_t next_access) {
  std::string record;
  append_little_endian(record, clock);
  append_little_endian(record, id);
  append_little_endian(record, size);
  append_little_endian(record, next_access);
  return record;
}

// The TraceError message of reading `path`; fails the test when reading succeeds.
inline std::string read_error(const std::filesystem::path& path,
                              const traces::ReadOptions& options = {}) {
  try {
    (void)traces::read_trace(path, options);
  } catch (const traces::TraceError& error) {
    return error.what();
  }
  FAIL("reading " << path.string() << " did not throw");
  return {};
}

// The requests as (id the file gave, size, time) triples, for comparing traces across formats.
struct FileRequest {
  uint64_t id;
  uint32_t size;
  uint64_t time;
  bool operator==(const FileRequest&) const = default;
};

inline std::vector<FileRequest> file_requests(const traces::Trace& trace) {
  std::vector<FileRequest> out;
  out.reserve(trace.requests.size());
  for (const traces::Request& request : trace.requests) {
    out.push_back({trace.object_ids[request.id], request.size, trace.time_origin + request.time});
  }
  return out;
}

}  // namespace crucible::testing
