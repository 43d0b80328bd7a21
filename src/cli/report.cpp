#include <filesystem>
#include <fstream>
#include <iostream>

#include "command.h"
#include "job.h"
#include "options.h"
#include "pdf_print.h"
#include "dutyscore/commendation.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/groups.h"
#include "dutyscore/multi_year.h"
#include "dutyscore/report_html.h"
#include "dutyscore/rule_loader.h"

namespace dutyscore::cli {
namespace {

const CommandText kText{
    "report",
    "write the result notices and the office summary (HTML, or PDF with --pdf)",
    R"(Writes reports people read, in Chinese, as self-contained HTML (no script,
nothing fetched; prints to A4 from any browser), or as PDF with --pdf: one of
--member ID (one notice), --all --out DIR (every notice, one file each),
--print-file FILE (every notice in one file, each on a new page: one print
for the whole run) or --summary FILE (the office summary with the lists to
act on).)",
    R"(Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written (or --pdf
without Chromium), 4 no such member.)"};

struct ReportCommandLine {
  CommonOptions common;
  std::optional<std::string> member;      // --member ID: one member's notice
  bool all = false;                       // --all: every member's notice, into --out DIR
  std::optional<std::string> out_dir;     // --out DIR
  std::optional<std::string> print_file;  // --print-file FILE: every notice in one file
  std::optional<std::string> summary;     // --summary FILE: the office summary
  std::string committee;                  // --committee TEXT
  std::optional<std::string> office;      // --office FILE
  NoticeForm form = NoticeForm::Full;     // --form brief|full
  bool pdf = false;                       // --pdf
  std::optional<int> from_year, to_year;  // --from-year, --to-year: the summary's years
};

// Writes a report as HTML, or printed to PDF with --pdf.
class ReportWriter {
 public:
  explicit ReportWriter(std::optional<std::string> browser) : browser_(std::move(browser)) {}

  bool write(const std::string& path, const std::string& html) const {
    if (browser_) {
      std::string error;
      if (print_to_pdf(*browser_, html, path, error)) return true;
      std::cerr << "dutyscore: " << error << '\n';
      return false;
    }
    Problems problems;  // says why, e.g. "No space left on device"
    if (dutyscore::write_file(path, html, problems)) return true;
    print_problems(problems);
    return false;
  }
  const char* extension() const { return browser_ ? ".pdf" : ".html"; }

 private:
  std::optional<std::string> browser_;
};

// The file of a member's notice: its name from notice_file_names()
// (<member_id>.html), or .pdf with --pdf.
std::string notice_file(std::string name, const char* extension) {
  name.resize(name.size() - 5);  // without ".html"
  return name + extension;
}

std::optional<std::string> usage_problem(const ReportCommandLine& o) {
  const int modes = (o.member ? 1 : 0) + (o.all ? 1 : 0) + (o.print_file ? 1 : 0) + (o.summary ? 1 : 0);
  if (modes != 1) return "give one of --member ID, --all --out DIR, --print-file FILE, --summary FILE";
  if (o.all != o.out_dir.has_value()) return "--all and --out DIR go together";
  if (o.from_year.has_value() != o.to_year.has_value())
    return "--from-year and --to-year go together";
  if (o.from_year && !o.summary) return "--from-year and --to-year are for --summary";
  if (o.from_year && (*o.to_year < *o.from_year || *o.to_year - *o.from_year > 50))
    return "--from-year and --to-year need two years, from <= to, at most 50 apart";
  if (o.pdf && o.member && !o.common.output_path) return "--member with --pdf needs --output FILE";
  return std::nullopt;
}

