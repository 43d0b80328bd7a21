// The catalogue of bad inputs (tests/bad_inputs/catalogue.md): every file
// gives exactly the messages the catalogue shows, and every file is listed.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <sstream>

#include "bad_inputs_catalogue.h"
#include "test_support.h"

namespace dutyscore::testing {
namespace {

// "## file" headings, each with the first ```text block after it.
std::map<std::string, std::string> catalogue_entries() {
  std::istringstream in(slurp(source_path("tests/bad_inputs/catalogue.md")));
  std::map<std::string, std::string> entries;
  std::string line, current;
  bool in_block = false;
  while (std::getline(in, line)) {
    if (in_block) {
      if (line == "```") {
        in_block = false;
        current.clear();
      } else {
        entries[current] += line + "\n";
      }
    } else if (line.rfind("## ", 0) == 0) {
      current = line.substr(3);
      entries[current];
    } else if (line == "```text" && !current.empty()) {
      in_block = true;
    }
  }
  return entries;
}

std::string bad_input_text(const std::string& name) {
  return slurp(source_path("tests/bad_inputs/" + name));
}

TEST(BadInputs, EveryCatalogueEntryGivesExactlyItsMessages) {
  const auto entries = catalogue_entries();
  ASSERT_GE(entries.size(), 120u);
  for (const auto& [name, expected] : entries) {
    SCOPED_TRACE(name);
    EXPECT_FALSE(expected.empty());
    EXPECT_EQ(bad_input_messages(name, bad_input_text, cli(), source_path("")), expected);
  }
}

TEST(BadInputs, EveryFileInTheFolderIsInTheCatalogue) {
  const auto entries = catalogue_entries();
  for (const auto& entry :
       std::filesystem::directory_iterator(source_path("tests/bad_inputs"))) {
    const auto name = entry.path().filename().string();
    if (name == "catalogue.md" || name == "members.csv") continue;
    EXPECT_EQ(entries.count(name), 1u) << name << " has no entry in catalogue.md";
  }
}

TEST(BadInputs, FilesWithErrorsAreNeverScored) {
  // Every entry whose messages include an error loads nothing.
  for (const auto& [name, expected] : catalogue_entries()) {
    if (expected.find(": error: ") == std::string::npos) continue;
    SCOPED_TRACE(name);
    Problems problems;
    if (name.rfind("cli_", 0) == 0) {
      EXPECT_EQ(expected.find("exit status 0\n"), std::string::npos);
    } else if (name.rfind("archive_", 0) == 0) {
      EXPECT_FALSE(read_archive(bad_input_text(name), name, problems).has_value());
    } else if (name.rfind("rules_", 0) == 0) {
      EXPECT_FALSE(load_rules(bad_input_text(name), name, problems).has_value());
    } else if (name.rfind("members_", 0) == 0) {
      EXPECT_FALSE(read_members(bad_input_text(name), name, problems).has_value());
    } else if (name.rfind("outside_", 0) == 0) {
      continue;  // attach_outside_scores() returns false: the catalogue test shows the errors
    } else {
      const auto members = read_members(bad_input_text("members.csv"), "members.csv", problems);
      ASSERT_TRUE(members.has_value());
      EXPECT_FALSE(read_records(bad_input_text(name), name, *members, problems).has_value());
    }
  }
}

}  // namespace
}  // namespace dutyscore::testing
