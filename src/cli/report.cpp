#include <filesystem>
#include <fstream>
#include <iostream>

#include "command.h"
#include "job.h"
#include "dutyscore/commendation.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/groups.h"
#include "dutyscore/report_html.h"

namespace dutyscore::cli {
namespace {

const char* const kReportHelp = R"(Usage: dutyscore report --rules FILE --members FILE --records FILE (--member ID | --all --out DIR | --summary FILE) [options]

Writes reports people read, as self-contained HTML (no script, nothing
fetched; print to PDF from a browser, A4):
  --member ID       one member's result notice (to --output or standard output)
  --all --out DIR   every member's notice, as DIR/<member_id>.html
  --summary FILE    the office summary: distribution of totals, grade counts,
                    category averages by sector and group, group ranking
                    (when the rule set has 'groups') and commendation lists

Options:
)";

const char* const kReportHelpTail = R"(  --committee TEXT  the issuing office printed at the top, e.g. 政协某某县委员会办公室
  --output FILE     with --member: write to FILE instead of standard output

Exit codes: 0 ok, 1 input problems, 2 usage, 3 output not written, 4 no such member.
)";

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
std::string file_name_of(const std::string& id) {
  std::string out;
  for (char c : id) {
    const bool plain = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                       c == '.' || c == '_' || c == '-';
    out += plain ? c : '_';
  }
  if (out.empty() || out[0] == '.') out.insert(out.begin(), '_');
  return out + ".html";
}

int run_report(int argc, char** argv) {
  auto valued = job_options();
  valued.insert({"member", "out", "summary", "committee"});
  Args args(valued, {"help", "all"});
  const std::string help = std::string(kReportHelp) + kJobOptionsHelp + kReportHelpTail;
  if (auto stop = parse_command_line(args, argc, argv, "dutyscore report", help)) return *stop;
  const int modes = (args.has("member") ? 1 : 0) + (args.has("all") ? 1 : 0) + (args.has("summary") ? 1 : 0);
  if (modes != 1) {
    std::cerr << "dutyscore report: give one of --member ID, --all --out DIR, --summary FILE\n";
    return kUsage;
  }
  if (args.has("all") != args.has("out")) {
    std::cerr << "dutyscore report: --all and --out DIR go together\n";
    return kUsage;
  }
  Job job;
  if (auto stop = load_job(args, job)) return *stop;
  ReportOptions ro;
  ro.committee = args.get("committee").value_or("");
  Evaluation ev(job.rules, job.members, job.records, job.period);
  const Scores scores = ev.score();

  if (auto id = args.get("member")) {
    const auto m = job.members.find(*id);
    if (!m) {
      std::cerr << "dutyscore report: no member '" << *id << "' in " << *args.get("members") << '\n';
      return kNotFound;
    }
    const Audit audit = ev.explain(*m, &scores);
    return write_output(args, member_notice_html(job.rules, job.members, job.records, job.period, scores, audit, ro))
               ? kOk
               : kOutputFailed;
  }
  if (args.has("all")) {
    const std::string dir = *args.get("out");
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) {
      std::cerr << "dutyscore: cannot create " << dir << ": " << ec.message() << '\n';
      return kOutputFailed;
    }
    for (MemberIndex m = 0; m < job.members.size(); ++m) {
      const Audit audit = ev.explain(m, &scores);
      const std::string path = (std::filesystem::path(dir) / file_name_of(job.members.id(m))).string();
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
  return write_file(*args.get("summary"),
                    office_summary_html(job.rules, job.members, scores, job.period, extras, ro))
             ? kOk
             : kOutputFailed;
}

const CommandRegistration kRegistration{
    {"report", "write HTML result notices per member and the office summary (print to PDF)", run_report}};

}  // namespace
}  // namespace dutyscore::cli
