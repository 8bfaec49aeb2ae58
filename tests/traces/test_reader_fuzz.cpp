// Property tests of every reader: valid generated files, cut at many points and with random bytes
// overwritten (seeded, so every run tries the same files), must each read or fail with a
// TraceError naming the file and the record or line. A crash, hang or stray exception fails.

#include <doctest/doctest.h>

#include <cstdint>
#include <functional>
#include <random>
#include <regex>
#include <string>
#include <vector>

#include "support.hpp"
#include "trace_test_support.hpp"
#include "traces/trace.hpp"

namespace {

using crucible::testing::oracle_record;
using crucible::testing::TempDir;
using crucible::testing::write_file;
using crucible::testing::zstd_compress;
using crucible::traces::Format;
using crucible::traces::read_trace;
using crucible::traces::ReadOptions;
using crucible::traces::TraceError;

constexpr int kLines = 150;
constexpr int kCuts = 40;
constexpr int kCorruptions = 60;

using Random = std::mt19937_64;

uint64_t pick(Random& random, uint64_t low, uint64_t high) {
  return std::uniform_int_distribution<uint64_t>(low, high)(random);
}

std::string oracle_file(Random& random) {
  std::string bytes;
  for (int i = 0; i < kLines; ++i) {
    bytes += oracle_record(static_cast<uint32_t>(1000 + i), pick(random, 0, 50),
                           static_cast<uint32_t>(pick(random, 0, 1 << 20)), -1);
  }
  return bytes;
}

std::string lis_file(Random& random) {
  std::string text;
  for (int i = 0; i < kLines; ++i) {
    text += std::to_string(pick(random, 0, 100000)) + " " + std::to_string(pick(random, 1, 8)) +
            " 0 " + std::to_string(i) + "\n";
  }
  return text;
}

std::string csv_file(Random& random) {
  std::string text = "time,id,size\n";
  for (int i = 0; i < kLines; ++i) {
    const std::string id = pick(random, 0, 1) == 0 ? std::to_string(pick(random, 0, 40))
                                                   : "key" + std::to_string(pick(random, 0, 40));
    text += std::to_string(i) + "," + id + "," + std::to_string(pick(random, 1, 9999)) + "\n";
  }
  return text;
}

std::string text_file(Random& random) {
  std::string text;
  for (int i = 0; i < kLines; ++i) text += "obj" + std::to_string(pick(random, 0, 60)) + "\n";
  return text;
}

std::string twitter_file(Random& random) {
  static const std::vector<std::string> operations = {"get", "set", "delete", "gets", "incr"};
  std::string text;
  for (int i = 0; i < kLines; ++i) {
    text += std::to_string(i / 3) + ",ns:k" + std::to_string(pick(random, 0, 50)) + "," +
            std::to_string(pick(random, 5, 40)) + "," + std::to_string(pick(random, 0, 9000)) +
            ",1," + operations[pick(random, 0, operations.size() - 1)] + "," +
            std::to_string(pick(random, 0, 3) * 600) + "\n";
  }
  return text;
}

std::string msr_file(Random& random) {
  std::string text;
  uint64_t filetime = 128166372000000000ULL;
  for (int i = 0; i < kLines; ++i) {
    filetime += pick(random, 0, 30'000'000);
    text += std::to_string(filetime) + ",hm,1," + (pick(random, 0, 1) == 0 ? "Read" : "Write") +
            "," + std::to_string(pick(random, 0, 200) * 4096) + "," +
            std::to_string(pick(random, 1, 16) * 512) + "," +
            std::to_string(pick(random, 1, 9999)) + "\n";
  }
  return text;
}

struct Generator {
  std::string name;  // file name, so the format is detected or given below
  std::optional<Format> format;
  std::function<std::string(Random&)> make;
};

ReadOptions options_for(const Generator& generator) {
  ReadOptions options;
  options.format = generator.format;
  if (generator.format == Format::kCsv) {
    options.csv.time_column = 1;
    options.csv.id_column = 2;
    options.csv.size_column = 3;
    options.csv.has_header = true;
  }
  return options;
}

// Reads the file; a TraceError must name the file and a record or line, except for the two
// whole-file verdicts (nothing left, nothing at all).
void check_reads_or_names_position(const std::filesystem::path& path, const ReadOptions& options) {
  static const std::regex kPosition(": (record|line) [0-9]+[: ]");
  try {
    const auto trace = read_trace(path, options);
    CHECK(!trace.requests.empty());
  } catch (const TraceError& error) {
    const std::string message = error.what();
    CAPTURE(message);
    CHECK(message.starts_with("trace " + path.string() + ": "));
    const bool is_whole_file = message.ends_with(": contains no requests") ||
                               message.ends_with(": empty file, expected zstd data");
    CHECK((is_whole_file || std::regex_search(message, kPosition)));
  }
}

// The file cut at kCuts points and corrupted kCorruptions times, each tried plain or compressed.
void fuzz(const Generator& generator, bool is_compressed, uint64_t seed) {
  Random random(seed);
  const std::string valid = generator.make(random);
  const std::string stored = is_compressed ? zstd_compress(valid) : valid;
  TempDir dir;
  const auto path = dir.path() / (generator.name + (is_compressed ? ".zst" : ""));
  const ReadOptions options = options_for(generator);
  write_file(path, stored);
  REQUIRE(read_trace(path, options).requests.size() >= static_cast<size_t>(kLines));
  for (int cut = 0; cut < kCuts; ++cut) {
    write_file(path, stored.substr(0, pick(random, 0, stored.size() - 1)));
    check_reads_or_names_position(path, options);
  }
  for (int corruption = 0; corruption < kCorruptions; ++corruption) {
    std::string bytes = stored;
    const uint64_t changes = pick(random, 1, 4);
    for (uint64_t change = 0; change < changes; ++change) {
      bytes[pick(random, 0, bytes.size() - 1)] = static_cast<char>(pick(random, 0, 255));
    }
    write_file(path, bytes);
    check_reads_or_names_position(path, options);
  }
}

const std::vector<Generator>& generators() {
  static const std::vector<Generator> all = {
      {"g.oracleGeneral.bin", std::nullopt, oracle_file},
      {"g.lis", std::nullopt, lis_file},
      {"g.csv", Format::kCsv, csv_file},
      {"g.txt", std::nullopt, text_file},
      {"g.twitter", Format::kTwitter, twitter_file},
      {"g.msr", Format::kMsr, msr_file},
  };
  return all;
}

}  // namespace

TEST_SUITE("traces") {
  TEST_CASE("every reader, plain and zstd, reads or names the record or line of cut files") {
    uint64_t seed = 1;
    for (const Generator& generator : generators()) {
      for (bool is_compressed : {false, true}) {
        CAPTURE(generator.name);
        CAPTURE(is_compressed);
        fuzz(generator, is_compressed, seed++);
      }
    }
  }

  TEST_CASE("a cut oracleGeneral file fails at exactly the incomplete record") {
    Random random(99);
    const std::string valid = oracle_file(random);
    TempDir dir;
    const auto path = dir.path() / "cut.oracleGeneral.bin";
    for (size_t cut = 1; cut < valid.size(); cut += 7) {
      write_file(path, valid.substr(0, cut));
      if (cut % 24 == 0) {
        CHECK(read_trace(path).requests.size() == cut / 24);
        continue;
      }
      const std::string expected = "record " + std::to_string(cut / 24 + 1) + " is incomplete";
      CHECK_THROWS_WITH_AS((void)read_trace(path), doctest::Contains(expected.c_str()), TraceError);
    }
  }
}
