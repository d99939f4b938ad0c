// The config file and the environment (config/settings.cpp): load_settings reads the file from
// disk line by line, then the SHOP_* variables, then validates. Whatever it accepts must validate;
// whatever it refuses is one line of text.
//
// Input: the file's text, then optionally a NUL byte and environment entries, one NAME=value per
// line (a value the real environment cannot hold, e.g. with a newline, cannot be given).
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>

#include "config/settings.hpp"

namespace {

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "fuzz finding: %s\n", what.c_str());
  std::abort();
}

// A file of this process's own, rewritten for every input: in memory (/dev/shm) where there is
// one, since rewriting a file on ext4 flushes it to disk each time.
const std::string& config_path() {
  static const std::string path = [] {
    std::string name = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    name += "/shop-config-fuzz-XXXXXX";
    const int fd = mkstemp(name.data());
    if (fd < 0) finding("cannot create a temporary config file");
    close(fd);
    return name;
  }();
  static const bool removed_at_exit = std::atexit([] { unlink(config_path().c_str()); }) == 0;
  (void)removed_at_exit;
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input{reinterpret_cast<const char*>(data), size};
  const auto nul = input.find('\0');
  const auto file = input.substr(0, nul);
  std::map<std::string, std::string> env;
  if (nul != std::string_view::npos) {
    auto rest = input.substr(nul + 1);
    while (!rest.empty()) {
      const auto nl = rest.find('\n');
      const auto line = rest.substr(0, nl);
      rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
      const auto eq = line.find('=');
      if (eq != std::string_view::npos)
        env.emplace(std::string{line.substr(0, eq)}, std::string{line.substr(eq + 1)});
    }
  }

  FILE* f = std::fopen(config_path().c_str(), "wb");
  if (!f) finding("cannot write the temporary config file");
  std::fwrite(file.data(), 1, file.size(), f);
  std::fclose(f);

  const shop::config::env_lookup lookup =
      [&env](const std::string& name) -> std::optional<std::string> {
    auto it = env.find(name);
    if (it == env.end()) return std::nullopt;
    return it->second;
  };
  auto loaded = shop::config::load_settings(config_path(), lookup);
  if (auto* s = std::get_if<shop::config::settings>(&loaded)) {
    if (auto err = shop::config::validate(*s))
      finding("accepted settings that do not validate: " + *err);
  } else if (std::get<std::string>(loaded).empty()) {
    finding("refused without saying why");
  }
  return 0;
}
