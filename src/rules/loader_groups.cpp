// `groups` (docs/rules.md §15): scores for the committee's groups or
// sectors, from their members' totals and from group quotas ("one
// information report a month").
#include "rules/loader.h"

namespace dutyscore::detail {

namespace {

const Names kGroupKeys{"by", "members_total", "members_meeting_minimums", "quotas"};
const Names kGroupQuotaKeys{"id", "label", "when", "at_least", "per", "per_member", "points", "penalty"};
const Choices<bool> kBySector{{"group", false}, {"sector", true}};

}  // namespace

void Loader::read_groups(const Entry& e, RuleSet& set) {
  const std::string what = "'groups'";
  auto map = as_map(e.value, what, kGroupKeys);
  if (!map) return;
  GroupScoring& g = set.groups;
  g.enabled = true;
  g.where = map->where;
  if (const Entry* b = map->find("by")) {
    if (auto sector = choice(*b, what, kBySector)) g.by_sector = *sector;
  }
  if (const Entry* t = map->find("members_total")) {
    if (auto text = scalar(*t, what)) {
      if (*text == "average") g.members_total = true;
      else if (*text != "none")
        error(at(t->value), "'members_total' in 'groups' must be average or none, got '" + *text + "'");
    }
  }
  if (const Entry* m = map->find("members_meeting_minimums")) {
    if (auto p = points(m->value, "members_meeting_minimums", what)) g.minimums_points = *p;
  }
  if (const Entry* q = map->find("quotas")) {
    read_list(*q, what, "a group quota", kGroupQuotaKeys, g.quotas,
              [&](GroupQuota& quota, const MapView& quota_map, const std::string& in) {
                read_group_quota(quota, quota_map, in);
              });
  }
}

void Loader::read_group_quota(GroupQuota& quota, const MapView& map, const std::string& in) {
  read_count_per(map, in, quota.when, quota.at_least, quota.per);
  if (const Entry* pm = map.find("per_member")) {
    if (auto b = boolean(*pm, in)) quota.per_member = *b;
  }
  const Entry* pts = map.find("points");
  const Entry* pen = map.find("penalty");
  if (pts) {
    if (auto p = points(pts->value, "points", in)) quota.points = *p;
  }
  if (pen) {
    if (auto p = points(pen->value, "penalty", in)) {
      if (*p <= 0) error(at(pen->value), "'penalty' in " + in + " is the amount lost: write it as a positive number");
      else quota.penalty = *p;
    }
  }
  if (!pts && !pen) error(map.where, in + " needs 'points' (per sub-period met) and/or 'penalty' (per sub-period unmet)");
}

}  // namespace dutyscore::detail
