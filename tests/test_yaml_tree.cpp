// The rule loader's YAML tree (src/base/yaml_tree.h) against yaml-cpp's
// own node tree (YAML::Load) on the same text: the same kinds, values,
// places, sizes and order everywhere, aliases included, for every YAML file
// of the repository and for the corners of YAML that decide a value (null
// or not, tags, quoting, escapes, block scalars, anchors, a cycle).
#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

#include "base/yaml_tree.h"
#include "test_support.h"

namespace dutyscore::testing {
namespace {

using detail::YamlNode;
using detail::YamlTree;

// Walks both trees together, `depth` levels down (aliases may loop); the
// first difference, with its path, or "".
std::string difference(const YAML::Node& expected, const YamlNode& actual, const std::string& path,
                       int depth, int& budget) {
  if (depth == 0 || --budget < 0) return "";
  if (expected.IsNull() != actual.IsNull() || expected.IsScalar() != actual.IsScalar() ||
      expected.IsSequence() != actual.IsSequence() || expected.IsMap() != actual.IsMap())
    return path + ": another kind of node";
  if (expected.Mark().line != actual.Mark().line || expected.Mark().column != actual.Mark().column)
    return path + ": at " + std::to_string(actual.Mark().line) + ":" +
           std::to_string(actual.Mark().column) + ", not " + std::to_string(expected.Mark().line) +
           ":" + std::to_string(expected.Mark().column);
  if (expected.IsScalar() && expected.Scalar() != actual.Scalar())
    return path + ": '" + actual.Scalar() + "', not '" + expected.Scalar() + "'";
  if (expected.size() != actual.size()) return path + ": another size";
  if (expected.IsSequence()) {
    for (std::size_t i = 0; i < expected.size(); ++i) {
      auto d = difference(expected[i], actual[i], path + "[" + std::to_string(i) + "]", depth - 1, budget);
      if (!d.empty()) return d;
    }
  } else if (expected.IsMap()) {
    std::size_t i = 0;
    for (auto it = expected.begin(); it != expected.end(); ++it, ++i) {
      const std::string at = path + "{" + std::to_string(i) + "}";
      auto d = difference(it->first, actual.key(i), at + ".key", depth - 1, budget);
      if (d.empty()) d = difference(it->second, actual.value(i), at + ".value", depth - 1, budget);
      if (!d.empty()) return d;
    }
  }
  return "";
}

std::string difference(const std::string& text) {
  const YAML::Node expected = YAML::Load(text);
  const YamlTree tree(text);
  int budget = 100000;
  return difference(expected, tree.root(), "root", 40, budget);
}

TEST(YamlTree, EveryYamlFileOfTheRepositoryReadsAsYamlCppReadsIt) {
  int files = 0;
  for (const char* folder : {"rules", "tests", "examples", "docs"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(source_path(folder))) {
      const auto ext = entry.path().extension();
      if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".yml")) continue;
      const std::string text = slurp(entry.path().string());
      bool parses = true;
      try {
        YAML::Load(text);
      } catch (const YAML::Exception&) {
        parses = false;  // the bad-input files: compared in the next test
      }
      if (!parses) continue;
      EXPECT_EQ(difference(text), "") << entry.path();
      ++files;
    }
  }
  EXPECT_GT(files, 40);
}

