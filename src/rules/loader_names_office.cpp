// `names` and `office` (docs/rules.md §17): what notices, summaries and
// workbooks print. `names` gives the committee's own words for vocabulary
// codes; `office` the issuing office, whom to ask and by when, the seal
// line. An office block may also be a file of its own (load_office).
#include "rules/loader.h"

#include <algorithm>

#include "dutyscore/rule_loader.h"

namespace dutyscore::detail {

namespace {

const Choices<VocabularyField> kNameFields{{"kind", VocabularyField::Kind},
                                           {"subtype", VocabularyField::Subtype},
                                           {"status", VocabularyField::Status},
                                           {"level", VocabularyField::Level},
                                           {"flag", VocabularyField::Flag},
                                           {"role", VocabularyField::Role}};

Names field_words() {
  Names words;
  for (const auto& f : kNameFields) words.push_back(f.first);
  return words;
}

const Names kOfficeKeys{"name", "contact", "appeal_by", "appeal_to", "seal", "issued"};

}  // namespace

void Loader::read_names(const Entry& e, RuleSet& set) {
  const std::string what = "'names'";
  auto fields = as_map(e.value, what, field_words());
  if (!fields) return;
  for (const auto& [field_word, field_entry] : fields->entries) {
    // Named for the lambda: C++17 lambdas cannot capture a structured binding.
    const std::string& word = field_word;
    const auto known = std::find_if(kNameFields.begin(), kNameFields.end(),
                                    [&word](const auto& f) { return f.first == word; });
    if (known == kNameFields.end()) continue;  // reported by as_map
    const VocabularyField field = known->second;
    const std::string in = "'" + field_word + "' of 'names'";
    auto codes = as_map(field_entry.value, in);
    if (!codes) continue;
    for (const auto& [code_text, entry] : codes->entries) {
      auto name = scalar(entry, in);
      if (!name) continue;
      if (name->empty()) {
        error(at(entry.value), "the name of '" + code_text + "' in " + in + " is empty");
        continue;
      }
      VocabularyName n;
      n.field = field;
      n.code = code_text;
      n.name = *name;
      n.where = at(entry.key);
      // "meeting/other": the subtype of one kind ("other" alone: of any).
      if (field == VocabularyField::Subtype) {
        const auto slash = code_text.find('/');
        if (slash != std::string::npos) {
          n.kind = code_text.substr(0, slash);
          n.code = code_text.substr(slash + 1);
          if (n.kind.empty() || n.code.empty()) {
            error(at(entry.key), "'" + code_text + "' in " + in + " must be a subtype or kind/subtype");
            continue;
          }
        }
      } else if (code_text.find('/') != std::string::npos) {
        error(at(entry.key), "'" + code_text + "' in " + in + ": only subtypes are written kind/subtype");
        continue;
      }
      set.names.push_back(std::move(n));
    }
  }
}

void Loader::read_office(const MapView& map, OfficeInfo& office, const std::string& what) {
  check_keys(map, kOfficeKeys, what);
  office.where = map.where;
  const std::pair<const char*, std::string*> texts[] = {{"name", &office.name},
                                                        {"contact", &office.contact},
                                                        {"appeal_to", &office.appeal_to},
                                                        {"seal", &office.seal}};
  for (const auto& [key, into] : texts)
    if (const Entry* t = map.find(key))
      if (auto text = scalar(*t, what)) *into = *text;
  const std::pair<const char*, std::optional<Day>*> dates[] = {{"appeal_by", &office.appeal_by},
                                                              {"issued", &office.issued}};
  for (const auto& [key, into] : dates) {
    const Entry* d = map.find(key);
    if (!d) continue;
    auto text = scalar(*d, what);
    if (!text) continue;
    *into = parse_day(*text);
    if (!*into)
      error(at(d->value), "'" + std::string(key) + "' in " + what + " must be a date like 2026-01-31, got '" +
                              *text + "'");
  }
}

std::optional<OfficeInfo> Loader::load_office() {
  const std::size_t errors_before = problems_.error_count();
  const auto root = parse("the office file is empty; it needs at least 'name'");
  if (!root) return std::nullopt;
  auto map = as_map(*root, "the office file");
  if (!map) return std::nullopt;
  OfficeInfo office;
  read_office(*map, office, "the office file");
  if (problems_.error_count() != errors_before) return std::nullopt;
  return office;
}

}  // namespace dutyscore::detail

namespace dutyscore {

std::optional<OfficeInfo> load_office(const std::string& text, const std::string& file,
                                      Problems& problems) {
  try {
    return detail::Loader(file, text, problems, "office file").load_office();
  } catch (const std::exception& e) {
    problems.error(Location{file, 0, 0, {}}, std::string("could not read the office file: ") + e.what());
  }
  return std::nullopt;
}

std::optional<OfficeInfo> load_office_file(const std::string& path, Problems& problems,
                                           std::size_t max_bytes) {
  const auto text = detail::read_whole_file(path, "office file", problems, max_bytes);
  if (!text) return std::nullopt;
  return load_office(*text, path, problems);
}

}  // namespace dutyscore
