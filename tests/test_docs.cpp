// The documentation stands on its own: every link it makes points at a file
// of this repository, and no path outside it is named.
#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "test_support.h"

namespace dutyscore {
namespace {

namespace fs = std::filesystem;
using testing::slurp;
using testing::source_path;

std::vector<fs::path> markdown_files() {
  std::vector<fs::path> files = {source_path("README.md")};
  for (const char* dir : {"docs", "bench", "bench/compare", "examples", "tests/bad_inputs",
                          "tests/reference", "tools", "python", "java"}) {
    const fs::path folder = source_path(dir);
    if (!fs::is_directory(folder)) continue;
    for (const auto& entry : fs::directory_iterator(folder))
      if (entry.path().extension() == ".md") files.push_back(entry.path());
  }
  return files;
}

TEST(Docs, EveryRelativeLinkPointsIntoTheRepository) {
  const fs::path root = fs::canonical(source_path(""));
  const std::regex link(R"(\]\(([^)#\s]+)(#[^)]*)?\))");
  std::size_t checked = 0;
  for (const auto& file : markdown_files()) {
    const std::string text = slurp(file.string());
    for (std::sregex_iterator it(text.begin(), text.end(), link), end; it != end; ++it) {
      const std::string target = (*it)[1];
      if (target.find("://") != std::string::npos || target.rfind("mailto:", 0) == 0) continue;
      const fs::path resolved = fs::weakly_canonical(file.parent_path() / target);
      const auto inside = std::mismatch(root.begin(), root.end(), resolved.begin()).first == root.end();
      EXPECT_TRUE(inside) << file << ": link " << target << " leaves the repository";
      EXPECT_TRUE(fs::exists(resolved)) << file << ": link " << target << " points at nothing";
      ++checked;
    }
  }
  EXPECT_GT(checked, 5u);
}

TEST(Docs, NoPathOutsideTheRepositoryIsNamed) {
  // The folders of the machine the project was written on, and the team's
  // shared folder beside the repository.
  const std::regex outside(R"((^|[\s`(])(/work/|/home/|/root/|\.\./shared/|\.\./\.library))");
  for (const auto& file : markdown_files()) {
    const std::string text = slurp(file.string());
    std::smatch m;
    EXPECT_FALSE(std::regex_search(text, m, outside))
        << file << " names a path outside the repository: " << m.str();
  }
}

}  // namespace
}  // namespace dutyscore
