#include "decision_records.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>

namespace crucible::evaluators {
namespace {

void append_u64(std::string& out, uint64_t value) {
  for (int i = 0; i < 8; ++i) out.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
}

std::optional<uint64_t> read_u64(std::string_view text, size_t& at) {
  if (text.size() - at < 8) return std::nullopt;
  uint64_t value = 0;
  for (int i = 0; i < 8; ++i) {
    value |= uint64_t{static_cast<unsigned char>(text[at + i])} << (8 * i);
  }
  at += 8;
  return value;
}

}  // namespace

std::string encode_decision_records(std::span<const std::string> records) {
  size_t total = 8;
  for (const auto& record : records) total += 8 + record.size();
  std::string out;
  out.reserve(total);
  append_u64(out, records.size());
  for (const auto& record : records) {
    append_u64(out, record.size());
    out += record;
  }
  return out;
}

std::optional<DecisionRecords> decode_decision_records(std::string_view payload, size_t count,
                                                       std::string& why) {
  size_t at = 0;
  auto declared = read_u64(payload, at);
  if (!declared || *declared != count) {
    why = "result is not a frame of " + std::to_string(count) + " decision records";
    return std::nullopt;
  }
  DecisionRecords records;
  records.reserve(count);
  for (size_t i = 0; i < count; ++i) {
    auto length = read_u64(payload, at);
    if (!length || *length > payload.size() - at) {
      why = "decision record " + std::to_string(i) + " is cut short";
      return std::nullopt;
    }
    records.emplace_back(payload.substr(at, *length));
    at += *length;
  }
  if (at != payload.size()) {
    why = "result has " + std::to_string(payload.size() - at) + " bytes after its last record";
    return std::nullopt;
  }
  return records;
}

uint64_t change_point(uint64_t length, uint64_t seed, uint64_t index) {
  uint64_t z = seed + 0x9e3779b97f4a7c15ULL * (index + 1);  // SplitMix64's finalizer
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  const uint64_t low = length / 8;
  const uint64_t span = length - length / 16 - low;
  return low + (span == 0 ? 0 : z % span);
}

std::vector<InstanceMetrics> replay_each(std::span<const std::string> records, size_t instances,
                                         const std::function<InstanceMetrics(size_t)>& replay_one) {
  if (records.size() != instances) {
    throw InvalidDecision(std::to_string(records.size()) + " decision records for " +
                          std::to_string(instances) + " instances");
  }
  std::vector<InstanceMetrics> metrics(instances);
  std::vector<std::string> errors(instances);
  tbb::parallel_for(size_t{0}, instances, [&](size_t i) {
    try {
      metrics[i] = replay_one(i);
    } catch (const InvalidDecision& error) {
      errors[i] = error.what();
    }
  });
  for (const auto& error : errors) {
    if (!error.empty()) throw InvalidDecision(error);
  }
  return metrics;
}

std::optional<std::string> first_difference_each(
    std::span<const std::string> original, std::span<const std::string> altered,
    std::span<const InstanceInfo> keys,
    const std::function<size_t(size_t, const std::string&)>& bytes_before, std::string_view unit) {
  if (original.size() != keys.size() || altered.size() != keys.size()) {
    throw InvalidDecision("decision records do not match the " + std::to_string(keys.size()) +
                          " instances");
  }
  for (size_t i = 0; i < keys.size(); ++i) {
    if (auto difference = compare_record_prefixes(original[i], bytes_before(i, original[i]),
                                                  altered[i], bytes_before(i, altered[i]),
                                                  keys[i].key, unit)) {
      return difference;
    }
  }
  return std::nullopt;
}

std::optional<std::string> compare_record_prefixes(std::string_view original, size_t original_bytes,
                                                   std::string_view altered, size_t altered_bytes,
                                                   std::string_view instance,
                                                   std::string_view unit) {
  const size_t common = std::min(original_bytes, altered_bytes);
  size_t at = 0;
  while (at < common && original[at] == altered[at]) ++at;
  if (at == common && original_bytes == altered_bytes) return std::nullopt;
  const size_t word = at / 4;
  if (at == common) {
    return "on instance " + std::string(instance) + " it made " +
           std::to_string(original_bytes / 4) + " " + std::string(unit) +
           " words before the change point on the true inputs and " +
           std::to_string(altered_bytes / 4) + " on the altered ones";
  }
  return "on instance " + std::string(instance) + ", " + std::string(unit) + " word " +
         std::to_string(word) + " (before the change point) differs between the true and the " +
         "altered inputs";
}

}  // namespace crucible::evaluators
