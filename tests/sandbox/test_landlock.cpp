// The file confinement of the verifier and the link (Landlock): what a confined process may
// read, write and connect to. Skips, naming the reason, where the kernel has no Landlock.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <functional>
#include <optional>
#include <string>

#include "sandbox/landlock.hpp"
#include "sandbox/pipeline.hpp"
#include "sandbox/process.hpp"
#include "sandbox/temp_dir.hpp"
#include "sandbox/verifier.hpp"

namespace {

using crucible::sandbox::FileConfinement;

int in_child(const std::function<int()>& body) {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(body());
  int status = 0;
  ::waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 100 + WTERMSIG(status);
}

bool can_open(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0600);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

}  // namespace

TEST_SUITE("sandbox") {
  TEST_CASE("a confined process reads the toolchain, writes its own directory, and nothing else") {
    if (crucible::sandbox::landlock_abi() == 0) {
      MESSAGE("skipped: this kernel has no Landlock; the verifier and the link run unconfined");
      return;
    }
    crucible::sandbox::TempDir own("landlock-own");
    crucible::sandbox::TempDir other("landlock-other");
    const std::string own_file = (own.path() / "candidate.o").string();
    const std::string other_file = (other.path() / "stolen").string();
    FileConfinement confinement(crucible::sandbox::toolchain_paths(), {own.path()});
    REQUIRE(confinement.is_available());
    const int abi = crucible::sandbox::landlock_abi();
    const int code = in_child([&] {
      if (!confinement.apply()) return 10;
      if (!can_open("/usr/include/stdint.h", O_RDONLY)) return 11;      // the toolchain
      if (!can_open(own_file, O_WRONLY | O_CREAT)) return 12;           // its own directory
      if (can_open("/etc/passwd", O_RDONLY)) return 13;                 // host files
      if (errno != EACCES) return 14;
      if (can_open(other_file, O_WRONLY | O_CREAT)) return 15;          // another candidate's
      if (can_open("/proc/self/environ", O_RDONLY)) return 16;
      if (can_open("/usr/include/stdint.h", O_WRONLY)) return 17;       // read-only toolchain
      if (abi >= 4) {  // and no TCP
        const int s = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(9);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (::connect(s, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 ||
            errno != EACCES) {
          return 18;
        }
      }
      return 0;
    });
    CHECK(code == 0);
  }

  TEST_CASE("a program spawned under the link's confinement cannot read host files") {
    if (crucible::sandbox::landlock_abi() == 0) {
      MESSAGE("skipped: this kernel has no Landlock");
      return;
    }
    crucible::sandbox::TempDir own("landlock-spawn");
    FileConfinement confinement(crucible::sandbox::toolchain_paths(), {own.path()});
    auto output = crucible::sandbox::make_pipe();
    auto child = crucible::sandbox::ChildProcess::spawn({"/bin/cat", "/etc/passwd"},
                                                       output.write_end.get(), 0, 0, &confinement);
    output.write_end.reset();
    std::optional<int> exited;
    while (!(exited = child.try_wait())) ::usleep(1000);
    const int status = *exited;
    std::string text;  // the pipe does not block: read what the exited child left in it
    char buffer[4096];
    for (ssize_t got; (got = ::read(output.read_end.get(), buffer, sizeof buffer)) > 0;) {
      text.append(buffer, static_cast<size_t>(got));
    }
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) != 0);
    CHECK(text.find("root:") == std::string::npos);
    CAPTURE(text);
    CAPTURE(status);
    CHECK(text.find("Permission denied") != std::string::npos);
  }

  TEST_CASE("the verifier child reads the prelude and writes only its candidate's directory") {
    if (crucible::sandbox::landlock_abi() == 0) {
      MESSAGE("skipped: this kernel has no Landlock");
      return;
    }
    crucible::sandbox::TempDir own("landlock-verify");
    crucible::sandbox::TempDir prelude("landlock-prelude");
    std::ofstream(prelude.path() / "prelude.pch") << "pch";
    crucible::sandbox::VerifyRequest request;
    request.pch = (prelude.path() / "prelude.pch").string();
    request.object = (own.path() / "candidate.o").string();
    const int code = in_child([&] {
      if (!crucible::sandbox::confine_verifier(request)) return 10;
      if (!can_open(request.pch, O_RDONLY)) return 11;
      if (can_open(request.pch, O_WRONLY)) return 12;
      if (!can_open(request.object, O_WRONLY | O_CREAT)) return 13;
      if (can_open("/etc/passwd", O_RDONLY)) return 14;
      if (can_open("/etc/hostname", O_RDONLY)) return 15;
      return 0;
    });
    CHECK(code == 0);
  }
}
