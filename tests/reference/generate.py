"""Random rule sets and committees for the differential runs.

Every key of docs/rules.md, within its limits, on small committees built
to sit on the boundaries: joins and leaves on the first, second, last and
second-to-last day of the period and of its months, leap years, joint
items of every size, shares that end exactly on a half, caps with
penalties in one category, quotas and lists with ties at the limit.

A case is plain data (dicts and lists of strings), so that the shrinker
in differential.py can cut it down; render() turns it into the three
files. One function per part of the rule file: a key added to the docs
is one more function here (and one more option in `make_rules`).
"""

import datetime
import random

KINDS = {
    "meeting": ["plenary", "standing", "consultation", "group_discussion", "other"],
    "proposal": ["individual", "joint", "collective"],
    "info": [""],
    "history": [""],
    "activity": ["research", "inspection", "supervision", "seminar", "training",
                 "written_speech", "speech"],
    "study": ["session", "notes", "article"],
    "service": ["key_project", "pairing_help"],
    "charity": ["donation", "volunteer"],
    "honor": [""],
    "violation": ["discipline", "law"],
}
STATUSES = ["present", "leave", "absent", "late"]
LEVELS = ["county", "city", "prefecture", "province", "national"]
PROPOSAL_FLAGS = ["filed", "key", "excellent", "to_info"]
INFO_FLAGS = ["adopted", "instructed"]
SECTORS = ["教育界", "经济界", "科技界"]
GROUPS = ["一组", "二组", "三组"]
GRADE_LABELS = ["优秀", "良好", "称职", "基本称职", "不称职"]
SHARES = ["1/2", "0.5", "1/3", "2/3", "1", "0", "3/4", "0.25", "1/6"]


