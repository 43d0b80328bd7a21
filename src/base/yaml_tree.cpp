#include "base/yaml_tree.h"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <istream>
#include <limits>
#include <stdexcept>
#include <streambuf>

namespace dutyscore::detail {

namespace {

// The text as an input stream without a copy (std::istringstream would
// copy it).
class TextBuffer : public std::streambuf {
 public:
  explicit TextBuffer(const std::string& text) {
    char* begin = const_cast<char*>(text.data());  // only read: no put area
    setg(begin, begin, begin + text.size());
  }
};

std::uint32_t narrow(std::size_t value,
                     std::size_t max = std::numeric_limits<std::uint32_t>::max()) {
  if (value > max) throw std::length_error("the YAML text is too large for its tree");
  return static_cast<std::uint32_t>(value);
}

}  // namespace

// Turns yaml-cpp's events into nodes. The children of the open sequences
// and maps wait in `pending_` (innermost last); when one closes, its
// children move to links_ in one piece.
class YamlTree::Builder : public YAML::EventHandler {
 public:
  explicit Builder(YamlTree& tree) : tree_(tree) {}

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    add(mark, Kind::Null, anchor);
  }
  void OnAlias(const YAML::Mark&, YAML::anchor_t anchor) override {
    // yaml-cpp refuses an alias whose anchor is not defined, so it is here.
    link(anchors_.at(anchor));
  }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                const std::string& value) override {
    const std::uint32_t index = add(mark, Kind::TextScalar, anchor);
    Node& node = tree_.nodes_[index];
    const std::string& text = tree_.text_;
    const auto pos = static_cast<std::size_t>(mark.pos);
    // A plain scalar is its text; a quoted, escaped, folded or block one
    // is not, and goes to the arena.
    Kind kind = Kind::TextScalar;
    if (mark.pos >= 0 && pos <= text.size() && text.compare(pos, value.size(), value) == 0) {
      node.first = narrow(pos);
    } else {
      kind = Kind::ArenaScalar;
      node.first = narrow(tree_.arena_.size());
      tree_.arena_ += value;
    }
    node.count_kind = count_kind(narrow(value.size(), kMaxCount), kind);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(add(mark, Kind::Sequence, anchor));
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(add(mark, Kind::Map, anchor));
  }
  void OnMapEnd() override { close(); }

 private:
  struct Open {
    std::uint32_t node;
    std::size_t first_pending;
  };

  // A new node, linked into the open sequence or map (or the root).
  std::uint32_t add(const YAML::Mark& mark, Kind kind, YAML::anchor_t anchor) {
    const std::uint32_t index = narrow(tree_.nodes_.size());
    tree_.nodes_.push_back(Node{mark.line, mark.column, 0, count_kind(0, kind)});
    if (anchor != YAML::NullAnchor) {
      tree_.anchors_ = true;
      if (anchors_.size() <= anchor) anchors_.resize(anchor + 1);
      anchors_[anchor] = index;
    }
    link(index);
    return index;
  }
  void link(std::uint32_t index) {
    if (open_.empty()) {
      tree_.root_ = index;
      return;
    }
    pending_.push_back(index);
  }
  void open(std::uint32_t index) { open_.push_back(Open{index, pending_.size()}); }
  void close() {
    const Open o = open_.back();
    open_.pop_back();
    Node& node = tree_.nodes_[o.node];
    node.first = narrow(tree_.links_.size());
    node.count_kind = count_kind(narrow(pending_.size() - o.first_pending, kMaxCount), node.kind());
    for (std::size_t i = o.first_pending; i < pending_.size(); ++i)
      tree_.links_.push_back(pending_[i]);
    pending_.resize(o.first_pending);
  }

  YamlTree& tree_;
  std::vector<std::uint32_t> anchors_;  // node index by yaml-cpp's anchor id
  std::vector<Open> open_;
  std::vector<std::uint32_t> pending_;
};

YamlTree::YamlTree(const std::string& text) : text_(text) {
  TextBuffer buffer(text);
  std::istream in(&buffer);
  YAML::Parser parser(in);
  Builder builder(*this);
  parser.HandleNextDocument(builder);
  // No document: a null root, nowhere (YAML::Load's Node()).
  if (nodes_.size() == 0) nodes_.push_back(Node{-1, -1, 0, count_kind(0, Kind::Null)});
}

void YamlTree::release(const YamlNode& from, const YamlNode& to) {
  if (!anchors_ && from.tree_ == this && to.tree_ == this) nodes_.release(from.index_, to.index_);
}

bool YamlNode::IsNull() const {
  return tree_ && tree_->nodes_[index_].kind() == YamlTree::Kind::Null;
}

bool YamlNode::IsScalar() const {
  if (!tree_) return false;
  const auto kind = tree_->nodes_[index_].kind();
  return kind == YamlTree::Kind::TextScalar || kind == YamlTree::Kind::ArenaScalar;
}

bool YamlNode::IsSequence() const {
  return tree_ && tree_->nodes_[index_].kind() == YamlTree::Kind::Sequence;
}

bool YamlNode::IsMap() const {
  return tree_ && tree_->nodes_[index_].kind() == YamlTree::Kind::Map;
}

std::string_view YamlNode::scalar_view() const {
  if (!IsScalar()) return {};
  const YamlTree::Node& node = tree_->nodes_[index_];
  const std::string& store =
      node.kind() == YamlTree::Kind::TextScalar ? tree_->text_ : tree_->arena_;
  return std::string_view(store).substr(node.first, node.count());
}

YAML::Mark YamlNode::Mark() const {
  if (!tree_ || tree_->nodes_[index_].line < 0) return YAML::Mark::null_mark();
  YAML::Mark mark;
  mark.line = tree_->nodes_[index_].line;
  mark.column = tree_->nodes_[index_].column;
  return mark;
}

std::size_t YamlNode::size() const {
  if (IsSequence()) return tree_->nodes_[index_].count();
  if (IsMap()) return tree_->nodes_[index_].count() / 2;
  return 0;
}

YamlNode YamlNode::child(std::size_t link) const {
  const YamlTree::Node& node = tree_->nodes_[index_];
  return YamlNode(tree_, tree_->links_[node.first + link]);
}

YamlNode YamlNode::find(std::string_view key) const {
  if (!IsMap()) return {};
  for (std::size_t i = 0; i < size(); ++i) {
    const YamlNode k = this->key(i);
    if (k.IsScalar() && k.scalar_view() == key) return value(i);
  }
  return {};
}

}  // namespace dutyscore::detail
