#include "pdf_print.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>
#include <vector>

namespace dutyscore::cli {
namespace {

namespace fs = std::filesystem;

bool executable(const fs::path& p) { return ::access(p.c_str(), X_OK) == 0 && fs::is_regular_file(p); }

// Runs `args` (args[0] looked up on the PATH) with its output discarded;
// its exit status, or -1 when it could not start or was stopped after
// `limit`.
int run_quietly(const std::vector<std::string>& args, std::chrono::seconds limit) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    // The browser's chatter is of no use to the person running the report.
    const int null = ::open("/dev/null", O_WRONLY);
    if (null >= 0) {
      ::dup2(null, 1);
      ::dup2(null, 2);
    }
    ::setpgid(0, 0);  // its own group: a stop ends its helper processes too
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    int status = 0;
    const pid_t done = ::waitpid(pid, &status, WNOHANG);
    if (done == pid) return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    if (done < 0) return -1;
    if (std::chrono::steady_clock::now() > deadline) {
      ::kill(-pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace

std::optional<std::string> find_chromium() {
  if (const char* chosen = std::getenv("DUTYSCORE_CHROMIUM"); chosen != nullptr && *chosen)
    return executable(chosen) ? std::optional<std::string>(chosen) : std::nullopt;
  const char* path = std::getenv("PATH");
  const std::string dirs = path ? path : "/usr/bin:/bin";
  for (const char* name : {"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"}) {
    std::size_t begin = 0;
    while (begin <= dirs.size()) {
      const std::size_t end = std::min(dirs.find(':', begin), dirs.size());
      const fs::path candidate = fs::path(dirs.substr(begin, end - begin)) / name;
      if (end > begin && executable(candidate)) return candidate.string();
      begin = end + 1;
    }
  }
  return std::nullopt;
}

std::string chromium_install_hint() {
  return "--pdf prints through headless Chromium, which is not installed. Install it "
         "(Debian: sudo apt-get install chromium fonts-noto-cjk; Ubuntu: sudo apt-get "
         "install chromium-browser fonts-noto-cjk), or set DUTYSCORE_CHROMIUM to a Chrome or "
         "Chromium program; or leave out --pdf and print the HTML from any browser (A4).";
}

bool print_to_pdf(const std::string& browser, const std::string& html, const std::string& pdf_path,
                  std::string& error) {
  std::error_code ec;
  fs::path dir = fs::temp_directory_path(ec) / ("dutyscore-pdf-" + std::to_string(::getpid()));
  fs::remove_all(dir, ec);
  if (!fs::create_directories(dir / "profile", ec)) {
    error = "cannot create a folder for the browser in " + dir.parent_path().string();
    return false;
  }
  const fs::path page = dir / "report.html";
  {
    std::ofstream out(page, std::ios::binary);
    out << html;
    if (!out) {
      error = "cannot write " + page.string();
      fs::remove_all(dir, ec);
      return false;
    }
  }
  const fs::path target = fs::absolute(pdf_path, ec);
  fs::remove(target, ec);
  std::vector<std::string> args{browser,
                                "--headless",
                                "--disable-gpu",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--disable-dev-shm-usage",
                                "--user-data-dir=" + (dir / "profile").string(),
                                "--no-pdf-header-footer",
                                "--print-to-pdf=" + target.string(),
                                "file://" + page.string()};
  // Chromium refuses to run as root with its sandbox on.
  if (::geteuid() == 0) args.insert(args.begin() + 1, "--no-sandbox");
  const int status = run_quietly(args, std::chrono::seconds(120));
  fs::remove_all(dir, ec);
  if (status != 0 || !fs::exists(target) || fs::file_size(target, ec) == 0) {
    error = "the browser (" + browser + ") did not print " + pdf_path +
            (status == -1 ? " (it did not finish within two minutes)" : "");
    return false;
  }
  return true;
}

}  // namespace dutyscore::cli