class Gen:
    """One case's random choices."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def chance(self, p):
        return self.r.random() < p

    def pick(self, items):
        return self.r.choice(items)

    def some(self, items, low=1, high=2):
        k = self.r.randint(low, min(high, len(items)))
        return self.r.sample(items, k)


# ---------------------------------------------------------------------------
# Amounts


def fmt_units(value, precision):
    """value units of 10^-precision as a plain decimal."""
    sign = "-" if value < 0 else ""
    value = abs(value)
    if precision == 0:
        return sign + str(value)
    whole, frac = divmod(value, 10 ** precision)
    text = "%s%d.%0*d" % (sign, whole, precision, frac)
    text = text.rstrip("0").rstrip(".")  # "2.50" -> "2.5": the file's style
    return text if text not in ("-0", "") else "0"


def amount(g, precision, low=-10, high=20):
    """Points with at most `precision` decimals, mostly round, often odd in
    the last place (so that halves and thirds land on a rounding half)."""
    style = g.r.random()
    if style < 0.45:
        units = g.r.randint(low, high) * 10 ** precision
    elif style < 0.7:
        units = g.r.randint(low * 2, high * 2) * 10 ** precision // 2
    else:
        units = g.r.randint(low * 10 ** precision, high * 10 ** precision)
    return fmt_units(units, precision)


def positive_amount(g, precision, high=20):
    text = amount(g, precision, 0, high)
    return text if not text.startswith("-") and text != "0" else "1"


# ---------------------------------------------------------------------------
# Periods and dates


def period_for(g):
    """The evaluation period: a calendar year (leap or not) or two dates."""
    style = g.r.random()
    if style < 0.4:
        return datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)
    if style < 0.75:
        return datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)
    if style < 0.85:
        return datetime.date(2024, 3, 1), datetime.date(2025, 2, 28)
    if style < 0.93:
        return datetime.date(2023, 12, 15), datetime.date(2024, 6, 14)
    return datetime.date(2024, 2, 29), datetime.date(2024, 5, 31)


def boundary_days(first, last):
    """Days that sit on a boundary: the period's first, second, last and
    second-to-last days, and the first and last days of its months."""
    days = [first, first + datetime.timedelta(1), last, last - datetime.timedelta(1)]
    d = first.replace(day=1)
    while d <= last:
        nxt = (d.replace(day=28) + datetime.timedelta(4)).replace(day=1)
        for day in (d, d + datetime.timedelta(1), nxt - datetime.timedelta(1),
                    nxt - datetime.timedelta(2)):
            if first <= day <= last:
                days.append(day)
        d = nxt
    return days


def a_day(g, first, last, outside=0.05):
    """A record date: mostly inside the period, often on a boundary."""
    if g.chance(outside):
        return g.pick([first - datetime.timedelta(g.r.randint(1, 40)),
                       last + datetime.timedelta(g.r.randint(1, 40))])
    if g.chance(0.4):
        return g.pick(boundary_days(first, last))
    return first + datetime.timedelta(g.r.randint(0, (last - first).days))


# ---------------------------------------------------------------------------
# Members


def make_members(g, first, last):
    count = g.r.randint(2, 9)
    style = g.r.random()
    if style < 0.7:
        ids = ["M%02d" % (i + 1) for i in range(count)]
    elif style < 0.85:
        ids = [str(i + 8) for i in range(count)]  # "9" sorts after "10" as text
    else:
        ids = g.r.sample(["A", "B", "b", "C1", "C10", "C2", "Z", "a-1", "a_2", "M.1"], count)
    if g.chance(0.3):
        g.r.shuffle(ids)
    edges = boundary_days(first, last)[:4]
    members = []
    for member_id in ids:
        joined = datetime.date(2020, 1, 1)
        left = None
        style = g.r.random()
        if style < 0.2:
            joined = g.pick(edges + boundary_days(first, last)[4:])
        elif style < 0.3:
            left = g.pick(edges + boundary_days(first, last)[4:])
        elif style < 0.35:
            left = first - datetime.timedelta(g.r.randint(1, 30))  # did not serve
        elif style < 0.4:
            joined = last + datetime.timedelta(g.r.randint(1, 30))  # did not serve
        elif style < 0.45:
            joined = a_day(g, first, last, 0)
            left = joined + datetime.timedelta(g.r.randint(0, 90))
        roles = "member;standing" if g.chance(0.3) else "member"
        if g.chance(0.05):
            roles = ""
        members.append({
            "member_id": member_id,
            "name": "委员" + member_id,
            "unit": g.pick(["县教育局", "某公司,有限", "医院 \"一院\"", ""]),
            "sector": g.pick(SECTORS + [""]) if g.chance(0.9) else "",
            "group": g.pick(GROUPS) if g.chance(0.85) else "",
            "roles": roles,
            "joined": str(joined) if not (g.chance(0.05) and left is None) else "",
            "left": str(left) if left else "",
        })
    return members


# ---------------------------------------------------------------------------
# Records


def record_class(g, kind=None):
    """kind, subtype, status, level, flags of one record."""
    kind = kind or g.pick(list(KINDS))
    subtype = g.pick(KINDS[kind])
    if g.chance(0.05):
        subtype = ""  # a blank subtype (§6 "Blank kinds and subtypes in the data")
    status = level = ""
    flags = []
    if kind == "meeting":
        status = g.pick(STATUSES)
    if kind in ("honor", "info") or g.chance(0.05):
        level = g.pick(LEVELS) if g.chance(0.9) else ""
    if kind == "proposal":
        flags = [f for f in PROPOSAL_FLAGS if g.chance(0.3)]
    if kind == "info":
        flags = [f for f in INFO_FLAGS if g.chance(0.4)]
    return kind, subtype, status, level, flags


def quantity(g):
    if g.chance(0.5):
        return ""
    return g.pick(["1", "2", "0.5", "4.25", "0.0005", "0.005", "1.5", "3", "7.5", "0.3333", "10"])


def make_records(g, members, first, last):
    records = []
    next_id = [1]
    numeric = g.chance(0.2)

    def new_id():
        n = next_id[0]
        next_id[0] += 1
        return str(n) if numeric else "R%04d" % n

    def add(member, day, cls, ref="", position="", qty=""):
        kind, subtype, status, level, flags = cls
        records.append({
            "record_id": new_id(), "member_id": member["member_id"], "date": str(day),
            "kind": kind, "subtype": subtype, "status": status, "ref": ref,
            "position": str(position) if position != "" else "", "level": level,
            "flags": ";".join(flags), "quantity": qty})

    for member in members:
        for _ in range(g.r.randint(0, 12)):
            cls = record_class(g)
            day = a_day(g, first, last)
            position = ""
            ref = ""
            if cls[0] == "proposal" and cls[1] == "individual":
                ref, position = "P%d" % (1000 + len(records)), 1
                if g.chance(0.1):
                    position = ""
            add(member, day, cls, ref, position, quantity(g))
        # Several records on one day: their record ids decide the order.
        if records and g.chance(0.3):
            last_row = records[-1]
            if last_row["member_id"] == member["member_id"]:
                cls = record_class(g, last_row["kind"])
                add(member, datetime.date.fromisoformat(last_row["date"]), cls, "", "", quantity(g))
    # Joint and collective items: one row per participant, sharing kind,
    # subtype, flags, date and ref.
    numbers = {}
    for item in range(g.r.randint(0, 5)):
        size = g.pick([1, 2, 2, 3, 3, 4, 5, 6, 7, 16, 17, 20])
        kind = "proposal" if g.chance(0.8) else g.pick(["activity", "info", "history"])
        cls = record_class(g, kind)
        if kind == "proposal":
            cls = (kind, g.pick(["joint", "collective"])) + cls[2:]
        day = a_day(g, first, last)
        positions = list(range(1, size + 1))
        if g.chance(0.15):
            positions = [p + g.r.randint(0, 1) for p in positions]  # gaps, maybe no position 1
            positions = sorted(set(positions))
        # Refs are numbered per kind, as offices number proposals and
        # activities apart: one ref may name items of two kinds.
        numbers[kind] = numbers.get(kind, 0) + 1
        ref = "J%d" % numbers[kind]
        if g.chance(0.1):
            positions[g.r.randrange(len(positions))] = ""  # a blank position on a joint item
        # A member takes part in an item once (the engine rejects a second
        # row); an item has at most as many participants as there are members.
        participants = g.r.sample(members, min(len(positions), len(members)))
        for position, member in zip(positions, participants):
            add(member, day, cls, ref, position, quantity(g))
    return records


# ---------------------------------------------------------------------------
# Rule set: one function per part of the rule file


def make_categories(g, precision):
    categories = []
    for i in range(g.r.randint(1, 4)):
        c = {"id": "c%d" % (i + 1)}
        if g.chance(0.2):
            c["label"] = g.pick(["出席会议", "提案", "调研视察"])
        if g.chance(0.15):
            c["outside"] = make_outside(g, precision, i)
        elif g.chance(0.35):
            c["start"] = positive_amount(g, precision, 30)
            if g.chance(0.5):
                c["prorate_start"] = g.pick(["true", "yes"])
        elif g.chance(0.05):
            c["prorate_start"] = g.pick(["false", "no"])
        if g.chance(0.5):
            c["max"] = positive_amount(g, precision, 25)
        if g.chance(0.4):
            floor = amount(g, precision, -5, 5)
            if "max" in c and float(floor) > float(c["max"]):
                floor = "0"
            c["floor"] = floor
        categories.append(c)
    return categories


def make_outside(g, precision, index):
    """§4 `outside`: a score column of the members file (filled by
    outside_values once the members are known)."""
    column = g.pick(["民主测评", "survey", "组织评价"]) + str(index + 1)
    if g.chance(0.25):
        return column
    o = {"column": column}
    if g.chance(0.5):
        o["min"] = fmt_units(g.r.randint(-2, 10) * 10 ** precision, precision)
    if g.chance(0.6):
        o["max"] = fmt_units(g.r.randint(20, 100) * 10 ** precision, precision)
    if g.chance(0.4):
        o["default"] = o.get("min", "0") if g.chance(0.3) else fmt_units(
            g.r.randint(10, 20) * 10 ** precision, precision)
    return o


def outside_values(g, rules, members, period, every_member):
    """The members' outside scores (§4), within each category's min..max:
    mostly a value, sometimes on a bound, blank where the rule set allows it
    (a default, or a member who did not serve: `every_member` False)."""
    first, last = period
    for c in rules["categories"]:
        o = c.get("outside")
        if o is None:
            continue
        o = o if isinstance(o, dict) else {"column": o}
        precision = int(rules.get("precision", "2"))
        scale = 10 ** precision
        low = int(round(float(o.get("min", "0")) * scale))
        high = int(round(float(o["max"]) * scale)) if "max" in o else low + 120 * scale
        for m in members:
            joined = m["joined"] and datetime.date.fromisoformat(m["joined"])
            left = m["left"] and datetime.date.fromisoformat(m["left"])
            serving = (not joined or joined <= last) and (not left or left >= first)
            blank_ok = "default" in o or (not serving and not every_member)
            if blank_ok and g.chance(0.3):
                m[o["column"]] = ""
            elif g.chance(0.15):
                m[o["column"]] = fmt_units(g.pick([low, high]), precision)
            else:
                m[o["column"]] = fmt_units(g.r.randint(low, high), precision)


def make_condition(g, members):
    """§6: a random condition; mostly on kind, often narrower."""
    c = {}
    kind = g.pick(list(KINDS))
    c["kind"] = kind if g.chance(0.8) else g.some(list(KINDS), 1, 3)
    if g.chance(0.4) and KINDS[kind][0]:
        c["subtype"] = g.pick(KINDS[kind]) if g.chance(0.6) else g.some(KINDS[kind], 1, 3)
    if kind == "meeting" and g.chance(0.5):
        c["status"] = g.pick(STATUSES) if g.chance(0.6) else g.some(STATUSES, 2, 3)
    if g.chance(0.15):
        c["level"] = g.some(LEVELS, 1, 3)
    if kind == "proposal" and g.chance(0.4):
        c["flags"] = g.pick(PROPOSAL_FLAGS)
    if kind == "info" and g.chance(0.4):
        c["flags"] = g.pick(INFO_FLAGS)
    if g.chance(0.15):
        c["not_flags"] = g.pick(PROPOSAL_FLAGS + INFO_FLAGS)
    if kind == "proposal" and g.chance(0.25):
        style = g.r.random()
        if style < 0.4:
            c["position"] = str(g.r.randint(1, 3))
        elif style < 0.7:
            c["position"] = {"min": str(g.r.randint(1, 3))}
        elif style < 0.85:
            c["position"] = {"max": str(g.r.randint(1, 3))}
        else:
            low = g.r.randint(1, 3)
            c["position"] = {"min": str(low), "max": str(low + g.r.randint(0, 3))}
    if g.chance(0.15):
        c["role"] = g.pick(["standing", "member", ["member", "standing"]])
    if g.chance(0.1):
        c["sector"] = g.pick(SECTORS) if g.chance(0.7) else g.some(SECTORS, 2, 2)
    if g.chance(0.1):
        c["group"] = g.pick(GROUPS) if g.chance(0.7) else g.some(GROUPS, 2, 2)
    if not c:
        c["kind"] = kind
    if g.chance(0.35):
        negations(g, c, kind)
    return c


def negate_or_blank(g, value):
    """§6 "Negation and blank values": `value` (names) as {not}, {is,
    blank}, {not, blank} or {blank}."""
    style = g.r.random()
    if style < 0.4:
        return {"not": value}
    if style < 0.6:
        return {"is": value, "blank": g.pick(["true", "false"])}
    if style < 0.75:
        return {"not": value, "blank": g.pick(["true", "false"])}
    return {"blank": g.pick(["true", "false"])}


def negations(g, c, kind):
    """Some keys of condition `c` negated or tested for blank, and now and
    then a blank test on a key it does not have."""
    for key in ("kind", "subtype", "status", "level", "role", "sector", "group"):
        if key in c and g.chance(0.2):
            c[key] = negate_or_blank(g, c[key])
    if "position" in c and g.chance(0.25):
        style = g.r.random()
        if style < 0.4:
            c["position"] = {"not": str(g.r.randint(1, 3)) if g.chance(0.7) else ["1", "2"]}
        elif style < 0.7:
            c["position"] = {"blank": g.pick(["true", "false"])}
        else:
            low = g.r.randint(1, 3)
            c["position"] = {"min": str(low), "max": str(low + g.r.randint(0, 2)),
                             "blank": g.pick(["true", "false"])}
    if g.chance(0.08):
        key = g.pick(["subtype", "level", "sector", "group", "role", "status"])
        if key not in c:
            c[key] = {"blank": g.pick(["true", "false"])}
    if kind == "proposal" and "position" not in c and g.chance(0.05):
        c["position"] = {"not": "1"}
    return c


def make_when(g, members):
    if g.chance(0.2):
        return [make_condition(g, members) for _ in range(g.r.randint(1, 3))]
    return make_condition(g, members)


def points_table(g, precision, when):
    """§5 points by an attribute."""
    by = g.pick(["level", "status", "subtype", "kind"])
    values = {"level": LEVELS, "status": STATUSES,
              "subtype": sorted({s for v in KINDS.values() for s in v if s}),
              "kind": list(KINDS)}[by]
    table = {"by": by}
    for value in g.some(values, 1, 4):
        table[value] = amount(g, precision, -8, 12)
    return table


def make_rule(g, index, categories, precision, members):
    """§5: one rule with a random mix of its keys."""
    rule = {"id": g.pick(["r%d" % (index + 1), "rule_%d" % (index + 1), "r-%d.x" % (index + 1)]),
            "category": g.pick(categories)["id"],
            "when": make_when(g, members)}
    if g.chance(0.15):
        rule["label"] = "规则%d" % (index + 1)
    style = g.r.random()
    if style < 0.07:
        return make_rate_rule(g, rule, precision, members)
    if style < 0.14:
        return make_per_rule(g, rule, precision)
    style = g.r.random()
    if style < 0.12:
        tiers = []
        by_quantity = g.chance(0.3)
        if by_quantity:
            rule["tiers_by"] = "quantity"
        elif g.chance(0.1):
            rule["tiers_by"] = "count"
        for at_least in sorted(g.r.sample(range(1, 7), g.r.randint(1, 3)), reverse=True):
            threshold = str(at_least) if not by_quantity else g.pick(
                [str(at_least), "%d.5" % at_least, "0.0005"])
            tiers.append({"at_least": threshold, "points": amount(g, precision, 0, 15)})
        if len({t["at_least"] for t in tiers}) < len(tiers):
            tiers = tiers[:1]
        g.r.shuffle(tiers)
        rule["tiers"] = tiers
    elif style < 0.22:
        table = {str(p): amount(g, precision, 0, 20) for p in g.some([1, 2, 3, 4], 1, 3)}
        if g.chance(0.6):
            table["other"] = amount(g, precision, 0, 5)
        rule["share"] = {"by_position": table}
        if g.chance(0.1):
            rule["points"] = amount(g, precision)  # not used: a warning
    else:
        rule["points"] = points_table(g, precision, rule["when"]) if g.chance(0.25) \
            else amount(g, precision)
        share = g.r.random()
        if share < 0.3:
            rule["share"] = {"first": g.pick(SHARES)}
        elif share < 0.42:
            rule["share"] = {"first_n": str(g.r.randint(1, 17))}
        elif share < 0.47:
            rule["share"] = "full"
    if "tiers" not in rule and g.chance(0.2):
        rule["per_quantity"] = g.pick(["true", "yes"])
    elif "tiers" in rule and g.chance(0.05):
        rule["per_quantity"] = "true"  # no effect with tiers: a warning
    if "tiers" not in rule and g.chance(0.03):
        rule["tiers_by"] = "quantity"  # no effect without tiers: a warning
    if g.chance(0.12):
        rule["count"] = "highest"
    elif g.chance(0.03):
        rule["count"] = "all"
    if g.chance(0.15):
        rule["from"] = str(g.r.randint(1, 3))
    if g.chance(0.15):
        rule["limit"] = str(g.r.randint(1, 3))
    elif g.chance(0.08):
        rule["once"] = g.pick(["true", "false"])
    if g.chance(0.2):
        rule["max"] = positive_amount(g, precision, 12)
    return rule


RATE_SHARES = ["90%", "9/10", "0.9", "75%", "3/4", "60%", "0%", "100%", "1/3", "2/3", "0.5",
               "66.67%", "1", "0"]


def make_rate_rule(g, rule, precision, members):
    """§5 "Rates": tiers on the share of the rule's records meeting
    `rate_of`."""
    from fractions import Fraction
    rule["tiers_by"] = "rate"
    if g.chance(0.5):
        rule["when"] = {"kind": "meeting"} if g.chance(0.7) else rule["when"]
        rule["rate_of"] = {"status": "present"} if g.chance(0.6) else {
            "status": {"not": g.some(STATUSES, 1, 2)}}
    else:
        rule["rate_of"] = make_when(g, members)
    tiers, seen = [], set()
    for share in g.some(RATE_SHARES, 1, 4):
        value = (Fraction(share[:-1]) / 100 if share.endswith("%") else Fraction(share))
        if value not in seen:
            seen.add(value)
            tiers.append({"at_least": share, "points": amount(g, precision, 0, 30)})
    rule["tiers"] = tiers
    if g.chance(0.5):
        rule["no_records"] = amount(g, precision, -5, 30)
    if g.chance(0.2):
        rule["max"] = positive_amount(g, precision, 25)
    return rule


def make_per_rule(g, rule, precision):
    """§5 "Points per period": the points once per sub-period with at
    least `at_least` matching records."""
    rule["per"] = g.pick(["month", "quarter", "half", "period"])
    if g.chance(0.5):
        rule["at_least"] = str(g.r.randint(1, 3))
    rule["points"] = amount(g, precision, -3, 6)
    if g.chance(0.4):
        rule["max"] = positive_amount(g, precision, 12)
    return rule


def add_otherwise(g, rules):
    """§5 "The remaining cases": now and then a rule takes what one or two
    other rules (before or after it) do not."""
    ids = [r["id"] for r in rules]
    for r in rules:
        others = [i for i in ids if i != r["id"]]
        if others and g.chance(0.15):
            r["otherwise"] = g.some(others, 1, 2)
            if len(r["otherwise"]) == 1 and g.chance(0.5):
                r["otherwise"] = r["otherwise"][0]


def make_exclusives(g, rules):
    """§7: groups of rules of one category."""
    out = []
    by_category = {}
    for r in rules:
        by_category.setdefault(r["category"], []).append(r["id"])
    for category, ids in by_category.items():
        if len(ids) >= 2 and g.chance(0.35):
            out.append({"id": "x%d" % (len(out) + 1), "rules": g.some(ids, 2, 3)})
            if g.chance(0.15):  # a second group, perhaps sharing a rule
                out.append({"id": "x%d" % (len(out) + 1), "rules": g.some(ids, 2, 3)})
    return out


def make_duty(g, duty_id, members, most):
    """What §8 minimums and §15 group quotas share: id, when, at_least
    (1..most) and per."""
    duty = {"id": duty_id, "when": make_when(g, members)}
    if g.chance(0.6):
        duty["at_least"] = str(g.r.randint(1, most))
    if g.chance(0.65):
        duty["per"] = g.pick(["period", "year", "half", "quarter", "month"])
    return duty


def make_minimums(g, categories, grades, members, precision):
    """§8."""
    out = []
    for i in range(g.r.choice([0, 0, 1, 1, 2, 3])):
        m = make_duty(g, "min%d" % (i + 1), members, 4)
        if g.chance(0.25):
            m["by"] = "quantity"  # §8 "每季度至少联系10名群众"
            if "at_least" in m or g.chance(0.8):
                m["at_least"] = g.pick(["1", "2.5", "7.5", "10", "0.5", "3", "0.0005"])
        elif g.chance(0.05):
            m["by"] = "records"
        if g.chance(0.5):
            m["prorate"] = g.pick(["true", "false"])
        if not grades or g.chance(0.7):
            m["penalty"] = {"points": positive_amount(g, precision, 6),
                            "category": g.pick(categories)["id"]}
        if grades and ("penalty" not in m or g.chance(0.3)):
            m["grade"] = g.pick(grades)["label"]
        out.append(m)
    return out


def make_vetoes(g, grades, members):
    """§9."""
    out = []
    for i in range(g.r.choice([0, 0, 1, 1, 2])):
        v = {"id": "veto%d" % (i + 1),
             "when": {"kind": "violation"} if g.chance(0.6) else make_when(g, members)}
        if grades and g.chance(0.7):
            v["grade"] = g.pick(grades)["label"]
        if g.chance(0.5):
            v["zero_total"] = g.pick(["true", "false"])
        out.append(v)
    return out


def make_grades(g, precision):
    """§10: bands highest first, perhaps with quotas."""
    if g.chance(0.25):
        return []
    count = g.r.randint(1, 4)
    labels = GRADE_LABELS[:count - 1] + [GRADE_LABELS[-1]] if count > 1 else [GRADE_LABELS[-1]]
    mins = sorted(g.r.sample(range(-5, 40), count), reverse=True)
    bands = []
    for i, label in enumerate(labels):
        band = {"label": label}
        if i < count - 1 or g.chance(0.3):
            band["min"] = fmt_units(mins[i] * 10 ** precision, precision)
        if i < count - 1 and g.chance(0.35):
            band["quota"] = g.pick(["%d%%" % g.r.choice([0, 10, 15, 20, 25, 30, 34, 50, 100]),
                                    str(g.r.randint(0, 4))])
            if g.chance(0.6):
                band["quota_ties"] = g.pick(["exclude", "include"])
        bands.append(band)
    return bands


def make_ranking(g, categories):
    """§11."""
    ranking = {}
    if g.chance(0.6):
        ranking["ties"] = g.pick(["competition", "dense", "ordinal"])
    if g.chance(0.4):
        ranking["tie_break"] = [c["id"] for c in g.some(categories, 1, 2)]
    if g.chance(0.5):
        ranking["vetoed"] = g.pick(["normal", "last", "unranked"])
    return ranking


def make_commendations(g, grades):
    """§16."""
    out = []
    for i in range(g.r.choice([0, 0, 1, 2])):
        c = {"id": "list%d" % (i + 1), "top": str(g.r.randint(1, 4))}
        if g.chance(0.6):
            c["ties"] = g.pick(["exclude", "include"])
        eligible = {}
        if g.chance(0.4):
            eligible["no_veto"] = g.pick(["true", "false"])
        if g.chance(0.4):
            eligible["minimums_met"] = g.pick(["true", "false"])
        if g.chance(0.4):
            eligible["served_at_least"] = g.pick(["0.5", "1/2", "1", "0", "1/3", "0.99"])
        if grades and g.chance(0.4):
            eligible["grades"] = [b["label"] for b in g.some(grades, 1, 2)]
        if eligible:
            c["eligible"] = eligible
        out.append(c)
    return out


def make_groups(g, precision, members):
    """§15."""
    groups = {}
    if g.chance(0.5):
        groups["by"] = g.pick(["group", "sector"])
    if g.chance(0.5):
        groups["members_total"] = g.pick(["average", "none"])
    if g.chance(0.5):
        groups["members_meeting_minimums"] = positive_amount(g, precision, 20)
    quotas = []
    for i in range(g.r.randint(0, 3)):
        q = make_duty(g, "q%d" % (i + 1), members, 3)
        if g.chance(0.3):
            q["per_member"] = g.pick(["true", "false"])
        if g.chance(0.7):
            q["points"] = positive_amount(g, precision, 5)
        if "points" not in q or g.chance(0.4):
            q["penalty"] = positive_amount(g, precision, 3)
        quotas.append(q)
    if quotas:
        groups["quotas"] = quotas
    if not groups:
        groups["by"] = "group"
    return groups


def make_across_test(g, grades, members, precision, over_term):
    style = g.r.random()
    if style < 0.35:
        t = {"total_below": amount(g, precision, 0, 40)}
    elif style < 0.55 and grades:
        t = {"grade": g.pick(grades)["label"] if g.chance(0.6)
             else [b["label"] for b in g.some(grades, 1, 2)]}
    else:
        t = {"count": make_when(g, members)}
        t["fewer_than" if g.chance(0.5) else "at_least"] = str(g.r.randint(1, 4))
        if over_term:
            return t
    if g.chance(0.5):
        t["years_in_a_row"] = str(g.r.randint(1, 3))
    return t


def make_across_years(g, grades, members, precision):
    """§14."""
    out = []
    for i in range(g.r.randint(1, 3)):
        rule = {"id": "across%d" % (i + 1)}
        over_term = g.chance(0.4)
        if over_term:
            rule["over"] = "term"
        elif g.chance(0.2):
            rule["over"] = "year"
        style = g.r.random()
        tests = [make_across_test(g, grades, members, precision, over_term)
                 for _ in range(g.r.randint(1, 3))]
        if style < 0.4:
            rule["when"] = tests[0]
        elif style < 0.7:
            rule["when_all"] = tests
        else:
            rule["when_any"] = tests
        out.append(rule)
    return out


def make_rules(g, members, period, use_file_period):
    """The whole rule file (§3)."""
    precision = g.pick([2, 2, 2, 0, 1, 3, 4, 5, 6])
    rs = {"id": g.pick(["gen", "t-1", "county.x"])}
    if g.chance(0.2):
        rs["name"] = "随机考核办法"
    if precision != 2 or g.chance(0.5):
        rs["precision"] = str(precision)
    if use_file_period:
        first, last = period
        if first.month == 1 and first.day == 1 and last == first.replace(month=12, day=31):
            rs["period"] = {"year": str(first.year)}
        else:
            rs["period"] = {"from": str(first), "to": str(last)}
    categories = make_categories(g, precision)
    rs["categories"] = categories
    rules = [make_rule(g, i, categories, precision, members) for i in range(g.r.randint(0, 10))]
    ids = set()
    for r in rules:  # unique ids
        while r["id"] in ids:
            r["id"] += "b"
        ids.add(r["id"])
    add_otherwise(g, rules)
    if rules or g.chance(0.5):
        rs["rules"] = rules
    exclusives = make_exclusives(g, rules)
    if exclusives:
        rs["exclusive"] = exclusives
    grades = make_grades(g, precision)
    minimums = make_minimums(g, categories, grades, members, precision)
    if minimums:
        rs["minimums"] = minimums
    vetoes = make_vetoes(g, grades, members)
    if vetoes:
        rs["vetoes"] = vetoes
    if grades:
        rs["grades"] = grades
    ranking = make_ranking(g, categories)
    if ranking:
        rs["ranking"] = ranking
    commendations = make_commendations(g, grades)
    if commendations:
        rs["commendations"] = commendations
    if g.chance(0.25):
        rs["groups"] = make_groups(g, precision, members)
    parts = make_parts(g, categories, precision)
    if parts:
        rs["parts"] = parts
    if g.chance(0.3):
        rs["not_serving"] = g.pick(["unranked", "ranked", {"grade": "不参评"}])
    if g.chance(0.3):
        rs["prorate_rounding"] = g.pick(["half_up", "up", "down"])
    if g.chance(0.15):
        rs["blank_position"] = g.pick(["1", "1", "2"])
    return rs


def make_parts(g, categories, precision):
    """§18: one or two parts over distinct categories, rescaled to the best,
    from a full mark, or weighted."""
    if not g.chance(0.3):
        return []
    ids = [c["id"] for c in categories]
    g.r.shuffle(ids)
    parts = []
    while ids and len(parts) < 2:
        take = g.r.randint(1, len(ids))
        part = {"id": "part%d" % (len(parts) + 1), "categories": ids[:take]}
        ids = ids[take:]
        style = g.r.random()
        if style < 0.45:
            part["rescale"] = {"to": positive_amount(g, precision, 100)}
        elif style < 0.65:
            part["rescale"] = {"to": positive_amount(g, precision, 40),
                               "from": positive_amount(g, precision, 100)}
        else:
            part["weight"] = g.pick(["30%", "70%", "3/10", "0.7", "1/3", "100%", "150%", "0%",
                                     "12.5%"])
        parts.append(part)
        if g.chance(0.5):
            break
    return parts


def make_case(seed):
    """One random case: rule set, members, records, period, years."""
    g = Gen(seed)
    first, last = period_for(g)
    members = make_members(g, first, last)
    records = make_records(g, members, first, last)
    use_file_period = g.chance(0.25)
    rules = make_rules(g, members, (first, last), use_file_period)
    years = None
    if g.chance(0.15):
        rules["across_years"] = make_across_years(g, rules.get("grades", []), members,
                                                  int(rules.get("precision", "2")))
        years = (first.year - g.r.randint(0, 1), last.year + g.r.randint(0, 1))
    outside_values(g, rules, members, (first, last), every_member=years is not None)
    style = {"bom": g.chance(0.1), "crlf": g.chance(0.1), "quote_all": g.chance(0.1),
             "shuffle_columns": g.chance(0.15), "extra_column": g.chance(0.1),
             "shuffle_rows": g.chance(0.3), "flow": g.chance(0.5), "seed": g.r.random()}
    return {"rules": rules, "members": members, "records": records,
            "period": None if use_file_period else (str(first), str(last)),
            "years": years, "style": style}


# ---------------------------------------------------------------------------
# Rendering: the three files


def _scalar(value):
    return value


def _flow(value):
    if isinstance(value, dict):
        return "{" + ", ".join("%s: %s" % (k, _flow(v)) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    return _scalar(value)


def _block(value, indent, flow, out, depth=0):
    pad = " " * indent
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, (dict, list)) and v and not (flow and depth >= 1):
                out.append("%s%s:" % (pad, k))
                _block(v, indent + 2, flow, out, depth + 1)
            else:
                out.append("%s%s: %s" % (pad, k, _flow(v)))
    else:
        for item in value:
            if isinstance(item, dict) and flow:
                out.append("%s- %s" % (pad, _flow(item)))
            elif isinstance(item, dict):
                inner = []
                _block(item, indent + 2, flow, inner, depth + 1)
                inner[0] = pad + "- " + inner[0][indent + 2:]
                out.extend(inner)
            else:
                out.append("%s- %s" % (pad, _flow(item)))


def render_rules(rules, flow):
    out = ["# generated by tests/reference/generate.py"]
    _block(rules, 0, flow, out)
    return "\n".join(out) + "\n"


def _csv_text(header, rows, style, rng):
    import csv
    import io
    columns = list(header)
    if style.get("extra_column"):
        columns.insert(rng.randint(0, len(columns)), "备注")
    if style.get("shuffle_columns"):
        rng.shuffle(columns)
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n" if style.get("crlf") else "\n",
                        quoting=csv.QUOTE_ALL if style.get("quote_all") else csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "x") if c != "备注" else "备注," for c in columns])
    return ("\ufeff" if style.get("bom") else "") + buf.getvalue()


MEMBER_COLUMNS = ["member_id", "name", "unit", "sector", "group", "roles", "joined", "left"]
RECORD_COLUMNS = ["record_id", "member_id", "date", "kind", "subtype", "status", "ref", "position",
                  "level", "flags", "quantity"]


def member_columns(members):
    """The interchange columns, then any outside score columns (§4)."""
    extra = []
    for m in members:
        extra += [k for k in m if k not in MEMBER_COLUMNS and k not in extra]
    return MEMBER_COLUMNS + extra


def render(case):
    """(rules YAML, members CSV, records CSV) of a case."""
    style = case["style"]
    rng = random.Random(style["seed"])
    records = list(case["records"])
    if style.get("shuffle_rows"):
        rng.shuffle(records)
    return (render_rules(case["rules"], style.get("flow")),
            _csv_text(member_columns(case["members"]), case["members"], style, rng),
            _csv_text(RECORD_COLUMNS, records, style, rng))
