#include <filesystem>
#include <fstream>
#include <iostream>

#include "command.h"
#include "job.h"
#include "options.h"
#include "dutyscore/commendation.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/groups.h"
#include "dutyscore/report_html.h"

namespace dutyscore::cli {
namespace {

const CommandText kText{
    "report",
    "write HTML result notices per member and the office summary (print to PDF)",
    R"(Writes reports people read, as self-contained HTML (no script, nothing
fetched; print to PDF from a browser, A4): one of --member ID, --all --out DIR
or --summary FILE.)",
    R"(Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written, 4 no such member.)"};

struct ReportCommandLine {
  CommonOptions common;
  std::optional<std::string> member;   // --member ID: one member's notice
  bool all = false;                    // --all: every member's notice, into --out DIR
  std::optional<std::string> out_dir;  // --out DIR
  std::optional<std::string> summary;  // --summary FILE: the office summary
  std::string committee;               // --committee TEXT
};

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) {
    std::cerr << "dutyscore: cannot write " << path << '\n';
    return false;
  }
  return true;
}

// A member id as a file name: characters outside [A-Za-z0-9._-] become '_'.
int run_report(const ReportCommandLine& o) {
  const int modes = (o.member ? 1 : 0) + (o.all ? 1 : 0) + (o.summary ? 1 : 0);
  if (modes != 1) {
    std::cerr << "dutyscore report: give one of --member ID, --all --out DIR, --summary FILE\n";
    return kUsage;
  }
  if (o.all != o.out_dir.has_value()) {
    std::cerr << "dutyscore report: --all and --out DIR go together\n";
    return kUsage;
  }
  Job job;
  if (auto stop = load_job(o.common, job)) return *stop;
  ReportOptions ro;
  ro.committee = o.committee;
  Evaluation ev(job.rules, job.members, job.records, job.period);
  const Scores scores = ev.score();

  if (const auto& id = o.member) {
    const auto m = job.members.find(*id);
    if (!m) {
      std::cerr << "dutyscore report: no member '" << *id << "' in " << o.common.members_path << '\n';
      return kNotFound;
    }
    const Audit audit = ev.explain(*m, &scores);
    return write_output(o.common, member_notice_html(job.rules, job.members, job.records, job.period, scores, audit, ro))
               ? kOk
               : kOutputFailed;
  }
  if (o.all) {
    const std::string& dir = *o.out_dir;
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      std::cerr << "dutyscore: cannot create " << dir << ": " << ec.message() << '\n';
      return kOutputFailed;
    }
    for (MemberIndex m = 0; m < job.members.size(); ++m) {
      const Audit audit = ev.explain(m, &scores);
      const std::string path = (std::filesystem::path(dir) / notice_file_name(job.members.id(m))).string();
      if (!write_file(path, member_notice_html(job.rules, job.members, job.records, job.period, scores, audit, ro)))
        return kOutputFailed;
    }
    std::cerr << job.members.size() << " notices written to " << dir << '\n';
    return kOk;
  }
  SummaryExtras extras;
  extras.commendations = commendation_lists(job.rules, job.members, scores, job.period);
  std::optional<GroupScores> groups;
  if (job.rules.groups.enabled) {
    groups = score_groups(job.rules, job.members, job.records, job.period, scores);
    extras.groups = &*groups;
  }
  return write_file(*o.summary,
                    office_summary_html(job.rules, job.members, scores, job.period, extras, ro))
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
  app.add_flag("--all", o.all, "every member's notice, into --out DIR as <member_id>.html");
  app.add_option("--out", o.out_dir, "the folder for --all")->type_name("DIR");
  app.add_option("--summary", o.summary,
                 "the office summary: distribution of totals, grade counts,\n"
                 "category averages by sector and group, group ranking\n"
                 "(when the rule set has 'groups') and commendation lists")
      ->type_name("FILE");
  app.add_option("--committee", o.committee,
                 "the issuing office printed at the top, e.g. 政协某某县委员会办公室")
      ->type_name("TEXT");
}

const CommandRegistration kRegistration{kText, declare_report, run_report};

}  // namespace
}  // namespace dutyscore::cli
