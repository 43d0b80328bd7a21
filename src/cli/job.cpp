#include "job.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>

#include "dutyscore/csv.h"
#include "dutyscore/guardrails.h"
#include "dutyscore/input.h"
#include "dutyscore/input_digest.h"
#include "dutyscore/outside_scores.h"
#include "dutyscore/profile.h"
#include "dutyscore/rule_loader.h"
#include "dutyscore/workbook.h"
#include "command.h"

namespace dutyscore::cli {

namespace {
// The period of --year or --from/--to (already checked together), or the
// rule set's own.
std::optional<Period> period_of(const CommonOptions& o, const RuleSet& rules, Problems& problems) {
  if (o.year) return Period::calendar_year(*o.year);
  if (o.from) return Period{*o.from, *o.to};
  if (rules.period) return rules.period;
  problems.error(Location{rules.source_file, 0, 0, {}},
                 "no evaluation period: give --year or --from/--to, or set 'period' in the rule file");
  return std::nullopt;
}

// The rejected rows go to a temporary file beside the quarantine file,
// which will hold the same bytes, as they are known: kept in memory, a
// national file whose every row is rejected needed some 600 bytes a row.
// Beside a quarantine that is no regular file (a pipe, /dev/stdout), or
// where no file can be made, in $TMPDIR; failing that, in memory.
void spool_quarantine(const std::string& path, Quarantine& quarantine) {
  std::error_code ec;
  const std::filesystem::path target(path);
  const auto status = std::filesystem::status(target, ec);
  std::string why;
  if (!std::filesystem::exists(status) || std::filesystem::is_regular_file(status)) {
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
    if (quarantine.spool(why, dir.string())) return;
  }
  quarantine.spool(why);
}

}  // namespace

bool flush_standard_output() {
  errno = 0;
  std::cout.flush();
  if (std::cout && std::fflush(stdout) == 0) return true;
  const int error = errno;
  std::cerr << "dutyscore: cannot write to standard output"
            << (error ? std::string(": ") + std::strerror(error) : std::string()) << '\n';
  return false;
}

void print_problems(const Problems& problems) {
  for_each_summarized(problems, [](const Problem& p) { std::cerr << format_problem(p) << '\n'; });
}

bool write_all_problems(const CommonOptions& o, const Problems& problems) {
  if (!o.all_problems_path) return true;
  std::string text;
  for (const auto& p : listed_problems(problems)) text += format_problem(p) + '\n';
  Problems failed;
  if (write_file(*o.all_problems_path, text, failed)) return true;
  print_problems(failed);
  return false;
}

bool write_output(const CommonOptions& o, const std::string& text) {
  Output out(o);
  return out.open() && out.write(text) && out.close();
}

Output::~Output() {
  if (fd_ >= 0) ::close(fd_);
}

bool Output::open() {
  if (const auto& path = options_.output_path) {
    // POSIX calls, so that the message can say why (a full disk, a
    // permission, a missing folder).
    fd_ = ::open(path->c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) return fail(errno);
  }
  // Excel and WPS read a CSV file as UTF-8 only with a BOM; JSON parsers
  // reject one.
  return write(options_.bom && options_.writes_csv() ? kUtf8Bom : std::string_view());
}

bool Output::write(std::string_view text) {
  if (failed_) return false;
  if (!options_.output_path) {
    std::cout << text;
    return true;  // checked once, at close()
  }
  for (std::size_t done = 0; done < text.size();) {
    const ssize_t n = ::write(fd_, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(n < 0 ? errno : EIO);
    done += static_cast<std::size_t>(n);
  }
  return true;
}

bool Output::close() {
  if (failed_) return false;
  if (!options_.output_path) return flush_standard_output();
  const int fd = fd_;
  fd_ = -1;
  return ::close(fd) == 0 || fail(errno);
}

bool Output::fail(int error) {
  failed_ = true;
  Problems problems;  // worded as write_file() words it
  problems.error(Location{*options_.output_path, 0, 0, {}},
                 std::string("cannot write the file: ") + std::strerror(error));
  print_problems(problems);
  return false;
}

EvaluateOptions evaluate_options(const Job& job, ProgressBar& bar) {
  EvaluateOptions options;
  options.threads = job.threads;
  options.progress = bar.callback();
  return options;
}

InputFiles read_input_files(const CommonOptions& o, Problems& problems, Quarantine* quarantine,
                            InputDigests* digests, bool keep_members_text) {
  InputFiles files;
  InputOptions input = o.input;
  if (!o.profile_path.empty()) {
    auto profile = load_profile_file(o.profile_path, problems);
    if (!profile) return files;
    input.profile = std::make_shared<const InputProfile>(std::move(*profile));
  }
  if (!read_file(o.members_path, files.members_text, problems, input.max_file_bytes)) return files;
  files.members = read_members(InputFile{o.members_path, files.members_text, o.members_path},
                               input, problems, quarantine);
  if (digests) {
    FileDigests d = digest_bytes(files.members_text, input.threads);
    digests->members = std::move(d.bytes);
    digests->members_rows = std::move(d.rows);
  }
  if (!keep_members_text) std::string().swap(files.members_text);
  if (!files.members) return files;
  std::optional<InputDigester> digester;
  if (digests) digester.emplace(input.threads);
  std::function<void(std::string_view)> digest;
  if (digester) digest = [&digester](std::string_view bytes) { digester->add(bytes); };
  files.records = read_records_files(o.records_paths, *files.members, input, problems, quarantine,
                                     digest);
  if (digests && files.records) {
    FileDigests d = digester->finish();
    digests->records = std::move(d.bytes);
    digests->records_rows = std::move(d.rows);
  }
  return files;
}

void attach_outside(const CommonOptions& o, const RuleSet& rules, const Period& period,
                    const std::string& members_text, MemberTable& members, Problems& problems) {
  if (!needs_outside_scores(rules)) {
    for (const auto& path : o.outside_paths)
      problems.warning(Location{path, 0, 0, {}},
                       "not used: rule set '" + rules.id + "' takes no outside score");
    return;
  }
  std::vector<std::string> texts(o.outside_paths.size());
  std::vector<OutsideSource> sources;
  // A workbook's columns are not CSV: its outside scores come from --outside files.
  if (detect_file_format(members_text) == FileFormat::Csv)
    sources.push_back({o.members_path, members_text});
  for (std::size_t i = 0; i < texts.size(); ++i)
    if (read_file(o.outside_paths[i], texts[i], problems))
      sources.push_back({o.outside_paths[i], texts[i]});
  attach_outside_scores(rules, period, sources, o.input.encoding, members, problems);
}

std::optional<int> load_job(const CommonOptions& o, Job& job, InputDigests* digests) {
  for (const auto& usage : {keep_going_usage_error(o), period_usage_error(o)}) {
    if (usage) {
      std::cerr << "dutyscore: " << *usage << '\n';
      return kUsage;
    }
  }
  const InputOptions& input = o.input;
  job.threads = input.threads;
  Quarantine quarantine;
  if (input.keep_going) spool_quarantine(*o.quarantine_path, quarantine);
  Problems problems;
  auto rules = load_rules_file(o.rules_path, problems, o.max_rule_bytes);
  // The members file's text is kept only for the outside scores it holds.
  InputFiles files = read_input_files(o, problems, &quarantine, digests,
                                      !rules || needs_outside_scores(*rules));
  std::optional<MemberTable>& members = files.members;
  std::optional<RecordBatch>& records = files.records;
  std::string reconciliation;
  if (input.keep_going && members && records) {
    const std::string& path = *o.quarantine_path;
    std::ofstream out(path, std::ios::binary);
    std::string why;
    const bool kept = quarantine.write_csv(out, why);
    out.close();
    if (!kept || !out) {
      print_problems(problems);
      std::cerr << "dutyscore: cannot write the quarantine file " << path
                << (kept ? "" : ": " + why) << "; nothing was scored\n";
      return kOutputFailed;
    }
    reconciliation = "dutyscore: rows read " + std::to_string(quarantine.rows_read) +
                     " = rows scored " + std::to_string(quarantine.rows_accepted) +
                     " + rows rejected " + std::to_string(quarantine.rows_rejected()) +
                     " (written to " + path + ")\n";
  }
  std::optional<Period> period;
  if (rules) period = period_of(o, *rules, problems);
  if (rules && members && period) attach_outside(o, *rules, *period, files.members_text, *members, problems);
  if (records && period) {
    std::string records_files;
    for (const auto& path : o.records_paths) records_files += (records_files.empty() ? "" : ", ") + path;
    check_period_coverage(*records, *period, records_files, problems);
  }
  if (!write_all_problems(o, problems)) return kOutputFailed;
  print_problems(problems);
  std::cerr << reconciliation;
  if (problems.has_errors() || !rules || !members || !records || !period) {
    std::cerr << "dutyscore: " << problems.error_count()
              << " error(s); nothing was scored\n";
    return kInputProblems;
  }
  job.rules = std::move(*rules);
  job.members = std::move(*members);
  job.records = std::move(*records);
  job.period = *period;
  return std::nullopt;
}

}  // namespace dutyscore::cli
