// dutyscore-compare: the C++ side of bench/compare (see README.md there).
//
// Every mode prints one JSON object per line on standard output, which
// compare.mjs parses; human messages go to standard error.
//
//   gen            --records N --out DIR [--per-member K] [--seed S] [--year Y]
//   sample         --data DIR --records N --out DIR
//   describe       --rules R
//   eval-memory    --rules R [--rules R2 ...] --data DIR [--threads 2,1] [--repeat K]
//                  [--ceiling] [--totals FILE] [--year Y] [--audit K] [--synthetic 20,200,u200]
//   ceiling        --data DIR [--threads 2,1] [--repeat K]
//   eval-default   --rules rules/default.yaml --data DIR [--threads 2,1] [--repeat K]
//   csv-to-ranking --rules R --data DIR [--threads 2] [--totals FILE] [--year Y]
#include <malloc.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include <sys/resource.h>

#include "dutyscore/decimal.h"
#include "dutyscore/evaluate.h"
#include "dutyscore/input.h"
#include "dutyscore/period.h"
#include "dutyscore/problem.h"
#include "dutyscore/record_batch.h"
#include "dutyscore/rule_loader.h"
#include "dutyscore/rule_set.h"
#include "dutyscore/scores.h"
#include "bench_support.h"
#include "generator.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// ------------------------------------------------------------------ options

struct Args {
  std::string mode;
  std::map<std::string, std::vector<std::string>> values;
  std::unordered_set<std::string> switches;

  bool has(const std::string& key) const { return values.count(key) != 0; }
  std::string get(const std::string& key, const std::string& fallback = "") const {
    auto it = values.find(key);
    return it == values.end() ? fallback : it->second.back();
  }
  const std::vector<std::string>& all(const std::string& key) const {
    static const std::vector<std::string> none;
    auto it = values.find(key);
    return it == values.end() ? none : it->second;
  }
};

const std::unordered_set<std::string>& switch_names() {
  static const std::unordered_set<std::string> names = {"--ceiling"};
  return names;
}

std::optional<Args> parse_args(int argc, char** argv) {
  if (argc < 2) return std::nullopt;
  Args a;
  a.mode = argv[1];
  for (int i = 2; i < argc; ++i) {
    const std::string key = argv[i];
    if (switch_names().count(key)) {
      a.switches.insert(key);
      continue;
    }
    if (key.rfind("--", 0) != 0 || i + 1 >= argc) {
      std::cerr << "dutyscore-compare: bad option '" << key << "'\n";
      return std::nullopt;
    }
    a.values[key].push_back(argv[++i]);
  }
  return a;
}

std::uint64_t to_u64(const std::string& text, const char* what) {
  char* end = nullptr;
  const unsigned long long v = std::strtoull(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0') {
    std::cerr << "dutyscore-compare: " << what << " needs a whole number, got '" << text << "'\n";
    std::exit(2);
  }
  return v;
}

std::vector<unsigned> thread_list(const Args& a) {
  std::vector<unsigned> out;
  std::stringstream in(a.get("--threads", "2,1"));
  std::string item;
  while (std::getline(in, item, ','))
    out.push_back(static_cast<unsigned>(std::max<std::uint64_t>(1, to_u64(item, "--threads"))));
  return out;
}

std::string json_string(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\u%04x", c);
      out += buf;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The bytes a Scores holds: what grows with the members, not the records,
// beside the member table at the CSV stage's peak (its scoring).
std::uint64_t scores_bytes(const dutyscore::Scores& s) {
  const auto bytes = [](const auto& v) { return std::uint64_t{v.capacity()} * sizeof(v[0]); };
  return std::uint64_t(s.subtotals.size()) * sizeof(dutyscore::Points) + bytes(s.totals) +
         bytes(s.grade) + bytes(s.flags) + bytes(s.unmet) + bytes(s.vetoes) + bytes(s.rank) +
         bytes(s.order) + bytes(s.part_best);
}

// Peak resident memory of this process so far, in MiB.
long peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;
}

std::string json_number(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.3f", v);
  return buf;
}

