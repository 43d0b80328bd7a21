#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "dutyscore/rule_loader.h"

namespace dutyscore {

std::optional<OfficeInfo> load_office(const std::string& text, const std::string& file,
                                      Problems& problems) {
  const std::size_t errors = problems.error_count();
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    problems.error(Location{file, e.mark.line + 1, e.mark.column + 1, {}}, e.msg);
    return std::nullopt;
  }
  auto at = [&](const YAML::Node& n) { return Location{file, n.Mark().line + 1, n.Mark().column + 1, {}}; };
  if (!root.IsMap()) {
    problems.error(Location{file, 1, 1, {}},
                   "an office file is a map of name, contact, appeal_by, appeal_to, seal, issued");
    return std::nullopt;
  }
  OfficeInfo office;
  office.where = Location{file, 1, 1, {}};
  for (const auto& kv : root) {
    const std::string key = kv.first.as<std::string>("");
    if (!kv.second.IsScalar()) {
      problems.error(at(kv.second), "'" + key + "' takes one value");
      continue;
    }
    const std::string value = kv.second.as<std::string>("");
    auto date = [&](std::optional<Day>& into) {
      into = parse_day(value);
      if (!into) problems.error(at(kv.second), "'" + key + "' must be a date YYYY-MM-DD, not '" + value + "'");
    };
    if (key == "name") office.name = value;
    else if (key == "contact") office.contact = value;
    else if (key == "appeal_to") office.appeal_to = value;
    else if (key == "seal") office.seal = value;
    else if (key == "appeal_by") date(office.appeal_by);
    else if (key == "issued") date(office.issued);
    else
      problems.error(at(kv.first), "unknown key '" + key +
                                       "' in the office block (name, contact, appeal_by, appeal_to, seal, issued)");
  }
  if (problems.error_count() > errors) return std::nullopt;
  return office;
}

std::optional<OfficeInfo> load_office_file(const std::string& path, Problems& problems) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problems.error(Location{path, 0, 0, {}}, "cannot open the office file");
    return std::nullopt;
  }
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return load_office(buffer.str(), path, problems);
}

}  // namespace dutyscore