TEST(YamlTree, TheCornersOfYamlReadAsYamlCppReadsThem) {
  const std::vector<std::string> texts = {
      "a: ~\nb: null\nc: Null\nd: NULL\ne:\nf: \"~\"\ng: '~'\nh: !!str ~\ni: !!null x\nj: \"\"\n",
      "a: !!str 5\nb: !foo bar\nc: !!map {x: 1}\nd: !!seq [1]\ne: !<tag:yaml.org,2002:str> y\n",
      "a: \"tab\\there \\x41 \\u4e2d \\\"q\\\"\"\nb: 'it''s'\nc: \"two\\\n  lines\"\n",
      "a: |\n  one\n  two\nb: >\n  folded\n  text\n\nc: |-\n  keep\nd: plain\n  continued\n",
      "base: &b {x: 1, y: [a, b]}\ncopy: *b\nlist: [*b, *b]\nkey: &k name\n*k : value\n",
      "loop: &l [1, *l]\nmap: &m {self: *m}\n",
      "? [a, b]\n: complex key\n? {c: d}\n: map key\n: no key\n",
      "a: 1\na: 2\nb: {x: 1, x: 2}\n",
      "- a\n- - b\n  - c\n- {d: e}\n- \n- ~\n",
      "\xEF\xBB\xBF" "a: bom\nb: 中文 value\nc:\n  中文: 嵌套\n",
      "a: b\r\nc: [d,\r\n  e]\r\n",
      "%YAML 1.2\n---\na: b\n...\n",
      "--- !!map\na: b\n",
      "",
      "# only a comment\n",
      ",a\n",
      "plain scalar at the top\n",
      "[a, b, {c: d}, [e]]\n",
      "{a: [1, 2], b: {c: 3}, : empty key}\n",
      "a: &x\nb: *x\n",
  };
  for (const auto& text : texts) {
    try {
      EXPECT_EQ(difference(text), "") << text;
    } catch (const std::exception& e) {
      ADD_FAILURE() << text << ": " << e.what();
    }
  }
}

TEST(YamlTree, TextThatIsNotYamlThrowsWhatYamlCppThrows) {
  for (const std::string text : {"a: [b\n", "a: b: c\n", "a: *undefined\n", "a:\n\t- b\n",
                                 "{a: b\n", "a: [b, c}\n", "k: v\n  bad: indent\n", "a:\n  - b\n c: d\n"}) {
    std::string expected, actual;
    try {
      YAML::Load(text);
    } catch (const YAML::Exception& e) {
      expected = std::to_string(e.mark.line) + ":" + std::to_string(e.mark.column) + " " + e.msg;
    }
    try {
      YamlTree tree(text);
    } catch (const YAML::Exception& e) {
      actual = std::to_string(e.mark.line) + ":" + std::to_string(e.mark.column) + " " + e.msg;
    }
    EXPECT_FALSE(expected.empty()) << "[" << text << "]";
    EXPECT_EQ(actual, expected) << text;
  }
}

TEST(YamlTree, FindGivesTheFirstValueOfAKeyOrNoNode) {
  const std::string text = "a: 1\nb: ~\na: 2\n[x]: 3\n";
  const YamlTree tree(text);
  const YamlNode root = tree.root();
  EXPECT_EQ(root.find("a").Scalar(), "1");
  EXPECT_TRUE(root.find("b").IsDefined());
  EXPECT_TRUE(root.find("b").IsNull());
  EXPECT_FALSE(root.find("c").IsDefined());
  EXPECT_FALSE(root.find("a").find("a").IsDefined());  // not a map
  EXPECT_EQ(root.size(), 4u);
  EXPECT_EQ(root.value(3).Scalar(), "3");
  EXPECT_TRUE(root.key(3).IsSequence());
}

// A reader done with the first items of a long list frees them; the rest
// read as before, and in a document with anchors nothing goes, since a
// later alias may lead back into them.
TEST(YamlTree, ReleasingTheItemsReadLeavesTheRestWhole) {
  for (const bool anchor : {false, true}) {
    std::string text;
    for (int i = 0; i < 20000; ++i)
      text += (anchor && i == 5000 ? "- &a {id: r" : "- {id: r") + std::to_string(i) + "}\n";
    text += anchor ? "- *a\n" : "- {id: last}\n";
    YamlTree tree(text);
    const YamlNode list = tree.root();
    ASSERT_EQ(list.size(), 20001u);
    tree.release(list[0], list[19999]);
    EXPECT_EQ(list[19999].find("id").Scalar(), "r19999");
    EXPECT_EQ(list[20000].find("id").Scalar(), anchor ? "r5000" : "last");
  }
}

}  // namespace
}  // namespace dutyscore::testing