void print_problems(const dutyscore::Problems& problems) {
  for (const auto& p : problems.all()) std::cerr << dutyscore::format_problem(p) << "\n";
}

// ------------------------------------------------------------------ loading

struct Data {
  dutyscore::MemberTable members;
  dutyscore::RecordBatch records;
  double read_ms = 0;   // files into memory
  double parse_ms = 0;  // CSV text into the member table and batch
  double members_ms = 0;  // of which the member table
};

// `threads` read the records file; the batch is the same for any count.
// The records file is read window by window (read_records_file), never
// held whole, as the command line reads it.
std::optional<Data> load_data(const std::string& dir, unsigned threads) {
  dutyscore::Problems problems;
  Data d;
  dutyscore::FileText members_text;
  auto t = Clock::now();
  if (!dutyscore::read_file((fs::path(dir) / "members.csv").string(), members_text, problems)) {
    print_problems(problems);
    return std::nullopt;
  }
  d.read_ms = ms_since(t);
  t = Clock::now();
  dutyscore::InputOptions options;
  options.threads = threads;
  auto members = dutyscore::read_members(members_text.view(), "members.csv", options, problems);
  if (!members) {
    print_problems(problems);
    return std::nullopt;
  }
  d.members_ms = ms_since(t);
  members_text = dutyscore::FileText();
  auto records = dutyscore::read_records_file((fs::path(dir) / "records.csv").string(), *members,
                                              options, problems);
  if (!records) {
    print_problems(problems);
    return std::nullopt;
  }
  d.parse_ms = ms_since(t);
  d.members = std::move(*members);
  d.records = std::move(*records);
  return d;
}

std::optional<dutyscore::RuleSet> load_rules(const std::string& path) {
  dutyscore::Problems problems;
  auto rules = dutyscore::load_rules_file(path, problems);
  if (!rules || problems.has_errors()) {
    print_problems(problems);
    return std::nullopt;
  }
  return rules;
}

dutyscore::Period period_of(const Args& a) {
  return dutyscore::Period::calendar_year(static_cast<int>(to_u64(a.get("--year", "2025"), "--year")));
}

// member_id,total_units,rank with the total in units of 10^-precision (an
// integer, so the orchestrator compares exactly, with no decimal parsing).
bool write_totals(const std::string& path, const dutyscore::MemberTable& members,
                  const dutyscore::Scores& scores) {
  std::string out = "member_id,total_units,rank\n";
  for (dutyscore::MemberIndex m = 0; m < members.size(); ++m) {
    out += members.id(m);
    out += ',';
    out += std::to_string(scores.totals[m]);
    out += ',';
    out += std::to_string(scores.rank[m]);
    out += '\n';
  }
  std::ofstream f(path, std::ios::binary);
  f.write(out.data(), static_cast<std::streamsize>(out.size()));
  return static_cast<bool>(f);
}

// ------------------------------------------------------------------ ceiling

// The memory ceiling: a plain pass that reads the record columns the
// evaluator reads (class, day, position, item size, quantity) straight from
// the batch's arrays and sums them into a checksum so nothing is optimised
// away. The engine's time is measured against this.
std::uint64_t ceiling_pass(const dutyscore::RecordBatch& batch, std::size_t begin,
                           std::size_t end) {
  const std::uint16_t* classes = batch.class_column().data();
  const std::uint16_t* days = batch.day_column().data();
  const std::uint16_t* positions = batch.position_column().data();
  const std::uint16_t* item_sizes = batch.item_size_column().data();
  const std::int32_t* quantities = batch.quantity_column().data();
  std::uint64_t sum = 0;
  for (std::size_t row = begin; row < end; ++row) {
    sum += classes[row];
    sum += days[row];
    sum += positions[row];
    sum += item_sizes[row];
    sum += static_cast<std::uint64_t>(static_cast<std::int64_t>(quantities[row]));
  }
  return sum;
}

std::uint64_t ceiling_pass(const dutyscore::RecordBatch& batch) {
  return ceiling_pass(batch, 0, batch.size());
}

