// libCacheSim's oracleGeneral binary format, read record by record from the mapped or
// decompressed bytes.

#include <algorithm>
#include <cstdint>
#include <string>

#include "format_readers.hpp"

namespace crucible::traces::detail {
namespace {

// Record layout, packed little-endian:
//   uint32 clock_time @0; uint64 obj_id @4; uint32 obj_size @12; int64 next_access_vtime @16.
// next_access_vtime is not read: TraceBuilder recomputes next-request indexes from the ids.
constexpr size_t kRecordBytes = 24;
constexpr size_t kObjIdOffset = 4;
constexpr size_t kObjSizeOffset = 12;

class OracleGeneralReader final : public RequestReader {
 public:
  explicit OracleGeneralReader(const std::filesystem::path& path) : stream_(path) {
    position_.unit = "record";
    stream_.set_position(&position_);
  }

  bool next(RawRequest& request) override {
    ++position_.number;
    const std::string_view bytes = stream_.fill(kRecordBytes);
    if (bytes.size() < kRecordBytes) {
      if (bytes.empty()) {
        --position_.number;
        return false;
      }
      fail_incomplete(bytes.size());
    }
    request.time = load_little_endian<uint32_t>(bytes.data());
    request.id = load_little_endian<uint64_t>(bytes.data() + kObjIdOffset);
    request.size = load_little_endian<uint32_t>(bytes.data() + kObjSizeOffset);
    stream_.consume(kRecordBytes);
    return true;
  }

  size_t read_some(std::span<RawRequest> requests) override {
    size_t filled = 0;
    while (filled < requests.size()) {
      ++position_.number;  // the record being fetched, named by decompression errors
      const std::string_view bytes = stream_.fill(kRecordBytes);
      if (bytes.size() < kRecordBytes && !bytes.empty()) fail_incomplete(bytes.size());
      --position_.number;
      if (bytes.empty()) break;
      const size_t records = std::min(bytes.size() / kRecordBytes, requests.size() - filled);
      for (size_t i = 0; i < records; ++i) {
        const char* record = bytes.data() + i * kRecordBytes;
        RawRequest& request = requests[filled + i];
        request.time = load_little_endian<uint32_t>(record);
        request.id = load_little_endian<uint64_t>(record + kObjIdOffset);
        request.size = load_little_endian<uint32_t>(record + kObjSizeOffset);
      }
      stream_.consume(records * kRecordBytes);
      position_.number += records;
      filled += records;
    }
    return filled;
  }

  [[nodiscard]] uint64_t expected_requests() const override { return stream_.size_hint() / kRecordBytes; }

 private:
  [[noreturn]] void fail_incomplete(size_t tail) const {
    const uint64_t total = stream_.consumed() + tail;
    throw TraceError(
        trace_message(stream_.path(), "record " + std::to_string(position_.number) +
                                          " is incomplete (" + std::to_string(tail) + " of " +
                                          std::to_string(kRecordBytes) + " bytes): the size " +
                                          std::to_string(total) + " is not a multiple of 24"));
  }

  ByteStream stream_;
};

}  // namespace

std::unique_ptr<RequestReader> make_oracle_general_reader(const std::filesystem::path& path) {
  return std::make_unique<OracleGeneralReader>(path);
}

}  // namespace crucible::traces::detail
