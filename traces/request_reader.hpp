// The streaming reader interface: one raw request at a time, with the record or line it came from.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string_view>

#include "trace.hpp"

namespace crucible::traces {

// Where a reader stands: the 1-based record (binary formats) or line (text formats) being read.
struct Position {
  std::string_view unit = "line";
  uint64_t number = 0;
};

class RequestReader {
 public:
  virtual ~RequestReader() = default;
  // Fills `request` with the next request and returns true, or returns false at the end of the
  // file. Throws TraceError naming the file and the record or line for malformed input.
  virtual bool next(RawRequest& request) = 0;
  // Fills the front of `requests` and returns how many it filled, 0 only at the end; position()
  // is then that of the last one. The same requests and errors as next(), one call per batch.
  virtual size_t read_some(std::span<RawRequest> requests);
  // Requests the file probably holds, for reserving memory; 0 when the reader cannot tell.
  virtual uint64_t expected_requests() const { return 0; }
  // The record or line the latest request came from.
  const Position& position() const { return position_; }

 protected:
  Position position_;
};

// A reader for the file in the given (or detected) format; .zst files are decompressed as they
// are read and plain files are memory-mapped. Throws TraceError naming the file when it is
// missing or its format cannot be told from the name.
std::unique_ptr<RequestReader> open_reader(const std::filesystem::path& path,
                                           const ReadOptions& options = {});

}  // namespace crucible::traces