// The same pass split into `threads` contiguous row ranges.
std::uint64_t ceiling_parallel(const dutyscore::RecordBatch& batch, unsigned threads) {
  if (threads <= 1) return ceiling_pass(batch);
  std::vector<std::uint64_t> sums(threads, 0);
  std::vector<std::thread> pool;
  const std::size_t n = batch.size();
  for (unsigned t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      sums[t] = ceiling_pass(batch, n * t / threads, n * (t + 1) / threads);
    });
  }
  for (auto& th : pool) th.join();
  std::uint64_t sum = 0;
  for (const auto s : sums) sum += s;
  return sum;
}

void run_ceiling(const Data& d, const std::vector<unsigned>& threads, int repeat) {
  for (const unsigned t : threads) {
    double best = 1e300;
    std::uint64_t checksum = 0;
    for (int r = 0; r < repeat; ++r) {
      const auto start = Clock::now();
      checksum = ceiling_parallel(d.records, t);
      best = std::min(best, ms_since(start));
    }
    std::cout << "{\"mode\":\"ceiling\",\"threads\":" << t << ",\"records\":" << d.records.size()
              << ",\"best_ms\":" << json_number(best) << ",\"checksum\":" << checksum << "}\n";
  }
}

// ------------------------------------------------------------------ modes

int mode_gen(const Args& a) {
  const std::uint64_t target = to_u64(a.get("--records", "20000000"), "--records");
  const std::uint64_t per_member = to_u64(a.get("--per-member", "40"), "--per-member");
  const std::string out_dir = a.get("--out");
  if (out_dir.empty() || per_member == 0) {
    std::cerr << "dutyscore-compare gen: --out DIR is required\n";
    return 2;
  }
  dutyscore::gen::Options o;
  o.seed = to_u64(a.get("--seed", "20250101"), "--seed");
  o.year = static_cast<int>(to_u64(a.get("--year", "2025"), "--year"));
  o.records_per_member = static_cast<std::uint32_t>(per_member);
  // The generator yields about 0.968 records per requested record a member
  // (measured at 40): aim the member count at the target.
  o.members = static_cast<std::uint32_t>(
      std::max<double>(3, std::ceil(static_cast<double>(target) / (0.968 * static_cast<double>(per_member)))));
  fs::create_directories(out_dir);
  const auto start = Clock::now();
  std::uint64_t records = 0;
  {
    std::ofstream members(fs::path(out_dir) / "members.csv", std::ios::binary);
    std::ofstream rec(fs::path(out_dir) / "records.csv", std::ios::binary);
    if (!members || !rec) {
      std::cerr << "dutyscore-compare gen: cannot write to " << out_dir << "\n";
      return 1;
    }
    dutyscore::gen::write_csv(o, members, rec);
    if (!members || !rec) {
      std::cerr << "dutyscore-compare gen: writing " << out_dir << " failed\n";
      return 1;
    }
  }
  // Count the rows written (the generator does not report them).
  {
    std::ifstream in(fs::path(out_dir) / "records.csv", std::ios::binary);
    std::vector<char> buf(1 << 20);
    while (in) {
      in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      records += static_cast<std::uint64_t>(
          std::count(buf.data(), buf.data() + in.gcount(), '\n'));
    }
    records -= records > 0;  // header
  }
  std::cout << "{\"mode\":\"gen\",\"members\":" << o.members << ",\"records\":" << records
            << ",\"ms\":" << json_number(ms_since(start)) << "}\n";
  return 0;
}

