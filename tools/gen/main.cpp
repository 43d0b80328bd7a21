// dutyscore-gen: writes a synthetic committee's members.csv and records.csv,
// or (--office) the same committee as an office's workbook.
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include "generator.h"
#include "office_workbook.h"

namespace {

const char* const kUsage =
    "usage: dutyscore-gen [--members N] [--records-per-member K] [--seed S]\n"
    "                     [--year Y] [--office] --out DIR\n"
    "\n"
    "Writes DIR/members.csv and DIR/records.csv in the interchange layout:\n"
    "a synthetic committee with a year of duty records. The same options\n"
    "give the same bytes on every machine.\n"
    "With --office, writes DIR/office.xlsx instead: the same committee as its\n"
    "offices keep it (a sheet per office, Chinese headers and values, title\n"
    "rows, Excel dates; read it with examples/office-export/profile.yaml).\n"
    "\n"
    "  --members N             members (default 300, a county committee)\n"
    "  --records-per-member K  average records per member (default 50)\n"
    "  --seed S                random seed (default 20250101)\n"
    "  --year Y                the year of the records (default 2025)\n"
    "  --office                write the office workbook instead of the CSV files\n"
    "  --out DIR               output directory (created if missing)\n";

bool parse_unsigned(const char* text, unsigned long long max, unsigned long long& out) {
  if (text == nullptr || *text == '\0' || *text == '-' || *text == '+') return false;
  errno = 0;
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text, &end, 10);
  if (errno != 0 || *end != '\0' || value > max) return false;
  out = value;
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  dutyscore::gen::Options options;
  std::string out_dir;
  bool office = false;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::cout << kUsage;
      return 0;
    }
    if (arg == "--office") {
      office = true;
      continue;
    }
    const char* value = i + 1 < argc ? argv[i + 1] : nullptr;
    unsigned long long number = 0;
    bool ok = value != nullptr;
    if (arg == "--out") {
      if (ok) out_dir = value;
    } else if (arg == "--members") {
      ok = ok && parse_unsigned(value, 100000000ull, number);
      options.members = static_cast<std::uint32_t>(number);
    } else if (arg == "--records-per-member") {
      ok = ok && parse_unsigned(value, 100000ull, number);
      options.records_per_member = static_cast<std::uint32_t>(number);
    } else if (arg == "--seed") {
      ok = ok && parse_unsigned(value, ~0ull, number);
      options.seed = number;
    } else if (arg == "--year") {
      ok = ok && parse_unsigned(value, 9998ull, number) && number >= 1900;
      options.year = static_cast<int>(number);
    } else {
      std::cerr << "dutyscore-gen: unknown option '" << arg << "'\n" << kUsage;
      return 2;
    }
    if (!ok) {
      std::cerr << "dutyscore-gen: " << arg << " needs a valid value"
                << (value ? std::string(" (got '") + value + "')" : std::string()) << "\n";
      return 2;
    }
    ++i;
  }
  if (out_dir.empty()) {
    std::cerr << "dutyscore-gen: --out DIR is required\n" << kUsage;
    return 2;
  }
  std::error_code ec;
  std::filesystem::create_directories(out_dir, ec);
  if (ec) {
    std::cerr << "dutyscore-gen: cannot create " << out_dir << ": " << ec.message() << "\n";
    return 1;
  }
  if (office) {
    const auto path = (std::filesystem::path(out_dir) / "office.xlsx").string();
    const std::string error = dutyscore::gen::write_office_workbook(options, path);
    if (!error.empty()) {
      std::cerr << "dutyscore-gen: writing " << path << " failed: " << error << "\n";
      return 1;
    }
    return 0;
  }
  const auto members_path = (std::filesystem::path(out_dir) / "members.csv").string();
  const auto records_path = (std::filesystem::path(out_dir) / "records.csv").string();
  std::ofstream members(members_path, std::ios::binary);
  std::ofstream records(records_path, std::ios::binary);
  if (!members || !records) {
    std::cerr << "dutyscore-gen: cannot write to " << out_dir << "\n";
    return 1;
  }
  dutyscore::gen::write_csv(options, members, records);
  members.close();
  records.close();
  if (!members || !records) {
    std::cerr << "dutyscore-gen: writing the files in " << out_dir << " failed\n";
    return 1;
  }
  return 0;
}
