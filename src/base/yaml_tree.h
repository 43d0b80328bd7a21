// A YAML document as yaml-cpp's event parser reports it, kept compactly:
// one small record per node and one link per child, scalars as places in
// the text (or, when their value differs from the text, in one arena).
// YAML::Load's node tree costs hundreds of bytes per value, about 70 times
// the size of a large rule file; this costs a few bytes per byte of text.
//
// yaml-cpp still does all the parsing (null, tags, quoting, escapes,
// anchors); the tree only stores its events. An alias is a link to the
// anchored node, not a copy, as in YAML::Load's tree, so a walk that
// expands aliases (Loader::check_tree's budget) sees the same values.
// YamlNode offers the few calls of YAML::Node that the loaders use, under
// the same names.
#pragma once

#include <yaml-cpp/mark.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dutyscore::detail {

class YamlTree;

// A node of a YamlTree, or no node at all (what find() gives for a key
// that is not there). A handle: cheap to copy, valid while its tree is.
class YamlNode {
 public:
  YamlNode() = default;

  bool IsDefined() const { return tree_ != nullptr; }
  explicit operator bool() const { return IsDefined(); }
  bool IsNull() const;
  bool IsScalar() const;
  bool IsSequence() const;
  bool IsMap() const;

  // A scalar's value; "" for any other node.
  std::string Scalar() const { return std::string(scalar_view()); }
  std::string_view scalar_view() const;
  // Where the node starts (line and column from 0; the column counts
  // bytes); an alias gives its anchored node's place, as in YAML::Load.
  // `pos` is not kept (0).
  YAML::Mark Mark() const;

  // The items of a sequence, the 'key: value' pairs of a map; 0 otherwise.
  std::size_t size() const;
  // Item `i` of a sequence.
  YamlNode operator[](std::size_t i) const { return child(i); }
  // The key and the value of pair `i` of a map.
  YamlNode key(std::size_t i) const { return child(2 * i); }
  YamlNode value(std::size_t i) const { return child(2 * i + 1); }
  // The value of the first pair of a map whose key is the scalar `key`;
  // no node when there is none or this is not a map.
  YamlNode find(std::string_view key) const;

  // The items of a sequence, for range-for (nothing for any other node).
  class Iterator {
   public:
    Iterator(const YamlNode& owner, std::size_t i) : owner_(&owner), i_(i) {}
    YamlNode operator*() const { return owner_->child(i_); }
    Iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator!=(const Iterator& other) const { return i_ != other.i_; }

   private:
    const YamlNode* owner_;
    std::size_t i_;
  };
  Iterator begin() const { return Iterator(*this, 0); }
  Iterator end() const { return Iterator(*this, IsSequence() ? size() : 0); }

 private:
  friend class YamlTree;
  YamlNode(const YamlTree* tree, std::uint32_t index) : tree_(tree), index_(index) {}
  YamlNode child(std::size_t link) const;

  const YamlTree* tree_ = nullptr;
  std::uint32_t index_ = 0;
};

// An array that grows in blocks of 4096: no copying and no unused half of
// a doubled vector, which for a large file is most of the tree's memory.
template <typename T>
class BlockArray {
 public:
  std::size_t size() const { return size_; }
  const T& operator[](std::size_t i) const { return blocks_[i / kBlock][i % kBlock]; }
  T& operator[](std::size_t i) { return blocks_[i / kBlock][i % kBlock]; }
  void push_back(const T& value) {
    if (size_ % kBlock == 0) blocks_.push_back(std::make_unique<T[]>(kBlock));
    blocks_.back()[size_ % kBlock] = value;
    ++size_;
  }
  // Frees the blocks that lie wholly in [from, to); their items must not be
  // asked for again.
  void release(std::size_t from, std::size_t to) {
    for (std::size_t b = (from + kBlock - 1) / kBlock; (b + 1) * kBlock <= to; ++b)
      blocks_[b].reset();
  }

 private:
  static constexpr std::size_t kBlock = 4096;
  std::vector<std::unique_ptr<T[]>> blocks_;
  std::size_t size_ = 0;
};

class YamlTree {
 public:
  // Parses the first document of `text`, which must outlive the tree (and
  // must not change). Throws what YAML::Load throws (YAML::ParserException
  // with its mark) on text that is not YAML. Later documents are not read:
  // asking yaml-cpp for them never returns on some inputs (",a": yaml-cpp
  // issue #1040).
  explicit YamlTree(const std::string& text);

  // The document's root: a null node when the text holds no document.
  YamlNode root() const { return YamlNode(this, root_); }

  // Says that the nodes from `from` up to `to` (not included), in document
  // order, and everything under them, will not be asked for again: a reader
  // done with the first items of a long list frees them, so that the tree
  // and what is read from it are not both whole at once. Nothing is freed
  // in a document with anchors (an alias elsewhere may lead into them).
  void release(const YamlNode& from, const YamlNode& to);

 private:
  friend class YamlNode;
  class Builder;

  enum class Kind : std::uint8_t { Null, TextScalar, ArenaScalar, Sequence, Map };
  // 16 bytes: the kind shares a word with the count.
  struct Node {
    std::int32_t line = 0;
    std::int32_t column = 0;
    // Scalars: the value's offset in the text or in arena_, and its size.
    // Sequences and maps: the first link in links_ and the number of links
    // (a map's are key, value, key, value, ...).
    std::uint32_t first = 0;
    std::uint32_t count_kind = 0;  // count << 3 | kind

    Kind kind() const { return static_cast<Kind>(count_kind & 7); }
    std::uint32_t count() const { return count_kind >> 3; }
  };
  static constexpr std::uint32_t kMaxCount = (std::uint32_t{1} << 29) - 1;
  static std::uint32_t count_kind(std::uint32_t count, Kind kind) {
    return count << 3 | static_cast<std::uint32_t>(kind);
  }

  const std::string& text_;
  BlockArray<Node> nodes_;
  BlockArray<std::uint32_t> links_;  // children, by node index
  std::string arena_;                 // scalars whose value is not their text
  std::uint32_t root_ = 0;
  bool anchors_ = false;              // the document has an anchor (&name)
};

}  // namespace dutyscore::detail