// The records of the first K members (K chosen for about N records), with
// those members: a data set of its own, cut from the full one.
int mode_sample(const Args& a) {
  const std::string data = a.get("--data"), out_dir = a.get("--out");
  const std::uint64_t target = to_u64(a.get("--records", "100000"), "--records");
  if (data.empty() || out_dir.empty()) {
    std::cerr << "dutyscore-compare sample: --data DIR and --out DIR are required\n";
    return 2;
  }
  std::ifstream members_in(fs::path(data) / "members.csv", std::ios::binary);
  std::ifstream records_in(fs::path(data) / "records.csv", std::ios::binary);
  if (!members_in || !records_in) {
    std::cerr << "dutyscore-compare sample: cannot read " << data << "\n";
    return 1;
  }
  std::vector<std::string> member_lines;
  std::string line;
  while (std::getline(members_in, line)) member_lines.push_back(line);
  std::uint64_t total_records = 0;
  {
    std::vector<char> buf(1 << 20);
    while (records_in) {
      records_in.read(buf.data(), static_cast<std::streamsize>(buf.size()));
      total_records += static_cast<std::uint64_t>(
          std::count(buf.data(), buf.data() + records_in.gcount(), '\n'));
    }
    total_records -= total_records > 0;
  }
  const std::size_t member_count = member_lines.empty() ? 0 : member_lines.size() - 1;
  if (member_count == 0 || total_records == 0) {
    std::cerr << "dutyscore-compare sample: no data in " << data << "\n";
    return 1;
  }
  const auto keep = std::min<std::size_t>(
      member_count,
      static_cast<std::size_t>(std::ceil(static_cast<double>(target) * static_cast<double>(member_count) /
                                         static_cast<double>(total_records))));
  fs::create_directories(out_dir);
  std::unordered_set<std::string> ids;
  std::ofstream members_out(fs::path(out_dir) / "members.csv", std::ios::binary);
  members_out << member_lines[0] << '\n';
  for (std::size_t i = 1; i <= keep; ++i) {
    members_out << member_lines[i] << '\n';
    ids.insert(member_lines[i].substr(0, member_lines[i].find(',')));
  }
  records_in.clear();
  records_in.seekg(0);
  std::ofstream records_out(fs::path(out_dir) / "records.csv", std::ios::binary);
  std::uint64_t kept = 0;
  std::getline(records_in, line);
  records_out << line << '\n';
  // The generator writes no quoted cells in the first two columns.
  while (std::getline(records_in, line)) {
    const auto c1 = line.find(',');
    const auto c2 = line.find(',', c1 + 1);
    if (c1 == std::string::npos || c2 == std::string::npos) continue;
    if (ids.count(line.substr(c1 + 1, c2 - c1 - 1))) {
      records_out << line << '\n';
      ++kept;
    }
  }
  if (!members_out || !records_out) {
    std::cerr << "dutyscore-compare sample: writing " << out_dir << " failed\n";
    return 1;
  }
  std::cout << "{\"mode\":\"sample\",\"members\":" << keep << ",\"records\":" << kept << "}\n";
  return 0;
}

std::string json_names(const std::vector<std::string>& names) {
  std::string out = "[";
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? "," : "") + json_string(names[i]);
  return out + "]";
}

