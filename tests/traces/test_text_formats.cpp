// The text readers (csv, txt, twitter, msr): what each takes from a line, and the exact error for
// each kind of malformed field.

#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "support.hpp"
#include "trace_test_support.hpp"
#include "traces/request_reader.hpp"
#include "traces/trace.hpp"

namespace {

using crucible::testing::file_requests;
using crucible::testing::FileRequest;
using crucible::testing::read_error;
using crucible::testing::TempDir;
using crucible::testing::write_file;
using crucible::testing::zstd_compress;
using crucible::traces::CsvSpec;
using crucible::traces::Format;
using crucible::traces::hash_id;
using crucible::traces::read_trace;
using crucible::traces::ReadOptions;
using crucible::traces::Trace;

ReadOptions csv_options(uint32_t time, uint32_t id, uint32_t size, bool header = false,
                        char delimiter = ',') {
  ReadOptions options;
  options.format = Format::kCsv;
  options.csv = CsvSpec{time, id, size, header, delimiter};
  return options;
}

ReadOptions format_options(Format format) {
  ReadOptions options;
  options.format = format;
  return options;
}

// "trace <path>: line <n>: <rest>", the form every line error takes.
std::string line_error(const std::filesystem::path& path, int line, const std::string& rest) {
  return "trace " + path.string() + ": line " + std::to_string(line) + ": " + rest;
}

}  // namespace