int run_report(const ReportCommandLine& o) {
  if (auto problem = usage_problem(o)) {
    std::cerr << "dutyscore report: " << *problem << '\n';
    return kUsage;
  }
  std::optional<std::string> browser;
  if (o.pdf) {
    browser = find_chromium();
    if (!browser) {
      std::cerr << "dutyscore report: " << chromium_install_hint() << '\n';
      return kOutputFailed;
    }
  }
  const ReportWriter writer(browser);
  Job job;
  if (auto stop = load_job(o.common, job)) return *stop;
  ReportOptions ro;
  ro.committee = o.committee;
  ro.form = o.form;
  if (const auto& path = o.office) {
    Problems problems;
    const auto office = load_office_file(*path, problems, o.common.max_rule_bytes);
    print_problems(problems);
    if (!office) {
      std::cerr << "dutyscore: " << problems.error_count() << " error(s); nothing was written\n";
      return kInputProblems;
    }
    ro.office = *office;
  }
  Evaluation ev(job.rules, job.members, job.records, job.period);
  const Scores scores = ev.score(EvaluateOptions{job.threads, {}});

  if (const auto& id = o.member) {
    const auto m = job.members.find(*id);
    if (!m) {
      std::cerr << "dutyscore report: no member '" << *id << "' in " << o.common.members_path << '\n';
      return kNotFound;
    }
    const std::string html = member_notice_html(job.rules, job.members, job.records, job.period, scores,
                                                ev.explain(*m, &scores), ro);
    if (browser) return writer.write(*o.common.output_path, html) ? kOk : kOutputFailed;
    return write_output(o.common, html) ? kOk : kOutputFailed;
  }
  if (o.all) {
    const std::string& dir = *o.out_dir;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      std::cerr << "dutyscore: cannot create " << dir << ": " << ec.message() << '\n';
      return kOutputFailed;
    }
    std::size_t suffixed = 0;
    const std::vector<std::string> names = notice_file_names(job.members, &suffixed);
    for (MemberIndex m = 0; m < job.members.size(); ++m) {
      const std::string path = (std::filesystem::path(dir) / notice_file(names[m], writer.extension())).string();
      if (!writer.write(path, member_notice_html(job.rules, job.members, job.records, job.period, scores,
                                                 ev.explain(m, &scores), ro)))
        return kOutputFailed;
    }
    std::cerr << job.members.size() << " notices written to " << dir;
    if (suffixed > 0)
      std::cerr << " (" << suffixed << " named <id>-<hash>" << writer.extension()
                << ": their ids are not plain file "
                << "names, or differ from another only in case)";
    std::cerr << '\n';
    return kOk;
  }
  if (const auto& path = o.print_file) {
    std::vector<MemberIndex> everyone(job.members.size());
    for (MemberIndex m = 0; m < job.members.size(); ++m) everyone[m] = m;
    if (!writer.write(*path, notices_print_html(job.rules, job.members, job.records, ev, scores, everyone, ro)))
      return kOutputFailed;
    std::cerr << job.members.size() << " notices written to " << *path << '\n';
    return kOk;
  }
  SummaryExtras extras;
  extras.commendations = commendation_lists(job.rules, job.members, scores, job.period);
  std::optional<GroupScores> groups;
  if (job.rules.groups.enabled) {
    groups = score_groups(job.rules, job.members, job.records, job.period, scores);
    extras.groups = &*groups;
  }
  std::optional<MultiYearResult> years;
  if (o.from_year) {
    years = evaluate_years(job.rules, job.members, job.records, *o.from_year, *o.to_year,
                           EvaluateOptions{job.threads, {}});
    extras.years = &*years;
  }
  return writer.write(*o.summary, office_summary_html(job.rules, job.members, scores, job.period, extras, ro))
             ? kOk
             : kOutputFailed;
}

void declare_report(CLI::App& app, ReportCommandLine& o) {
  declare_common_options(app, o.common, kJob | kOutputFile, {{"html", ""}});
  app.get_option("--output")->description(
      "with --member: write to FILE instead of standard output");
  app.add_option("--member", o.member,
                 "one member's result notice, to --output or standard output")
      ->type_name("ID");
  app.add_flag("--all", o.all,
               "every member's notice, into --out DIR as <member_id>.html (an id\n"
               "that is no plain file name gets a suffix: A/1 -> A_1-<hash>.html)");
  app.add_option("--out", o.out_dir, "the folder for --all")->type_name("DIR");
  app.add_option("--print-file", o.print_file,
                 "every member's notice in one file, each on a new page,\n"
                 "in member order: one print gives the whole run")
      ->type_name("FILE");
  app.add_option("--summary", o.summary,
                 "the office summary: grade counts, distribution of totals,\n"
                 "commendation lists, the members to act on (minimum unmet,\n"
                 "vetoed; across years with --from-year/--to-year), averages by\n"
                 "sector and group, group ranking (when the rule set has 'groups')")
      ->type_name("FILE");
  add_checked_option(app, "--form", "F", o.form,
                     words_to<NoticeForm>({{"brief", NoticeForm::Brief}, {"full", NoticeForm::Full}}),
                     "brief or full",
                     "the notices' form: full (default: with every audit line)\n"
                     "or brief (one A4 page)");
  app.add_option("--committee", o.committee,
                 "the issuing office printed at the top, e.g. 政协某某县委员会办公室")
      ->type_name("TEXT");
  app.add_option("--office", o.office,
                 "the office block (YAML: name, contact, appeal_by, appeal_to,\n"
                 "seal, issued; docs/rules.md §17) over the rule set's own")
      ->type_name("FILE");
  app.add_flag("--pdf", o.pdf,
               "write PDF instead of HTML, printed through headless Chromium\n"
               "(--member then needs --output FILE; --all starts the browser\n"
               "once per member, --print-file once for all)");
  add_year_option(app, "--from-year", o.from_year,
                  "with --summary: score every year from this one to\n"
                  "--to-year and list the members the across-years rules flag");
  add_year_option(app, "--to-year", o.to_year, "the last year for --from-year");
}

const CommandRegistration kRegistration{kText, declare_report, run_report};

}  // namespace
}  // namespace dutyscore::cli