// The rule set as JSON, for compare.mjs to turn into SQL and a ZEN decision
// table: one source of truth. Refuses what the other two engines are not
// given here (the comparison covers points by attribute, split and first_n
// shares, and category maxima).
int mode_describe(const Args& a) {
  const auto rules = load_rules(a.get("--rules"));
  if (!rules) return 1;
  std::vector<std::string> refused;
  for (const auto& c : rules->categories)
    if (c.start != 0 || c.floor) refused.push_back("category " + c.id + ": start/floor");
  if (!rules->exclusives.empty() || !rules->minimums.empty() || !rules->vetoes.empty() ||
      !rules->across_years.empty() || !rules->commendations.empty())
    refused.push_back("exclusive/minimums/vetoes/across_years/commendations");
  std::string out = "{\"mode\":\"describe\",\"id\":" + json_string(rules->id) +
                    ",\"precision\":" + std::to_string(rules->precision) + ",\"categories\":[";
  for (std::size_t i = 0; i < rules->categories.size(); ++i) {
    const auto& c = rules->categories[i];
    out += (i ? "," : "") + std::string("{\"id\":") + json_string(c.id) + ",\"max\":" +
           (c.max ? std::to_string(*c.max) : std::string("null")) + "}";
  }
  out += "],\"rules\":[";
  for (std::size_t i = 0; i < rules->rules.size(); ++i) {
    const auto& r = rules->rules[i];
    if (r.per_quantity || r.count != dutyscore::CountMode::All || r.from_nth != 1 ||
        r.limit != 0 || r.max || !r.tiers.empty() ||
        r.share.mode == dutyscore::ShareMode::ByPosition)
      refused.push_back("rule " + r.id + ": only points, points by, split and first_n");
    out += (i ? "," : "") + std::string("{\"id\":") + json_string(r.id) +
           ",\"category\":" + json_string(r.category) + ",\"when\":[";
    for (std::size_t k = 0; k < r.when.size(); ++k) {
      const auto& c = r.when[k];
      if (!c.roles.empty() || !c.sectors.empty() || !c.groups.empty() || c.position_min ||
          c.position_max)
        refused.push_back("rule " + r.id + ": conditions on kind/subtype/status/level/flags only");
      out += (k ? "," : "") + std::string("{\"kind\":") + json_names(c.kinds) +
             ",\"subtype\":" + json_names(c.subtypes) + ",\"status\":" + json_names(c.statuses) +
             ",\"level\":" + json_names(c.levels) + ",\"flags\":" + json_names(c.flags_all) +
             ",\"not_flags\":" + json_names(c.flags_none) + "}";
    }
    out += "],\"points\":" + std::to_string(r.points) + ",\"points_by\":" +
           json_string(r.points_by) + ",\"points_table\":{";
    bool first = true;
    for (const auto& [name, value] : r.points_table) {
      out += (first ? "" : ",") + json_string(name) + ":" + std::to_string(value);
      first = false;
    }
    out += "},\"share\":";
    switch (r.share.mode) {
      case dutyscore::ShareMode::Split:
        out += "{\"mode\":\"split\",\"num\":" + std::to_string(r.share.first.num) +
               ",\"den\":" + std::to_string(r.share.first.den) + "}";
        break;
      case dutyscore::ShareMode::FirstN:
        out += "{\"mode\":\"first_n\",\"n\":" + std::to_string(r.share.n) + "}";
        break;
      default:
        out += "{\"mode\":\"full\"}";
    }
    out += "}";
  }
  out += "]}";
  if (!refused.empty()) {
    for (const auto& r : refused) std::cerr << "dutyscore-compare describe: not comparable: " << r << "\n";
    return 1;
  }
  std::cout << out << "\n";
  return 0;
}

// One member's audit out of the whole batch, the evaluation bound once (as
// BM_ExplainOneMember): `--audit K` members spread over the table, each
// timed alone; the median and the slowest.
void time_audits(const Args& a, const std::string& path, const dutyscore::RuleSet& rules,
                 const Data& d, const dutyscore::Period& period) {
  const auto count = std::max<std::uint64_t>(1, to_u64(a.get("--audit"), "--audit"));
  if (d.members.size() == 0) return;
  const dutyscore::Evaluation ev(rules, d.members, d.records, period);
  std::vector<double> us;
  std::size_t lines = 0;
  for (std::uint64_t i = 0; i < count; ++i) {
    const auto m = static_cast<dutyscore::MemberIndex>((i * 7919) % d.members.size());
    const auto start = Clock::now();
    const auto audit = ev.explain(m);
    us.push_back(ms_since(start) * 1000);
    lines += audit.lines.size();
  }
  std::sort(us.begin(), us.end());
  std::cout << "{\"mode\":\"audit\",\"rules\":" << json_string(path) << ",\"records\":"
            << d.records.size() << ",\"audits\":" << us.size()
            << ",\"median_us\":" << json_number(us[us.size() / 2])
            << ",\"max_us\":" << json_number(us.back()) << ",\"lines\":" << lines << "}\n"
            << std::flush;
}

// The work a rule set gives the records, from the audit of every 16th
// member (untimed): (record, rule) pairs a record in the period matches,
// and rules a member's records touch. The scoring path's cost follows
// these, whatever the number of rules listed.
struct RuleWork {
  double matches_per_record = 0;
  double rules_per_member = 0;
};

