// Writing and reading a domain's decision records (domain.hpp): little-endian 32-bit words, read
// back by a reader that never trusts the bytes it is given.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "evaluators/domain.hpp"

namespace crucible::evaluators {

inline void append_word(std::string& record, uint32_t word) {
  char bytes[4];
  for (int i = 0; i < 4; ++i) bytes[i] = static_cast<char>((word >> (8 * i)) & 0xff);
  record.append(bytes, 4);
}

// Reads words off an untrusted record; running past its end, or a length that is no whole
// number of words, is an InvalidDecision naming `what` (for example "instance OLTP@1000").
class RecordReader {
 public:
  RecordReader(std::string_view record, std::string what) : record_(record), what_(std::move(what)) {
    if (record_.size() % 4 != 0) {
      throw InvalidDecision("the decision record of " + what_ + " is " +
                            std::to_string(record_.size()) + " bytes, not whole 32-bit words");
    }
  }
  bool at_end() const { return at_ == record_.size(); }
  size_t offset() const { return at_; }  // bytes read so far
  size_t words_read() const { return at_ / 4; }
  // The next word; `expecting` and `at` name what was due there, for the error ("a victim for
  // request", 1234), and cost nothing unless the record has ended.
  uint32_t next(const char* expecting, uint64_t at) {
    if (at_end()) [[unlikely]] {
      throw InvalidDecision("the decision record of " + what_ + " ends after " +
                            std::to_string(words_read()) + " words, where " + expecting + " " +
                            std::to_string(at) + " was due");
    }
    uint32_t word = 0;
    for (int i = 0; i < 4; ++i) {
      word |= uint32_t{static_cast<unsigned char>(record_[at_ + i])} << (8 * i);
    }
    at_ += 4;
    return word;
  }
  // Everything must have been read: a record that runs on names decisions nothing asked for.
  void expect_end() const {
    if (!at_end()) {
      throw InvalidDecision("the decision record of " + what_ + " has " +
                            std::to_string((record_.size() - at_) / 4) +
                            " words past the last decision the replay asked for");
    }
  }
  const std::string& what() const { return what_; }

 private:
  std::string_view record_;
  std::string what_;
  size_t at_ = 0;
};

// A change point for the causality check (Workload::make_altered) of an input of `length` steps,
// the input at `index` of the workload: in [length / 8, length - length / 16), at a place a
// well-mixed hash of (seed, index) picks, so nobody without the seed can know it. (Not earlier,
// where a cache is still filling and few decisions are made; not in the last sixteenth, whose
// future is too short to change much.)
uint64_t change_point(uint64_t length, uint64_t seed, uint64_t index);

// A workload's replay: `replay_one(i)` for every instance (in parallel), after checking there is
// one record per instance; the first instance's InvalidDecision, in instance order, is rethrown.
std::vector<InstanceMetrics> replay_each(std::span<const std::string> records, size_t instances,
                                         const std::function<InstanceMetrics(size_t)>& replay_one);

// A workload's first_difference_before_change: for every instance, `bytes_before(i, record)` is
// how much of `record` the replay of the inputs before instance i's change point consumes; the
// first instance whose two records differ there is named (keys[i]), in words called `unit`.
std::optional<std::string> first_difference_each(
    std::span<const std::string> original, std::span<const std::string> altered,
    std::span<const InstanceInfo> keys,
    const std::function<size_t(size_t, const std::string&)>& bytes_before, std::string_view unit);

// The first decision where two records differ within their leading `original_bytes` and
// `altered_bytes` (the decisions made before a change point), as a sentence for
// first_difference_before_change; nullopt when they agree. `unit` names a word ("victim").
std::optional<std::string> compare_record_prefixes(std::string_view original, size_t original_bytes,
                                                   std::string_view altered, size_t altered_bytes,
                                                   std::string_view instance,
                                                   std::string_view unit);

}  // namespace crucible::evaluators