TEST_SUITE("traces") {
  TEST_CASE("FNV-1a ids match the published test vectors") {
    // From the FNV reference (Fowler, Noll, Vo): the empty string is the offset basis.
    CHECK(hash_id("") == 0xcbf29ce484222325ULL);
    CHECK(hash_id("a") == 0xaf63dc4c8601ec8cULL);
    CHECK(hash_id("foobar") == 0x85944171f73967e8ULL);
  }

  TEST_CASE("csv columns give time, id and size; the header and blank lines are skipped") {
    TempDir dir;
    const auto path = dir.path() / "small.csv";
    // cloudPhysicsIO.csv's layout: version,time,op,size,lbn.
    write_file(path,
               "version,time,op,size,lbn\n1,100,2a,512,42\n\n1,101.75,2a, 4096 ,7\r\n"
               "1,103,2a,0,42");
    const Trace trace = read_trace(path, csv_options(2, 5, 4, true));
    CHECK(trace.name == "small");
    CHECK(trace.format == Format::kCsv);
    CHECK(file_requests(trace) ==
          std::vector<FileRequest>{{42, 512, 100}, {7, 4096, 101}, {42, 0, 103}});
    CHECK(trace.requests[1].time == 1);  // relative to the first request
  }

  TEST_CASE("csv ids that are not decimal numbers are hashed with FNV-1a") {
    TempDir dir;
    const auto path = dir.path() / "keys.csv";
    write_file(path, "user:1\n00017\n-5\n18446744073709551616\nuser:1\n");
    const Trace trace = read_trace(path, csv_options(0, 1, 0));
    CHECK(file_requests(trace) == std::vector<FileRequest>{{hash_id("user:1"), 1, 0},
                                                           {17, 1, 0},
                                                           {hash_id("-5"), 1, 0},
                                                           {hash_id("18446744073709551616"), 1, 0},
                                                           {hash_id("user:1"), 1, 0}});
    CHECK(trace.objects() == 4);
    CHECK(trace.requests[0].next == 4);
  }

  TEST_CASE("csv with another delimiter splits on it alone") {
    TempDir dir;
    const auto path = dir.path() / "tabs.csv";
    write_file(path, "5\tobject a\t10\n6\tobject b\t20\n");
    const Trace trace = read_trace(path, csv_options(1, 2, 3, false, '\t'));
    CHECK(file_requests(trace) ==
          std::vector<FileRequest>{{hash_id("object a"), 10, 5}, {hash_id("object b"), 20, 6}});
  }

  TEST_CASE("malformed csv fields are reported with the line, column and value") {
    struct Case {
      std::string line;
      std::string error;
    };
    const std::vector<Case> cases = {
        {"1,7,abc", "size (column 3): expected a non-negative integer below 2^32, got \"abc\""},
        {"1,7,-5", "size (column 3): expected a non-negative integer below 2^32, got \"-5\""},
        {"1,7,4294967296",
         "size (column 3): expected a non-negative integer below 2^32, got \"4294967296\""},
        {"-1,7,5", "time (column 1): expected a non-negative number of seconds, got \"-1\""},
        {"1.5.2,7,5", "time (column 1): expected a non-negative number of seconds, got \"1.5.2\""},
        {"1,7", "the size column 3 is beyond the line's 2 fields, got \"1,7\""},
        {"1", "the id column 2 is beyond the line's 1 fields, got \"1\""},
        {"1, ,5", "the id (column 2) is empty, got \"1, ,5\""},
    };
    for (const Case& bad : cases) {
      CAPTURE(bad.line);
      TempDir dir;
      const auto path = dir.path() / "bad.csv";
      write_file(path, "time,id,size\n0,1,2\n" + bad.line + "\n");
      CHECK(read_error(path, csv_options(1, 2, 3, true)) == line_error(path, 3, bad.error));
    }
  }

  TEST_CASE("a csv spec without a usable id column is refused naming the file") {
    TempDir dir;
    const auto path = dir.path() / "any.csv";
    write_file(path, "1,2\n");
    CHECK(read_error(path, csv_options(1, 0, 2)) ==
          "trace " + path.string() + ": csv spec: needs an id column (numbered from 1)");
    CHECK(read_error(path, csv_options(1, 1, 2)) ==
          "trace " + path.string() + ": csv spec: the id, time and size columns must differ");
  }

  TEST_CASE("txt files hold one id per line, numbers as they are and other text hashed") {
    TempDir dir;
    const auto path = dir.path() / "ids.txt";
    write_file(path, "12\n  abc \n\n12\r\n");
    const Trace trace = read_trace(path);
    CHECK(trace.format == Format::kText);
    CHECK(trace.name == "ids");
    CHECK(file_requests(trace) ==
          std::vector<FileRequest>{{12, 1, 0}, {hash_id("abc"), 1, 0}, {12, 1, 0}});
    write_file(path, "12\n3 4\n");
    CHECK(read_error(path) == line_error(path, 2, "expected one id per line, got \"3 4\""));
  }

  TEST_CASE("twitter lines give key size + value size, the key hashed, every operation kept") {
    TempDir dir;
    const auto path = dir.path() / "cluster52.sample";
    write_file(path,
               "0,nz:u:eeW511W3dcH3de3d15ec,20,500,1,get,0\n"
               "1,nz:u:eeW511W3dcH3de3d15ec,20,600,1,set,3600\n"
               "3,key,with,comma,3,0,7,delete,0\n");
    const Trace trace = read_trace(path, format_options(Format::kTwitter));
    CHECK(file_requests(trace) ==
          std::vector<FileRequest>{{hash_id("nz:u:eeW511W3dcH3de3d15ec"), 520, 0},
                                   {hash_id("nz:u:eeW511W3dcH3de3d15ec"), 620, 1},
                                   {hash_id("key,with,comma"), 3, 3}});
  }

  TEST_CASE("malformed twitter fields are reported with the line and value") {
    struct Case {
      std::string line;
      std::string error;
    };
    const std::string shape =
        "expected 7 comma-separated fields (timestamp,key,key size,value size,client id,"
        "operation,TTL), got ";
    const std::vector<Case> cases = {
        {"5,k,1,2,get,0", shape + "\"5,k,1,2,get,0\""},
        {"x,k,1,2,3,get,0", "timestamp: expected a non-negative integer, got \"x\""},
        {"5,k,-1,2,3,get,0", "key size: expected a non-negative integer, got \"-1\""},
        {"5,k,1,big,3,get,0", "value size: expected a non-negative integer, got \"big\""},
        {"5,k,1,2,3,fetch,0",
         "operation: expected one of get, gets, set, add, replace, cas, append, prepend, delete, "
         "incr, decr, got \"fetch\""},
        {"5,k,1,2,3,get,-1", "TTL: expected a non-negative integer, got \"-1\""},
        {"5,,1,2,3,get,0", "the key is empty, got \"5,,1,2,3,get,0\""},
        {"5,k,4294967295,1,3,get,0",
         "key size + value size must be below 2^32, got \"5,k,4294967295,1,3,get,0\""},
    };
    for (const Case& bad : cases) {
      CAPTURE(bad.line);
      TempDir dir;
      const auto path = dir.path() / "bad.twitter";
      write_file(path, "0,a,1,1,1,get,0\n" + bad.line + "\n");
      CHECK(read_error(path, format_options(Format::kTwitter)) == line_error(path, 2, bad.error));
    }
  }

  TEST_CASE("msr lines give the offset as id, the size, and filetime in seconds") {
    TempDir dir;
    const auto path = dir.path() / "hm_0.csv";
    // Filetime counts 100 ns ticks: 10,000,000 per second.
    write_file(path,
               "Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime\n"
               "128166372000000000,hm,0,Read,383488,4096,1000\n"
               "128166372015000000,hm,0,Write,8192,512,2000\n"
               "128166372030000000,hm,0,read,383488,4096,1500\n");
    const Trace trace = read_trace(path, format_options(Format::kMsr));
    CHECK(file_requests(trace) == std::vector<FileRequest>{{383488, 4096, 12816637200},
                                                           {8192, 512, 12816637201},
                                                           {383488, 4096, 12816637203}});
    CHECK(trace.requests[2].time == 3);
  }

  TEST_CASE("malformed msr fields are reported with the line and value") {
    struct Case {
      std::string line;
      std::string error;
    };
    const std::vector<Case> cases = {
        {"1,hm,0,Read,8,512",
         "expected 7 comma-separated fields "
         "(Timestamp,Hostname,DiskNumber,Type,Offset,Size,ResponseTime), got "
         "\"1,hm,0,Read,8,512\""},
        {"t,hm,0,Read,8,512,1", "Timestamp: expected a non-negative integer, got \"t\""},
        {"1,,0,Read,8,512,1", "Hostname is empty, got \"\""},
        {"1,hm,x,Read,8,512,1", "DiskNumber: expected a non-negative integer, got \"x\""},
        {"1,hm,0,Trim,8,512,1", "Type: expected Read or Write, got \"Trim\""},
        {"1,hm,0,Read,-8,512,1", "Offset: expected a non-negative integer, got \"-8\""},
        {"1,hm,0,Read,8,5x,1", "Size: expected a non-negative integer below 2^32, got \"5x\""},
        {"1,hm,0,Read,8,512,", "ResponseTime: expected a non-negative integer, got \"\""},
    };
    for (const Case& bad : cases) {
      CAPTURE(bad.line);
      TempDir dir;
      const auto path = dir.path() / "bad.msr";
      write_file(path, "1,hm,0,Read,0,512,1\n" + bad.line + "\n");
      CHECK(read_error(path, format_options(Format::kMsr)) == line_error(path, 2, bad.error));
    }
  }

  TEST_CASE("every text reader reads a .zst file as its plain twin") {
    struct Case {
      std::string name;
      ReadOptions options;
      std::string text;
    };
    const std::vector<Case> cases = {
        {"a.csv", csv_options(1, 2, 3), "1,5,100\n2,6,200\n3,5,100\n"},
        {"a.txt", format_options(Format::kText), "5\n6\nfive\n"},
        {"a.lis", format_options(Format::kArcLis), "5 2 0 0\n9 1 0 1\n"},
        {"a.twr", format_options(Format::kTwitter), "1,k,1,2,3,get,0\n2,j,1,2,3,set,9\n"},
        {"a.msr", format_options(Format::kMsr), "10000000,h,0,Read,0,512,1\n"},
    };
    for (const Case& c : cases) {
      CAPTURE(c.name);
      TempDir dir;
      write_file(dir.path() / c.name, c.text);
      write_file(dir.path() / (c.name + ".zst"), zstd_compress(c.text));
      CHECK(file_requests(read_trace(dir.path() / c.name, c.options)) ==
            file_requests(read_trace(dir.path() / (c.name + ".zst"), c.options)));
    }
  }

  TEST_CASE("a line longer than 1 MiB is refused rather than buffered without bound") {
    TempDir dir;
    const auto path = dir.path() / "long.txt.zst";
    write_file(path, zstd_compress(std::string(3 << 20, 'x')));
    const std::string message = read_error(path);
    CHECK(message.find("trace " + path.string() + ": line 1: longer than 1048576 bytes") == 0);
  }
}