RuleWork rule_work(const dutyscore::RuleSet& rules, const Data& d, const dutyscore::Period& period) {
  constexpr std::size_t kEvery = 16;
  const dutyscore::Evaluation evaluation(rules, d.members, d.records, period);
  std::size_t matches = 0, touched = 0, records = 0, members = 0;
  std::vector<std::int64_t> rows;  // the member's records in the period
  std::vector<int> seen;           // the rules they matched
  for (std::size_t m = 0; m < d.members.size(); m += kEvery) {
    const auto audit = evaluation.explain(static_cast<dutyscore::MemberIndex>(m));
    rows.clear();
    seen.clear();
    for (const auto& line : audit.lines) {
      using dutyscore::AuditKind;
      const bool match = line.kind == AuditKind::Record || line.kind == AuditKind::NotCounted ||
                         line.kind == AuditKind::Counting;
      if (match) {
        ++matches;
        seen.push_back(line.rule);
      }
      if (match || line.kind == AuditKind::Unmatched) rows.push_back(line.row);
    }
    std::sort(seen.begin(), seen.end());
    touched += static_cast<std::size_t>(std::unique(seen.begin(), seen.end()) - seen.begin());
    std::sort(rows.begin(), rows.end());
    records += static_cast<std::size_t>(std::unique(rows.begin(), rows.end()) - rows.begin());
    ++members;
  }
  RuleWork work;
  if (records > 0) work.matches_per_record = static_cast<double>(matches) / static_cast<double>(records);
  if (members > 0) work.rules_per_member = static_cast<double>(touched) / static_cast<double>(members);
  return work;
}

// BM_EvaluateRules on this batch: the benchmarks' synthetic rule sets of
// `--synthetic 20,200` rules (bench/bench_support.cpp), 1 thread, best of
// `repeat`, to see how the cost grows with the rule count. "u200" is
// BM_EvaluateRulesUnmatched's set: the 20 rules and 180 that no record
// matches, which must give the 20 rules' totals (else the run stops): what
// the rule count costs by itself, the work a record does held the same.
// The sets take turns, one evaluation each a round: timed one set after
// the other, the first set of the national run took 374 ms as its best of
// 11 and 236 ms when timed again after the others (the machine's state
// after the stages before, not the rule set).
void time_synthetic(const Args& a, const Data& d, const dutyscore::Period& period, int repeat) {
  struct Set {
    std::string item;
    bool unmatched = false;
    std::uint64_t count = 0;
    const dutyscore::RuleSet* rules = nullptr;
    double best = 1e300;
    dutyscore::Points checksum = 0;  // printed, so no repeat is optimised away
    std::vector<dutyscore::Points> totals;
    dutyscore::Scores scores;
  };
  std::vector<Set> sets;
  std::stringstream in(a.get("--synthetic"));
  std::string item;
  while (std::getline(in, item, ',')) {
    const bool unmatched = !item.empty() && item[0] == 'u';
    const auto count = to_u64(unmatched ? item.substr(1) : item, "--synthetic");
    const auto& rules = unmatched ? dutyscore::bench::unmatched_rules(count)
                                  : dutyscore::bench::synthetic_rules(count);
    Set set;
    set.item = item;
    set.unmatched = unmatched;
    set.count = count;
    set.rules = &rules;
    sets.push_back(std::move(set));
  }
  for (int r = 0; r < repeat; ++r) {
    for (Set& set : sets) {
      const auto start = Clock::now();
      // Into the set's last Scores, as the in-memory stage scores.
      dutyscore::Evaluation(*set.rules, d.members, d.records, period)
          .score_into(set.scores, dutyscore::EvaluateOptions{1, {}});
      set.best = std::min(set.best, ms_since(start));
      const dutyscore::Scores& scores = set.scores;
      set.checksum = 0;
      for (const auto total : scores.totals) set.checksum += total;
      if (set.unmatched) set.totals = scores.totals;  // checked below
    }
  }
  for (const Set& set : sets) {
    if (set.unmatched && set.totals != dutyscore::evaluate(dutyscore::bench::synthetic_rules(20),
                                                           d.members, d.records, period,
                                                           dutyscore::EvaluateOptions{1, {}})
                                           .totals) {
      std::cerr << "dutyscore-compare: a rule added to the 20 in --synthetic " << set.item
                << " matches a record: it would measure something else\n";
      std::exit(1);
    }
    const RuleWork work = rule_work(*set.rules, d, period);
    std::cout << "{\"mode\":\"synthetic\",\"rules\":" << set.count
              << ",\"unmatched\":" << (set.unmatched ? "true" : "false")
              << ",\"threads\":1,\"records\":" << d.records.size()
              << ",\"best_ms\":" << json_number(set.best) << ",\"checksum\":" << set.checksum
              << ",\"matches_per_record\":" << json_number(work.matches_per_record)
              << ",\"rules_per_member\":" << json_number(work.rules_per_member) << "}\n"
              << std::flush;
  }
}

