// The JSON writers of results_json.h, all through one JsonWriter so every
// document has the same layout, escaping and exact decimals.
#include "dutyscore/results_json.h"

#include "dutyscore/scores_format.h"
#include "base/json_writer.h"
#include "output/note_text.h"

namespace dutyscore {

using detail::JsonWriter;

namespace {

std::int64_t whole(std::size_t n) { return static_cast<std::int64_t>(n); }

const char* ties_name(BoundaryTies ties) {
  return ties == BoundaryTies::Include ? "include" : "exclude";
}

// The record of an audit line, or null.
void write_record(JsonWriter& w, const RecordBatch& b, std::int64_t row_index) {
  if (row_index < 0) {
    w.null();
    return;
  }
  const auto row = static_cast<std::size_t>(row_index);
  const auto text_or_null = [&](const Dictionary& dict, Code code) {
    if (code == kAbsent) w.null();
    else w.string(dict.text(code));
  };
  w.begin_object(JsonWriter::kInline);
  w.key("record_id").string(b.record_id(row));
  w.key("date").string(format_day(b.date(row)));
  w.key("kind").string(b.kinds().text(b.kind(row)));
  w.key("subtype");
  text_or_null(b.subtypes(), b.subtype(row));
  w.key("status");
  text_or_null(b.statuses(), b.status(row));
  w.key("level");
  text_or_null(b.levels(), b.level(row));
  w.key("ref");
  text_or_null(b.refs(), b.ref(row));
  w.key("position").integer_or_null(b.position(row));
  w.key("participants").integer(b.item_size(row));
  std::vector<std::string> flags;
  for (Code code = 1; code < b.flag_names().size(); ++code)
    if (b.flags(row) >> (code - 1) & 1) flags.emplace_back(b.flag_names().text(code));
  w.key("flags").strings(flags);
  w.key("quantity");
  if (b.quantity(row) == kNoQuantity) w.null();
  else w.points(b.quantity(row), 4);
  w.end_object();
}

// The id and label of the rule (minimum, veto) an audit line names.
void write_rule(JsonWriter& w, const RuleSet& rs, const AuditLine& line) {
  std::string id, label;
  if (line.rule >= 0) {
    const auto i = static_cast<std::size_t>(line.rule);
    if (line.kind == AuditKind::MinimumUnmet || line.kind == AuditKind::MinimumMet) {
      id = rs.minimums[i].id;
      label = rs.minimums[i].label;
    } else if (line.kind == AuditKind::Veto) {
      id = rs.vetoes[i].id;
      label = rs.vetoes[i].label;
    } else {
      id = rs.rules[i].id;
      label = rs.rules[i].label;
    }
  }
  w.key("rule").string_or_null(id);
  w.key("rule_label").string_or_null(label.empty() ? id : label);
}

// A whole document: one object that `body` fills.
template <typename Body>
std::string json_object(Body&& body) {
  std::string out;
  JsonWriter w(out);
  w.begin_object();
  body(w);
  w.end_object();
  w.finish();
  return out;
}

void write_member_head(JsonWriter& w, const MemberTable& members, MemberIndex m) {
  w.key("member_id").string(members.id(m));
  w.key("name").string(members.name(m));
}

}  // namespace

std::string audit_json(const RuleSet& rs, const MemberTable& members, const RecordBatch& b,
                       const Period& period, const Scores& scores, const Audit& audit,
                       Language language) {
  const MemberIndex m = audit.member;
  const int p = rs.precision;
  return json_object([&](JsonWriter& w) {
    w.key("ruleset").string(rs.id);
    w.key("period").period(period);
    w.key("member").begin_object(JsonWriter::kInline);
    write_member_head(w, members, m);
    w.key("unit").string_or_null(members.unit(m));
    w.key("sector").string_or_null(members.sector_names().text(members.sector(m)));
    w.key("group").string_or_null(members.group_names().text(members.group(m)));
    w.end_object();
    w.key("total").points(audit.total, p);
    w.key("grade").string_or_null(rs.grade_label(audit.grade));
    w.key("rank").integer_or_null(audit.rank);
    w.key("flags").strings(member_flag_list(rs, scores, m));
    w.key("categories").begin_array();
    for (std::size_t c = 0; c < rs.categories.size(); ++c) {
      Points sum = 0;
      for (const auto& line : audit.lines)
        if (line.category == static_cast<int>(c)) sum += line.points;
      w.begin_object(JsonWriter::kInline);
      w.key("id").string(rs.categories[c].id);
      w.key("label").string(rs.category_label(static_cast<int>(c)));
      w.key("subtotal").points(sum, p);
      w.key("max").points_or_null(rs.categories[c].max, p);
      w.end_object();
    }
    w.end_array();
    w.key("lines").begin_array();
    for (const auto& line : audit.lines) {
      w.begin_object(JsonWriter::kInline);
      w.key("kind").string(to_string(line.kind));
      if (line.category >= 0) {
        w.key("category").string(rs.categories[static_cast<std::size_t>(line.category)].id);
        w.key("category_label").string(rs.category_label(line.category));
      } else {
        w.key("category").null();
        w.key("category_label").null();
      }
      write_rule(w, rs, line);
      w.key("record");
      write_record(w, b, line.row);
      w.key("points").points(line.points, p);
      const bool record = line.kind == AuditKind::Record;
      w.key("base");
      if (record) w.points(line.base, p);
      else w.null();
      w.key("share");
      if (record) w.string(detail::fraction_text(line.share));
      else w.null();
      w.key("quantity");
      if (record && line.quantity != 0) w.points(line.quantity, 4);
      else w.null();
      w.key("note").string(audit_note(rs, b, line, language));
      w.end_object();
    }
    w.end_array();
  });
}

std::string commendations_json(const RuleSet& rules, const MemberTable& members,
                               const Scores& scores, const Period& period,
                               const std::vector<CommendationList>& lists) {
  return json_object([&](JsonWriter& w) {
    w.key("ruleset").string(rules.id);
    w.key("period").period(period);
    w.key("lists").begin_array();
    for (const auto& list : lists) {
      const Commendation* rule = nullptr;
      for (const auto& c : rules.commendations)
        if (c.id == list.id) rule = &c;
      w.begin_object();
      w.key("id").string(list.id);
      w.key("label").string(list.label);
      w.key("top").integer(rule ? rule->top : 0);
      w.key("ties").string(ties_name(rule ? rule->ties : BoundaryTies::Exclude));
      w.key("members").begin_array();
      std::int64_t position = 0;
      for (MemberIndex m : list.members) {
        w.begin_object(JsonWriter::kInline);
        w.key("position").integer(++position);
        write_member_head(w, members, m);
        w.key("total").points(scores.totals[m], scores.precision);
        w.key("grade").string_or_null(grade_label(rules, scores, m));
        w.key("rank").integer_or_null(scores.rank[m]);
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
  });
}

std::string groups_json(const RuleSet& rules, const Period& period, const GroupScores& groups) {
  const int p = rules.precision;
  return json_object([&](JsonWriter& w) {
    w.key("ruleset").string(rules.id);
    w.key("period").period(period);
    w.key("by").string(groups.by_sector ? "sector" : "group");
    w.key("quotas").begin_array();
    for (const auto& q : rules.groups.quotas) {
      w.begin_object(JsonWriter::kInline);
      w.key("id").string(q.id);
      w.key("label").string(q.label.empty() ? q.id : q.label);
      w.end_object();
    }
    w.end_array();
    w.key("groups").begin_array();
    for (std::size_t i : groups.order) {
      const GroupResult& g = groups.groups[i];
      w.begin_object(JsonWriter::kInline);
      w.key("name").string(g.name);
      w.key("members").integer(whole(g.members.size()));
      w.key("serving").integer(g.serving);
      w.key("average_total").points(g.average_total, p);
      w.key("meeting_minimums").integer(g.meeting_minimums);
      w.key("members_points").points(g.members_points, p);
      w.key("quotas").begin_array(JsonWriter::kInline);
      for (std::size_t q = 0; q < g.quotas.size(); ++q) {
        const QuotaOutcome& o = g.quotas[q];
        w.begin_object(JsonWriter::kInline);
        w.key("id").string(rules.groups.quotas[q].id);
        w.key("met").integer(o.met);
        w.key("periods").integer(o.periods);
        w.key("items").integer(o.items);
        w.key("required").integer(o.required);
        w.key("points").points(o.points, p);
        w.end_object();
      }
      w.end_array();
      w.key("total").points(g.total, p);
      w.key("rank").integer_or_null(g.rank);
      w.end_object();
    }
    w.end_array();
  });
}

std::string years_json(const RuleSet& rules, const MemberTable& members,
                       const MultiYearResult& result, bool flagged_only) {
  return json_object([&](JsonWriter& w) {
    w.key("ruleset").string(rules.id);
    w.key("years").begin_array(JsonWriter::kInline);
    for (int y : result.years) w.integer(y);
    w.end_array();
    w.key("rules").begin_array();
    for (const auto& r : rules.across_years) {
      w.begin_object(JsonWriter::kInline);
      w.key("id").string(r.id);
      w.key("label").string(r.label.empty() ? r.id : r.label);
      w.key("over").string(r.over_term ? "term" : "year");
      w.end_object();
    }
    w.end_array();
    w.key("members").begin_array();
    for (MemberIndex m = 0; m < members.size(); ++m) {
      if (flagged_only && result.flags[m].empty()) continue;
      w.begin_object(JsonWriter::kInline);
      write_member_head(w, members, m);
      w.key("years").begin_array(JsonWriter::kInline);
      for (std::size_t y = 0; y < result.years.size(); ++y) {
        const Scores& s = result.scores[y];
        const bool serving = !(s.flags[m] & kNotServing);
        w.begin_object(JsonWriter::kInline);
        w.key("year").integer(result.years[y]);
        w.key("total");
        if (serving) w.points(s.totals[m], s.precision);
        else w.null();
        w.key("grade").string_or_null(serving ? grade_label(rules, s, m) : std::string());
        w.key("rank").integer_or_null(serving ? s.rank[m] : 0);
        w.end_object();
      }
      w.end_array();
      w.key("flags").begin_array(JsonWriter::kInline);
      for (const auto& flag : result.flags[m]) {
        const AcrossYearsRule& rule = rules.across_years[static_cast<std::size_t>(flag.rule)];
        w.begin_object(JsonWriter::kInline);
        w.key("rule").string(rule.id);
        w.key("label").string(rule.label.empty() ? rule.id : rule.label);
        w.key("reason").string(flag.reason);
        w.end_object();
      }
      w.end_array();
      w.end_object();
    }
    w.end_array();
  });
}

std::string whatif_json(const WhatIf& result, const RuleSet& old_rules, const RuleSet& new_rules,
                        const MemberTable& members, const Period& period) {
  const int p = result.precision;
  const WhatIfSummary& s = result.summary;
  return json_object([&](JsonWriter& w) {
    w.key("old_ruleset").string(old_rules.id);
    w.key("new_ruleset").string(new_rules.id);
    w.key("period").period(period);
    w.key("precision").integer(p);
    w.key("summary").begin_object();
    w.key("members").integer(whole(s.members));
    w.key("totals_changed").integer(whole(s.totals_changed));
    w.key("ranks_changed").integer(whole(s.ranks_changed));
    w.key("grades_changed").integer(whole(s.grades_changed));
    w.key("lists_entered").integer(whole(s.lists_entered));
    w.key("lists_left").integer(whole(s.lists_left));
    w.key("mean_change").points(s.mean_change, p);
    w.key("max_increase").points(s.max_increase, p);
    w.key("max_decrease").points(s.max_decrease, p);
    w.key("grade_moves").begin_array();
    for (const auto& [move, count] : s.grade_moves) {
      w.begin_object(JsonWriter::kInline);
      w.key("from").string_or_null(move.first);
      w.key("to").string_or_null(move.second);
      w.key("members").integer(whole(count));
      w.end_object();
    }
    w.end_array();
    w.end_object();
    w.key("members").begin_array();
    for (const auto& r : result.rows) {
      w.begin_object(JsonWriter::kInline);
      write_member_head(w, members, r.member);
      w.key("old_total").points(r.old_total, p);
      w.key("new_total").points(r.new_total, p);
      w.key("change").points(r.change(), p);
      w.key("old_rank").integer_or_null(r.old_rank);
      w.key("new_rank").integer_or_null(r.new_rank);
      w.key("old_grade").string_or_null(r.old_grade);
      w.key("new_grade").string_or_null(r.new_grade);
      w.key("lists_entered").strings(r.lists_entered);
      w.key("lists_left").strings(r.lists_left);
      w.end_object();
    }
    w.end_array();
  });
}

std::string problems_json(const std::vector<Problem>& problems) {
  std::string out;
  JsonWriter w(out);
  detail::write_problems_json(w, problems);
  w.finish();
  return out;
}

std::string check_json(const std::vector<RuleFileCheck>& files) {
  return json_object([&](JsonWriter& w) {
    w.key("files").begin_array();
    for (const auto& f : files) {
      std::size_t errors = 0;
      for (const auto& p : f.problems) errors += p.severity == Severity::Error ? 1 : 0;
      w.begin_object();
      w.key("file").string(f.file);
      w.key("valid").boolean(f.rules != nullptr && errors == 0);
      w.key("ruleset").string_or_null(f.rules ? f.rules->id : std::string());
      w.key("categories").integer(f.rules ? whole(f.rules->categories.size()) : 0);
      w.key("rules").integer(f.rules ? whole(f.rules->rules.size()) : 0);
      w.key("errors").integer(whole(errors));
      w.key("warnings").integer(whole(f.problems.size() - errors));
      w.key("problems");
      detail::write_problems_json(w, f.problems);
      w.end_object();
    }
    w.end_array();
  });
}

std::string verify_json(const std::string& archive_file, const EvaluationArchive& a,
                        const VerifyOutcome& o) {
  return json_object([&](JsonWriter& w) {
    w.key("archive").string(archive_file);
    w.key("engine_version").string(a.engine_version);
    w.key("format_version").integer(a.format_version);
    w.key("period").period(Period{a.period_first, a.period_last});
    w.key("members").integer(whole(a.members.size()));
    w.key("rules_digest").string(a.rules_digest);
    w.key("members_file_matches").boolean(o.members_file_matches);
    w.key("records_file_matches").boolean(o.records_file_matches);
    w.key("members_rows_match").boolean(o.members_rows_match);
    w.key("records_rows_match").boolean(o.records_rows_match);
    w.key("scores_match").boolean(o.scores_match);
    w.key("signer");
    if (a.signer) {
      w.begin_object();
      w.key("name").string(a.signer->name);
      w.key("public_key").string(a.signer->public_key);
      w.end_object();
    } else {
      w.null();
    }
    w.key("verified").boolean(o.verified());
    w.key("notes");
    w.begin_array();
    for (const auto& n : o.notes) w.string(n);
    w.end_array();
    w.key("differences");
    w.begin_array();
    for (const auto& d : o.differences) w.string(d);
    w.end_array();
  });
}

}  // namespace dutyscore