TEST_SUITE("traces") {
  // libCacheSim ships cloudPhysicsIO both as CSV (version,time,op,size,lbn) and as oracleGeneral;
  // read through the column spec, the CSV names the same objects at the same times. For 13,671
  // requests its sizes differ from the binary's, which libCacheSim's converter wrote on its own.
  TEST_CASE("cloudPhysicsIO.csv read with its column spec matches the oracleGeneral twin") {
    const auto csv_path = crucible::testing::require_data("cache/cloudPhysicsIO.csv");
    const auto bin_path = crucible::testing::require_data("cache/cloudPhysicsIO.oracleGeneral.bin");
    if (!csv_path || !bin_path) return;
    const auto csv = file_requests(read_trace(*csv_path, csv_options(2, 5, 4, true)));
    const auto bin = file_requests(read_trace(*bin_path));
    REQUIRE(csv.size() == bin.size());
    size_t id_or_time_mismatches = 0;
    size_t size_mismatches = 0;
    for (size_t i = 0; i < csv.size(); ++i) {
      if (csv[i].id != bin[i].id || csv[i].time != bin[i].time) ++id_or_time_mismatches;
      if (csv[i].size != bin[i].size) ++size_mismatches;
    }
    CHECK(id_or_time_mismatches == 0);
    CHECK(size_mismatches == 13'671);
  }

  TEST_CASE("the reader interface numbers each request's line or record") {
    TempDir dir;
    const auto path = dir.path() / "runs.lis";
    write_file(path, "5 2 0 0\n\n9 1 0 1\n");
    const auto reader = crucible::traces::open_reader(path);
    crucible::traces::RawRequest request;
    std::vector<uint64_t> lines;
    while (reader->next(request)) lines.push_back(reader->position().number);
    CHECK(lines == std::vector<uint64_t>{1, 1, 3});
    CHECK(reader->position().unit == "line");
  }
}