// Times binding the rule set and scoring the in-memory batch, best of
// `repeat`, per rule file and thread count; optionally the ceiling pass.
int mode_eval_memory(const Args& a, bool with_ceiling) {
  const auto data = load_data(a.get("--data"), thread_list(a).front());
  if (!data) return 1;
  std::cout << "{\"mode\":\"load\",\"records\":" << data->records.size()
            << ",\"members\":" << data->members.size() << ",\"read_ms\":"
            << json_number(data->read_ms) << ",\"parse_ms\":" << json_number(data->parse_ms)
            << ",\"batch_bytes\":" << data->records.memory_bytes()
            << ",\"peak_rss_mib\":" << peak_rss_mib() << "}\n"
            << std::flush;
  const int repeat = static_cast<int>(std::max<std::uint64_t>(1, to_u64(a.get("--repeat", "5"), "--repeat")));
  const auto threads = thread_list(a);
  const auto period = period_of(a);
  if (with_ceiling) run_ceiling(*data, threads, repeat);
  bool totals_written = false;
  for (const auto& path : a.all("--rules")) {
    const auto rules = load_rules(path);
    if (!rules) return 1;
    for (const unsigned t : threads) {
      double best = 1e300, best_score = 1e300, best_bind = 1e300, first = 0;
      // Each repeat scores into the last one's Scores (score_into), as a
      // program scoring again would, and as the ceiling pass and DuckDB's
      // repeats work in memory they have. The first repeat takes fresh
      // memory for them: at 10^8 records the 100 MB of subtotals came
      // zeroed by the system at every score(), glibc handing blocks that
      // large back when freed. It is printed too (first_ms).
      dutyscore::Scores scores;
      for (int r = 0; r < repeat; ++r) {
        const auto start = Clock::now();
        dutyscore::Evaluation ev(*rules, data->members, data->records, period);
        const double bind = ms_since(start);
        const auto score_start = Clock::now();
        ev.score_into(scores, dutyscore::EvaluateOptions{t, {}});
        best_score = std::min(best_score, ms_since(score_start));
        best_bind = std::min(best_bind, bind);
        const double whole = ms_since(start);
        best = std::min(best, whole);
        if (r == 0) first = whole;
      }
      std::cout << "{\"mode\":\"eval-memory\",\"rules\":" << json_string(path)
                << ",\"threads\":" << t << ",\"records\":" << data->records.size()
                << ",\"members\":" << data->members.size() << ",\"best_ms\":" << json_number(best)
                << ",\"bind_ms\":" << json_number(best_bind)
                << ",\"score_ms\":" << json_number(best_score)
                << ",\"first_ms\":" << json_number(first) << ",\"repeat\":" << repeat << "}\n"
                << std::flush;
      if (a.has("--audit") && t == threads.front()) time_audits(a, path, *rules, *data, period);
      if (!totals_written && a.has("--totals")) {
        if (!write_totals(a.get("--totals"), data->members, scores)) {
          std::cerr << "dutyscore-compare: cannot write " << a.get("--totals") << "\n";
          return 1;
        }
        totals_written = true;
      }
    }
  }
  if (a.has("--synthetic")) time_synthetic(a, *data, period, repeat);
  return 0;
}

int mode_ceiling(const Args& a) {
  const auto data = load_data(a.get("--data"), thread_list(a).front());
  if (!data) return 1;
  run_ceiling(*data, thread_list(a),
              static_cast<int>(std::max<std::uint64_t>(1, to_u64(a.get("--repeat", "5"), "--repeat"))));
  return 0;
}

// From the CSV files on disk to every member's total, grade and rank.
int mode_csv_to_ranking(const Args& a) {
  // As the command line does (src/cli/main.cpp), which this mode stands
  // for: freed buffers of 4 MiB and more go back to the system instead of
  // staying resident while the batch grows. The other modes repeat their
  // stage in one process, as a program linking the library would, with
  // glibc's default (which reuses the freed memory without new faults).
  mallopt(M_MMAP_THRESHOLD, 4 << 20);
  const auto threads = thread_list(a);
  const auto period = period_of(a);
  const auto start = Clock::now();
  const auto rules = load_rules(a.get("--rules"));
  if (!rules) return 1;
  const auto data = load_data(a.get("--data"), thread_list(a).front());
  if (!data) return 1;
  const auto eval_start = Clock::now();
  dutyscore::Evaluation ev(*rules, data->members, data->records, period);
  const auto scores = ev.score(dutyscore::EvaluateOptions{threads.front(), {}});
  const double eval_ms = ms_since(eval_start);
  const double total_ms = ms_since(start);
  std::cout << "{\"mode\":\"csv-to-ranking\",\"threads\":" << threads.front()
            << ",\"records\":" << data->records.size() << ",\"members\":" << data->members.size()
            << ",\"ms\":" << json_number(total_ms) << ",\"read_ms\":" << json_number(data->read_ms)
            << ",\"parse_ms\":" << json_number(data->parse_ms)
            << ",\"members_ms\":" << json_number(data->members_ms)
            << ",\"eval_ms\":" << json_number(eval_ms) << ",\"peak_rss_mib\":" << peak_rss_mib()
            << ",\"batch_bytes\":" << data->records.memory_bytes()
            << ",\"members_bytes\":" << data->members.memory_bytes()
            << ",\"scores_bytes\":" << scores_bytes(scores)
            << ",\"records_csv_bytes\":" << fs::file_size(fs::path(a.get("--data")) / "records.csv")
            << ",\"members_csv_bytes\":" << fs::file_size(fs::path(a.get("--data")) / "members.csv")
            << "}\n";
  if (a.has("--totals") && !write_totals(a.get("--totals"), data->members, scores)) {
    std::cerr << "dutyscore-compare: cannot write " << a.get("--totals") << "\n";
    return 1;
  }
  return 0;
}

const char* const kUsage =
    "usage: dutyscore-compare MODE [options]   (bench/compare/README.md)\n"
    "  gen            --records N --out DIR [--per-member K] [--seed S] [--year Y]\n"
    "  sample         --data DIR --records N --out DIR\n"
    "  describe       --rules R\n"
    "  eval-memory    --rules R [--rules R2] --data DIR [--threads 2,1] [--repeat K] [--ceiling]\n"
    "                 [--totals FILE] [--year Y] [--audit K] [--synthetic 20,200,u200]\n"
    "  ceiling        --data DIR [--threads 2,1] [--repeat K]\n"
    "  eval-default   --rules rules/default.yaml --data DIR [--threads 2,1] [--repeat K]\n"
    "  csv-to-ranking --rules R --data DIR [--threads 2] [--totals FILE] [--year Y]\n";

}  // namespace

int main(int argc, char** argv) {
  const auto args = parse_args(argc, argv);
  if (!args) {
    std::cerr << kUsage;
    return 2;
  }
  try {
    const std::string& m = args->mode;
    if (m == "gen") return mode_gen(*args);
    if (m == "sample") return mode_sample(*args);
    if (m == "describe") return mode_describe(*args);
    if (m == "eval-memory") return mode_eval_memory(*args, args->switches.count("--ceiling") != 0);
    if (m == "eval-default") return mode_eval_memory(*args, false);
    if (m == "ceiling") return mode_ceiling(*args);
    if (m == "csv-to-ranking") return mode_csv_to_ranking(*args);
    std::cerr << kUsage;
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "dutyscore-compare: " << e.what() << "\n";
    return 1;
  }
}
