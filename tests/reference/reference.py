"""An independent reference evaluator for dutyscore rule files.

Written from docs/rules.md alone, plainly and slowly, to check the engine
against: it shares no code with the engine and takes nothing from its
source. Each function names the section of docs/rules.md it implements.
Amounts are exact: `decimal.Decimal` for points, `fractions.Fraction` for
shares and ratios; the one rounding (§12 step 2, and the pro-rated amounts
the docs ask to round) is `round_half_away`.

Where the docs are silent or ambiguous, the reading taken is written down
in a comment starting "READING:", and collected in tests/reference/README.md.

Used only by tests (differential.py, golden.py); run by /usr/bin/python3
with PyYAML (python3-yaml).
"""

import collections
import csv
import datetime
import io
from decimal import Decimal, getcontext
from fractions import Fraction

import yaml

getcontext().prec = 60  # exact for every sum and product of amounts below


# How often each boundary was met (differential.py --coverage prints it):
# evidence that the random cases reach the places where bugs hide.
COVERAGE = collections.Counter()


def note(event):
    COVERAGE[event] += 1


class RuleError(Exception):
    """The rule file says something this reference does not understand."""


# ---------------------------------------------------------------------------
# §2 Value types


def parse_points(text, precision):
    """§2 points: a decimal, negative allowed, at most `precision` decimals."""
    text = str(text).strip()
    try:
        value = Decimal(text)
    except Exception:
        raise RuleError("not a number: %r" % text)
    if not value.is_finite() or value != value.quantize(Decimal(1).scaleb(-precision)):
        raise RuleError("%r has more decimals than precision %d" % (text, precision))
    return value


def parse_whole(text):
    """§2 whole number: digits only."""
    text = str(text).strip()
    if not text.isdigit():
        raise RuleError("not a whole number: %r" % text)
    return int(text)


def parse_bool(text):
    """§2 bool: true or false (yes/no also accepted)."""
    text = str(text).strip()
    if text in ("true", "yes"):
        return True
    if text in ("false", "no"):
        return False
    raise RuleError("not a bool: %r" % text)


def parse_names(node):
    """§2 names: one value, or a list of values."""
    if isinstance(node, list):
        return [str(v) for v in node]
    return [str(node)]


def parse_fraction(text):
    """§5 share `first` and §16 `served_at_least`: '1/2', '0.5' or '1'."""
    text = str(text).strip()
    if "/" in text:
        num, den = text.split("/", 1)
        return Fraction(int(num), int(den))
    return Fraction(Decimal(text))


def parse_date(text):
    """§2 date: YYYY-MM-DD."""
    return datetime.date.fromisoformat(str(text).strip())


def round_half_away(value, precision):
    """§12 step 2: rounded half away from zero to `precision` decimals
    (1.665 -> 1.67, -1.665 -> -1.67). `value` is an exact Fraction."""
    scaled = Fraction(value) * 10 ** precision
    magnitude = abs(scaled)
    whole = magnitude.numerator // magnitude.denominator
    if magnitude - whole == Fraction(1, 2):
        note("rounding: exactly half, %s, precision %d" % ("negative" if scaled < 0 else "positive", precision))
    if magnitude - whole >= Fraction(1, 2):
        whole += 1
    if scaled < 0:
        whole = -whole
    return Decimal(whole).scaleb(-precision)


def round_prorated(value, precision, mode):
    """§3 `prorate_rounding` for pro-rated amounts (§4 starts, §8 counts):
    `half_up` as round_half_away, `up` (向上取整) to the next unit above,
    `down` to the unit below. READING: `up` and `down` go toward plus and
    minus infinity (the amounts pro-rated are never negative in practice)."""
    if mode == "half_up":
        return round_half_away(value, precision)
    scaled = Fraction(value) * 10 ** precision
    floor = scaled.numerator // scaled.denominator
    if mode == "up" and floor != scaled:
        note("prorate_rounding up moves the amount")
        floor += 1
    elif mode == "down" and floor != scaled:
        note("prorate_rounding down moves the amount")
    return Decimal(floor).scaleb(-precision)


# ---------------------------------------------------------------------------
# The inputs: members.csv and records.csv in the interchange layout
# (README "Input"): header row, extra columns ignored, empty cell = absent.


class Member:
    def __init__(self, row):
        self.id = row["member_id"]
        self.sector = row.get("sector", "")
        self.group = row.get("group", "")
        self.roles = [r for r in (row.get("roles") or "").split(";") if r]
        self.joined = parse_date(row["joined"]) if row.get("joined") else None
        self.left = parse_date(row["left"]) if row.get("left") else None
        self.row = row  # §4 `outside`: score columns are looked up by header


class Record:
    def __init__(self, row):
        self.id = row["record_id"]
        self.member = row["member_id"]
        self.date = parse_date(row["date"])
        self.kind = row.get("kind", "")
        self.subtype = row.get("subtype", "")
        self.status = row.get("status", "")
        self.ref = row.get("ref", "")
        self.position = int(row["position"]) if row.get("position") else None
        self.level = row.get("level", "")
        self.flags = [f for f in (row.get("flags") or "").split(";") if f]
        # READING: an empty quantity is no quantity: 0 for per_quantity and
        # for tiers by quantity.
        self.quantity = Decimal(row["quantity"]) if row.get("quantity") else Decimal(0)

    def item(self):
        """§5 shares: rows sharing (kind, ref) are one item; a row without a
        ref is an item of its own."""
        return (self.kind, self.ref) if self.ref else ("", self.id)


def _csv_rows(text):
    if text.startswith("\ufeff"):
        text = text[1:]
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return [{k: (v or "") for k, v in row.items()} for row in reader]


def read_members(text):
    return [Member(row) for row in _csv_rows(text)]


def read_records(text):
    return [Record(row) for row in _csv_rows(text)]


# ---------------------------------------------------------------------------
# §3 Top level, and the periods used throughout


class Period:
    """Both ends included (§3 `period`)."""

    def __init__(self, first, last):
        self.first, self.last = first, last

    def days(self):
        return (self.last - self.first).days + 1

    def contains(self, day):
        return self.first <= day <= self.last

    def __repr__(self):
        return "%s..%s" % (self.first, self.last)


def calendar_year(year):
    return Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31))


def read_period(node):
    """§3 `period: {year: 2024}` or `{from: ..., to: ...}`."""
    if "year" in node:
        return calendar_year(parse_whole(node["year"]))
    return Period(parse_date(node["from"]), parse_date(node["to"]))


def served_part(period, member):
    """The days of the period the member served (joined/left included);
    None when the member did not serve in it at all."""
    first = max(period.first, member.joined) if member.joined else period.first
    last = min(period.last, member.left) if member.left else period.last
    return Period(first, last) if first <= last else None


TOP_KEYS = {"id", "name", "precision", "period", "categories", "rules", "exclusive",
            "minimums", "vetoes", "grades", "ranking", "across_years", "groups",
            "commendations", "parts", "not_serving", "prorate_rounding", "blank_position"}


class RuleSet:
    pass


def load_rules(text):
    """§3: the whole rule file."""
    doc = yaml.load(text, Loader=getattr(yaml, "CBaseLoader", yaml.BaseLoader))
    unknown = set(doc) - TOP_KEYS
    if unknown:
        raise RuleError("unknown top-level keys %s" % sorted(unknown))
    rs = RuleSet()
    rs.id = doc["id"]
    rs.precision = parse_whole(doc.get("precision", "2"))
    rs.period = read_period(doc["period"]) if doc.get("period") else None
    rs.categories = [read_category(c, rs.precision) for c in doc["categories"]]
    rs.rules = [read_rule(r, rs.precision) for r in (doc.get("rules") or [])]
    rs.exclusives = [read_exclusive(e) for e in (doc.get("exclusive") or [])]
    rs.minimums = [read_minimum(m, rs.precision) for m in (doc.get("minimums") or [])]
    rs.vetoes = [read_veto(v) for v in (doc.get("vetoes") or [])]
    rs.grades = [read_grade(g, rs.precision) for g in (doc.get("grades") or [])]
    rs.ranking = read_ranking(doc.get("ranking") or {})
    rs.across_years = [read_across_rule(a, rs.precision) for a in (doc.get("across_years") or [])]
    rs.groups = read_groups(doc["groups"], rs.precision) if doc.get("groups") else None
    rs.commendations = [read_commendation(c) for c in (doc.get("commendations") or [])]
    rs.parts = [read_part(p) for p in (doc.get("parts") or [])]
    rs.not_serving, rs.not_serving_grade = read_not_serving(doc.get("not_serving", "unranked"))
    rs.prorate_rounding = doc.get("prorate_rounding", "half_up")
    if rs.prorate_rounding not in ("half_up", "up", "down"):
        raise RuleError("prorate_rounding %r" % rs.prorate_rounding)
    rs.blank_position = parse_whole(doc["blank_position"]) if "blank_position" in doc else None
    # §11 `not_serving: {grade: ...}`: a label of its own, listed after
    # the bands, that no total reaches.
    rs.labels = [g.label for g in rs.grades]
    if rs.not_serving_grade is not None:
        rs.labels.append(rs.not_serving_grade)
    return rs


def read_not_serving(node):
    """§3 / §11 `not_serving`: unranked, ranked or {grade: label}."""
    if isinstance(node, dict):
        _check_keys(node, {"grade"}, "not_serving")
        return "grade", str(node["grade"])
    if node not in ("unranked", "ranked"):
        raise RuleError("not_serving %r" % node)
    return node, None


def _check_keys(node, allowed, what):
    unknown = set(node) - allowed
    if unknown:
        raise RuleError("unknown keys %s in %s" % (sorted(unknown), what))


# ---------------------------------------------------------------------------
# §4 Categories


class Category:
    pass


def read_category(node, precision):
    _check_keys(node, {"id", "label", "start", "prorate_start", "max", "floor", "outside"},
                "category")
    c = Category()
    c.id = node["id"]
    c.start = parse_points(node.get("start", "0"), precision)
    c.prorate_start = parse_bool(node.get("prorate_start", "false"))
    c.max = parse_points(node["max"], precision) if "max" in node else None
    c.floor = parse_points(node["floor"], precision) if "floor" in node else None
    c.outside = None
    if "outside" in node:
        o = node["outside"]
        if not isinstance(o, dict):
            o = {"column": o}  # "`outside: 民主测评` is short for {column: 民主测评}"
        _check_keys(o, {"column", "min", "max", "default"}, "outside")
        c.outside = {
            "column": str(o["column"]),
            "min": parse_points(o.get("min", "0"), precision),
            "max": parse_points(o["max"], precision) if "max" in o else None,
            "default": parse_points(o["default"], precision) if "default" in o else None,
        }
        if "start" in node or "prorate_start" in node:
            raise RuleError("outside with start")
    return c


def outside_score(category, member, served, precision):
    """§4 `outside`: the member's score from the column of the members file
    (the one source a case has), else the `default`; a member who did not
    serve needs none (0). READING: a member who did not serve but has a
    value in the column takes it, like anyone else."""
    o = category.outside
    text = member.row.get(o["column"], "")
    if text.strip() == "":
        if o["default"] is not None:
            note("outside score: the default")
            return o["default"]
        if served is None:
            note("outside score: none, not serving")
            return Decimal(0)
        raise RuleError("member %s has no %r score" % (member.id, o["column"]))
    value = parse_points(text, precision)
    if value < o["min"] or (o["max"] is not None and value > o["max"]):
        raise RuleError("member %s: %r score %s out of range" % (member.id, o["column"], value))
    if value == o["min"] or value == o["max"]:
        note("outside score on its bound")
    return value


def category_start(category, served, period, precision, rounding="half_up"):
    """§4 `start`, and `prorate_start`: start x served days / period days,
    rounded to the precision as `prorate_rounding` says. A member who did
    not serve starts with 0 when pro-rated."""
    if not category.prorate_start:
        return category.start
    served_days = served.days() if served else 0
    if served_days not in (0, period.days()):
        note("start pro-rated (%s)" % rounding)
    return round_prorated(Fraction(category.start) * served_days / period.days(), precision,
                          rounding)


def bound_category(category, amount):
    """§4 `max` and `floor`, in the order of §12 step 5: cut to max, then
    raised to floor. Returns (amount, cut by max, raised by floor)."""
    cut = raised = Decimal(0)
    if category.max is not None and amount > category.max:
        note("category max cuts")
        cut = category.max - amount
        amount = category.max
    if category.floor is not None and amount < category.floor:
        note("category floor raises")
        raised = category.floor - amount
        amount = category.floor
    return amount, cut, raised


# ---------------------------------------------------------------------------
# §5 Rules


class Rule:
    pass


RULE_KEYS = {"id", "label", "category", "when", "points", "per_quantity", "share", "count",
             "from", "limit", "once", "max", "tiers", "tiers_by", "rate_of", "no_records",
             "otherwise", "per", "at_least"}


def parse_share(text):
    """§5 rates and §18 weights: a share, `90%`, `9/10` or `0.9`."""
    text = str(text).strip()
    if text.endswith("%"):
        return parse_fraction(text[:-1]) / 100
    return parse_fraction(text)


def read_rule(node, precision):
    _check_keys(node, RULE_KEYS, "rule")
    r = Rule()
    r.id = node["id"]
    r.category = node["category"]
    r.when = read_when(node["when"])
    r.points = Decimal(0)
    r.points_by = None
    r.points_table = {}
    points = node.get("points")
    if isinstance(points, dict):
        r.points_by = points["by"]
        r.points_table = {k: parse_points(v, precision) for k, v in points.items() if k != "by"}
    elif points is not None:
        r.points = parse_points(points, precision)
    r.per_quantity = parse_bool(node.get("per_quantity", "false"))
    r.share = read_share(node.get("share", "full"), precision)
    r.count = node.get("count", "all")
    r.from_nth = parse_whole(node.get("from", "1"))
    r.limit = parse_whole(node["limit"]) if "limit" in node else None
    if parse_bool(node.get("once", "false")):
        r.limit = 1  # "once: true is the same as limit: 1"
    r.max = parse_points(node["max"], precision) if "max" in node else None
    r.tiers_by = node.get("tiers_by", "count")
    r.tiers = None
    if "tiers" in node:
        r.tiers = []
        for t in node["tiers"]:
            at_least = (parse_whole(t["at_least"]) if r.tiers_by == "count"
                        else parse_share(t["at_least"]) if r.tiers_by == "rate"
                        else Decimal(t["at_least"]))
            r.tiers.append((at_least, parse_points(t["points"], precision)))
    # §5 rates: `rate_of` and `no_records` with tiers_by: rate.
    r.rate_of = read_when(node["rate_of"]) if "rate_of" in node else None
    r.no_records = parse_points(node.get("no_records", "0"), precision)
    if r.tiers_by == "rate" and (r.tiers is None or r.rate_of is None):
        raise RuleError("a rate needs tiers and rate_of")
    # §5 "The remaining cases" and "Points per period".
    r.otherwise = parse_names(node["otherwise"]) if "otherwise" in node else []
    r.per = node.get("per")
    if r.per is not None and r.per not in ("month", "quarter", "half", "period"):
        raise RuleError("per %r" % r.per)
    r.per_at_least = parse_whole(node.get("at_least", "1"))
    return r


def read_share(node, precision):
    """§5 `share`: full, {first}, {first_n} or {by_position}."""
    if node == "full":
        return ("full",)
    if "first" in node:
        return ("first", parse_fraction(node["first"]))
    if "first_n" in node:
        return ("first_n", parse_whole(node["first_n"]))
    table = node["by_position"]
    positions = {int(k): parse_points(v, precision) for k, v in table.items() if k != "other"}
    other = parse_points(table["other"], precision) if "other" in table else Decimal(0)
    return ("by_position", positions, other)


def record_points(rule, record):
    """§5 `points`: one number, or looked up by one attribute of the record
    (`by: level|status|subtype|kind`); a value missing from the table earns
    nothing. READING: such a record still matches the rule (it counts for
    `from`, `limit` and tiers, and is not unmatched); it earns 0."""
    if rule.points_by is None:
        return rule.points
    value = getattr(record, rule.points_by)
    return rule.points_table.get(value, Decimal(0))


def line_share(rule, record, participants):
    """§5 shares and §12 step 2: (base points, share) of one record.
    READING: a record without a position takes the share of an unlisted
    position (nothing under first_n; `other` under by_position; not the
    first proposer under `first`)."""
    mode = rule.share[0]
    if mode == "by_position":
        base = rule.share[1].get(record.position, rule.share[2])
        return base, Fraction(1)
    base = record_points(rule, record)
    if participants >= 16:
        note("share on an item of 16 or more")
    if mode == "first":
        first = rule.share[1]
        if participants <= 1:
            return base, Fraction(1)  # "a lone participant gets everything"
        if record.position == 1:
            return base, first
        return base, (1 - first) / (participants - 1)
    if mode == "first_n":
        n = rule.share[1]
        inside = record.position is not None and 1 <= record.position <= n
        return base, Fraction(1 if inside else 0)
    return base, Fraction(1)


def line_value(rule, record, participants, precision):
    """§12 step 2: points x share (x quantity with per_quantity), rounded
    half away from zero to the precision, once."""
    base, share = line_share(rule, record, participants)
    value = Fraction(base) * share
    if rule.per_quantity:
        value *= Fraction(record.quantity)
    return round_half_away(value, precision)


def rule_total(rule, records, lines, participants, precision, period=None, member=None):
    """§12 step 3, for one rule and one member's matching records in their
    order: `from` and `limit` (records that do not count show 0), then
    `count: highest`, then `tiers`, then the rule's `max`. Fills
    lines[(record id, rule id)] and returns the rule's total.
    READING: `tiers` measure the records that count after `from` and
    `limit` (the order of step 3); a tier rule's records show 0 each and
    the tier gives the points once."""
    if rule.tiers_by == "rate" or rule.per is not None:
        return rate_or_per_total(rule, records, lines, period, member)
    counted = []
    for nth, record in enumerate(records, 1):
        if nth < rule.from_nth or (rule.limit is not None and len(counted) >= rule.limit):
            lines[(record.id, rule.id)] = Decimal(0)
            continue
        counted.append(record)
        if rule.tiers is not None:
            lines[(record.id, rule.id)] = Decimal(0)
        else:
            lines[(record.id, rule.id)] = line_value(rule, record, participants[record.item()],
                                                     precision)
    if rule.tiers is not None:
        if rule.tiers_by == "quantity":
            measure = sum((r.quantity for r in counted), Decimal(0))
        else:
            measure = len(counted)
        total = Decimal(0)
        for at_least, points in sorted(rule.tiers, key=lambda t: t[0], reverse=True):
            if measure >= at_least:
                note("tier reached (%s)" % rule.tiers_by)
                total = points  # "the highest tier reached"
                break
    else:
        values = [lines[(r.id, rule.id)] for r in counted]
        if rule.count == "highest":
            if len(values) > 1:
                note("count highest over several")
            total = max(values) if values else Decimal(0)
        else:
            total = sum(values, Decimal(0))
    if rule.max is not None and total > rule.max:
        note("rule max cuts")
        total = rule.max
    return total


def rate_or_per_total(rule, records, lines, period, member):
    """§5 "Rates" and "Points per period", §12 step 3: every matching
    record is a counting line of 0 points; a rate gives the points of the
    highest tier whose share it reaches (exactly; `no_records` without
    records), `per` the points once per sub-period with at least
    `at_least` records; then the rule's `max`."""
    for record in records:
        lines[(record.id, rule.id)] = Decimal(0)
    total = Decimal(0)
    if rule.tiers_by == "rate":
        if not records:
            total = rule.no_records
        else:
            meeting = sum(1 for r in records if when_holds(rule.rate_of, r, member))
            rate = Fraction(meeting, len(records))
            for at_least, points in sorted(rule.tiers, key=lambda t: t[0], reverse=True):
                if rate == at_least:
                    note("rate exactly on a tier")
                if rate >= at_least:
                    total = points
                    break
            else:
                note("rate below every tier")
    else:
        for sub in sub_periods(period, rule.per):
            have = sum(1 for r in records if sub.contains(r.date))
            if have == rule.per_at_least:
                note("per %s: exactly at_least" % rule.per)
            if have >= rule.per_at_least:
                total += rule.points
    if rule.max is not None and total > rule.max:
        note("rule max cuts (%s)" % ("rate" if rule.per is None else "per"))
        total = rule.max
    return total


# ---------------------------------------------------------------------------
# §6 Conditions


class Condition:
    pass


CONDITION_KEYS = {"kind", "subtype", "status", "level", "flags", "not_flags", "position",
                  "role", "sector", "group"}


def read_when(node):
    """§6 `when`: a condition, or a list of conditions (any of them)."""
    if isinstance(node, list):
        return [read_condition(c) for c in node]
    return [read_condition(node)]


NAME_KEYS = ("kind", "subtype", "status", "level", "role", "sector", "group")


def read_test(node):
    """§6 one key's test: names (one of these, never blank), or a map of
    `is`/`not` names and `blank`. Returns (is, not, blank), each None when
    not given."""
    if not isinstance(node, dict):
        return parse_names(node), None, None
    _check_keys(node, {"is", "not", "blank"}, "condition value")
    if "is" in node and "not" in node:
        raise RuleError("is and not combined")
    return (parse_names(node["is"]) if "is" in node else None,
            parse_names(node["not"]) if "not" in node else None,
            parse_bool(node["blank"]) if "blank" in node else None)


def read_position(node):
    """§6 `position`: a number, {min, max, blank}, {not, blank}.
    Returns (low, high, not, blank)."""
    if not isinstance(node, dict):
        n = parse_whole(node)
        return n, n, None, None
    _check_keys(node, {"min", "max", "not", "blank"}, "position")
    if "not" in node and ("min" in node or "max" in node):
        raise RuleError("position: not with min or max")
    return (parse_whole(node["min"]) if "min" in node else None,
            parse_whole(node["max"]) if "max" in node else None,
            [parse_whole(v) for v in parse_names(node["not"])] if "not" in node else None,
            parse_bool(node["blank"]) if "blank" in node else None)


def read_condition(node):
    _check_keys(node, CONDITION_KEYS, "condition")
    c = Condition()
    for key in NAME_KEYS:
        setattr(c, key, read_test(node[key]) if key in node else None)
    c.flags = parse_names(node["flags"]) if "flags" in node else None
    c.not_flags = parse_names(node["not_flags"]) if "not_flags" in node else None
    c.position = read_position(node["position"]) if "position" in node else None
    return c


def value_holds(test, value, is_blank, inside):
    """§6 "Negation and blank values", one key. `inside(names)`: the value
    is one of these names. A blank value holds `blank: true`, or a `not`
    list when `blank` is not stated; a value that is not blank holds the
    `is` list, a `not` list it is not in, or `blank: false` alone."""
    listed, negated, blank = test
    if is_blank:
        if blank is not None:
            note("condition: blank value against a stated blank")
            return blank
        if negated is not None:
            note("condition: blank value holds a not")
        return negated is not None
    if listed is not None:
        return inside(listed)
    if negated is not None:
        return not inside(negated)
    return blank is False


def position_holds(test, position):
    """§6 `position` on a record's position (None: blank).
    READING: a blank position never meets a plain number or a range."""
    low, high, negated, blank = test
    if position is None:
        if blank is not None:
            return blank
        return negated is not None
    if negated is not None:
        return position not in negated
    if low is None and high is None:
        return blank is not True  # {blank: false} alone: any position
    return (low is None or position >= low) and (high is None or position <= high)


def condition_holds(c, record, member):
    """§6: every key given must hold. Record attributes are blank when
    their cell is empty; `role` is blank for a member without a role (a
    list holds when the member has any of them, `not` when none)."""
    for key in ("kind", "subtype", "status", "level"):
        test = getattr(c, key)
        if test is not None:
            value = getattr(record, key)
            if not value_holds(test, value, value == "", lambda names: value in names):
                return False
    if c.flags is not None and not all(f in record.flags for f in c.flags):
        return False
    if c.not_flags is not None and any(f in record.flags for f in c.not_flags):
        return False
    if c.position is not None and not position_holds(c.position, record.position):
        return False
    if c.role is not None and not value_holds(
            c.role, None, not member.roles, lambda names: any(r in member.roles for r in names)):
        return False
    for key in ("sector", "group"):
        test = getattr(c, key)
        if test is not None:
            value = getattr(member, key)
            if not value_holds(test, value, value == "", lambda names: value in names):
                return False
    return True


def when_holds(when, record, member):
    """§6: a list of conditions matches when any condition holds."""
    return any(condition_holds(c, record, member) for c in when)


# ---------------------------------------------------------------------------
# §7 "The higher counts, not both"


class Exclusive:
    pass


def read_exclusive(node):
    e = Exclusive()
    e.id = node["id"]
    e.rules = parse_names(node["rules"])
    return e


def apply_exclusives(exclusives, rule_totals):
    """§7 and §12 step 4: per member, only the rule with the highest total
    stays (on a tie, the first listed); the others count 0. READING: a
    rule without records has total 0 and takes part; groups apply in file
    order."""
    for group in exclusives:
        keep = None
        for rule_id in group.rules:
            if keep is None or rule_totals.get(rule_id, Decimal(0)) > rule_totals.get(keep, Decimal(0)):
                keep = rule_id
        for rule_id in group.rules:
            if rule_id != keep and rule_id in rule_totals:
                if rule_totals[rule_id]:
                    note("exclusive cuts a rule")
                rule_totals[rule_id] = Decimal(0)


# ---------------------------------------------------------------------------
# §8 Minimum duties


class Minimum:
    pass


def read_minimum(node, precision):
    _check_keys(node, {"id", "label", "when", "at_least", "by", "per", "prorate", "penalty",
                       "grade"}, "minimum")
    m = Minimum()
    m.id = node["id"]
    m.when = read_when(node["when"])
    m.by = node.get("by", "records")
    if m.by not in ("records", "quantity"):
        raise RuleError("minimum by %r" % m.by)
    # §8 `at_least`: a whole number of records, or with by: quantity a
    # quantity (up to 4 decimals).
    m.at_least = (parse_whole(node.get("at_least", "1")) if m.by == "records"
                  else parse_points(node.get("at_least", "1"), 4))
    m.per = {"period": "period", "year": "period", "half": "half", "quarter": "quarter",
             "month": "month"}[node.get("per", "period")]
    m.prorate = parse_bool(node.get("prorate", "false"))
    m.penalty = None
    if "penalty" in node:
        m.penalty = (parse_points(node["penalty"]["points"], precision),
                     node["penalty"]["category"])
    m.grade = node.get("grade")
    return m


def sub_periods(period, per):
    """§8 `per`: the calendar halves, quarters or months of the period,
    clipped to it; `period` is the period itself."""
    if per == "period":
        return [period]
    months = {"half": 6, "quarter": 3, "month": 1}[per]
    out = []
    year, month = period.first.year, period.first.month
    month = (month - 1) // months * months + 1  # the calendar unit holding `first`
    while True:
        start = datetime.date(year, month, 1)
        if start > period.last:
            return out
        end_month = month + months
        end = (datetime.date(year + (end_month - 1) // 12, (end_month - 1) % 12 + 1, 1)
               - datetime.timedelta(days=1))
        out.append(Period(max(start, period.first), min(end, period.last)))
        year, month = end.year + (1 if end.month == 12 else 0), end.month % 12 + 1


def minimum_unmet(minimum, records, member, served, period, rounding="half_up"):
    """§8: how many sub-periods of the period the member left unmet.
    `prorate`, for a member who served part of the period: sub-periods not
    served in full are not required; with per: period the count is
    at_least x served days / period days, rounded to a whole number (of
    records, or of quantity units) as `prorate_rounding` says. With
    by: quantity the matching records' quantities are summed.
    READING: a member who served the whole period is not pro-rated: "for a
    member who served part of the period" (§8), so a quantity such as 7.5
    stays 7.5 for them."""
    unmet = 0
    part_served = served.days() != period.days()
    for sub in sub_periods(period, minimum.per):
        required = minimum.at_least
        if minimum.prorate and part_served:
            if minimum.per == "period":
                required = round_prorated(
                    Fraction(minimum.at_least) * served.days() / period.days(), 0, rounding)
                if required != minimum.at_least:
                    note("minimum: pro-rated count below at_least (%s, by %s)" % (rounding, minimum.by))
            elif not (served.first <= sub.first and served.last >= sub.last):
                note("minimum: sub-period not served in full")
                continue
        matching = [r for r in records if sub.contains(r.date) and when_holds(minimum.when, r, member)]
        if minimum.by == "quantity":
            have = sum((r.quantity for r in matching), Decimal(0))
        else:
            have = len(matching)
        if have == required:
            note("minimum met exactly (by %s)" % minimum.by)
        if have < required:
            unmet += 1
    return unmet


# ---------------------------------------------------------------------------
# §9 Vetoes


class Veto:
    pass


def read_veto(node):
    _check_keys(node, {"id", "label", "when", "grade", "zero_total"}, "veto")
    v = Veto()
    v.id = node["id"]
    v.when = read_when(node["when"])
    v.grade = node.get("grade")
    v.zero_total = parse_bool(node.get("zero_total", "false"))
    return v


# ---------------------------------------------------------------------------
# §10 Grades


class Grade:
    pass


def read_grade(node, precision):
    _check_keys(node, {"label", "min", "quota", "quota_ties"}, "grade")
    g = Grade()
    g.label = node["label"]
    g.min = parse_points(node["min"], precision) if "min" in node else None
    g.quota = None
    if "quota" in node:
        q = str(node["quota"]).strip()
        g.quota = ("share", Fraction(Decimal(q[:-1])) / 100) if q.endswith("%") else ("count", parse_whole(q))
    g.quota_ties = node.get("quota_ties", "exclude")
    return g


def band_of(grades, total):
    """§10: the first band whose `min` the total reaches; a band without
    `min` takes every lower total. None when no band takes it."""
    for index, g in enumerate(grades):
        if g.min is not None and total == g.min:
            note("total exactly at a grade's min")
        if g.min is None or total >= g.min:
            return index
    return None


def quota_limit(quota, graded):
    """§10: the count, or the share of the graded members rounded down."""
    if quota[0] == "count":
        return quota[1]
    return int(quota[1] * graded)  # floor: both are non-negative


def take_with_boundary(ordered, limit, ties, same_standing, what="list"):
    """§10 quotas and §16 lists: the first `limit` of `ordered`; members
    tied at the boundary (the run of equal standing across positions limit
    and limit+1) all drop (`exclude`) or all stay (`include`)."""
    if len(ordered) <= limit:
        return list(ordered)
    if limit == 0:
        return []
    if not same_standing(ordered[limit - 1], ordered[limit]):
        note("%s: limit reached, no tie" % what)
        return list(ordered[:limit])
    note("%s: tie at the limit, %s" % (what, ties))
    low = limit - 1
    while low > 0 and same_standing(ordered[low - 1], ordered[limit]):
        low -= 1
    high = limit
    while high + 1 < len(ordered) and same_standing(ordered[high + 1], ordered[limit]):
        high += 1
    return list(ordered[:low]) if ties == "exclude" else list(ordered[:high + 1])


def apply_grade_quotas(rs, results, order):
    """§10 quotas and §12 step 10: highest band first, the band's members
    in ranking order; those beyond the limit take the next band down,
    where that band's own quota then counts them too."""
    def counted(r):
        # §10 "the graded members (members with a grade who served in the
        # period)"; §11: with `not_serving: ranked` they count too.
        return r.grade is not None and (not r.not_serving or rs.not_serving == "ranked")

    graded = sum(1 for r in results.values() if counted(r))
    for index, band in enumerate(rs.grades):
        if band.quota is None or index + 1 >= len(rs.grades):
            continue
        holders = [m for m in order if results[m].grade == index and counted(results[m])]
        limit = quota_limit(band.quota, graded)
        stay = set(take_with_boundary(holders, limit, band.quota_ties,
                                      lambda a, b: same_standing(rs, results[a], results[b]),
                                      "grade quota"))
        for m in holders:
            if m not in stay:
                note("grade quota moves a member down")
                results[m].grade = index + 1


# ---------------------------------------------------------------------------
# §11 Ranking


class Ranking:
    pass


def read_ranking(node):
    r = Ranking()
    r.ties = node.get("ties", "competition")
    r.tie_break = parse_names(node["tie_break"]) if "tie_break" in node else []
    r.vetoed = node.get("vetoed", "normal")
    return r


def standing_key(rs, result):
    """§11 / §12 step 9: total, highest first; then the tie_break
    categories, highest first."""
    return (-result.total,) + tuple(-result.categories[c] for c in rs.ranking.tie_break)


def same_standing(rs, a, b):
    """§10 / §16: 'tied' means equal total and equal tie_break categories."""
    return standing_key(rs, a) == standing_key(rs, b)


def rank_members(rs, results, member_ids):
    """§11 and §12 step 9. Returns the listing order; sets result.rank
    (0 = not ranked). Members who did not serve are not ranked.
    READING: `vetoed: last` ranks vetoed members strictly after everyone
    else: they never share a rank with a member without a veto. Unranked
    members are listed after the ranked ones (vetoed then not serving),
    each part in the same order."""
    def key(m):
        return standing_key(rs, results[m]) + (m,)

    # §11 `not_serving: ranked`: members who did not serve rank like everyone.
    def ranked_like_everyone(m):
        return not results[m].not_serving or rs.not_serving == "ranked"

    serving = [m for m in member_ids if ranked_like_everyone(m)]
    vetoed = [m for m in serving if results[m].vetoes]
    clean = [m for m in serving if not results[m].vetoes]
    if rs.ranking.vetoed == "normal":
        blocks, unranked = [sorted(serving, key=key)], []
    elif rs.ranking.vetoed == "last":
        blocks, unranked = [sorted(clean, key=key), sorted(vetoed, key=key)], []
    else:
        blocks, unranked = [sorted(clean, key=key)], sorted(vetoed, key=key)
    position = dense = 0
    for block in blocks:
        previous = None
        for m in block:
            position += 1
            tied = previous is not None and same_standing(rs, results[previous], results[m])
            if rs.ranking.ties == "ordinal":
                results[m].rank = position
            elif rs.ranking.ties == "dense":
                if not tied:
                    dense += 1
                results[m].rank = dense
            else:
                results[m].rank = results[previous].rank if tied else position
            if tied:
                note("ranking: tie (%s)" % rs.ranking.ties)
            previous = m
    not_serving = sorted((m for m in member_ids if not ranked_like_everyone(m)), key=key)
    for m in unranked + not_serving:
        results[m].rank = 0
    return [m for block in blocks for m in block] + unranked + not_serving


# ---------------------------------------------------------------------------
# §12 How a score is computed


class MemberResult:
    """One member's score, with the amounts of its audit (§12)."""

    def __init__(self, member_id):
        self.id = member_id
        self.categories = {}
        self.total = Decimal(0)
        self.grade = None
        self.rank = 0
        self.not_serving = False
        self.unmet = []        # minimum ids, file order
        self.vetoes = []       # veto ids, file order
        # Audit amounts: line of each (record, rule) pair; each rule's
        # total after step 3 and after step 4; each category's start,
        # penalties, cut by max, raised by floor, and zeroed by a veto.
        self.lines = {}
        self.rule_step3 = {}
        self.rule_final = {}
        self.start = {}
        self.penalties = {}    # minimum id -> amount (negative)
        self.cap = {}
        self.floor = {}
        self.veto_cut = {}
        self.rescale = {}      # category -> new - raw points (§18)
        self.unmatched = []    # record ids


def participants_of(records):
    """§5: participants = rows that share the item's (kind, ref) in the
    records (the whole file, whatever their dates)."""
    counts = {}
    for r in records:
        counts[r.item()] = counts.get(r.item(), 0) + 1
    return counts


def rule_matches(rs, rule, record, member):
    """§12 step 1: one of the rule's `when` conditions holds and, with
    `otherwise`, none of the listed rules' `when` does (only their `when`:
    not their own `otherwise`)."""
    if not when_holds(rule.when, record, member):
        return False
    for other_id in rule.otherwise:
        other = next(r for r in rs.rules if r.id == other_id)
        if when_holds(other.when, record, member):
            note("otherwise: a listed rule takes the record")
            return False
    if rule.otherwise:
        note("otherwise: the remaining case takes the record")
    return True


def score_member(rs, member, records, participants, period):
    """§12 steps 1-7 for one member (parts and grades follow in
    evaluate()). `records`: the member's records."""
    result = MemberResult(member.id)
    served = served_part(period, member)
    result.not_serving = served is None
    precision = rs.precision
    # Step 1: records in the period, in (date, record id) order.
    # READING: record ids compare as text.
    mine = sorted((r for r in records if period.contains(r.date)), key=lambda r: (r.date, r.id))
    for a, b in zip(mine, mine[1:]):
        if a.date == b.date and a.id.isdigit() and b.id.isdigit() and int(a.id) > int(b.id):
            note("records of one day whose id order as text is not as numbers")
    per_rule = {rule.id: [] for rule in rs.rules}
    for record in mine:
        matched = False
        for rule in rs.rules:
            if rule_matches(rs, rule, record, member):
                per_rule[rule.id].append(record)
                matched = True
        for owner in rs.minimums + rs.vetoes:
            matched = matched or when_holds(owner.when, record, member)
        if not matched:
            result.unmatched.append(record.id)
    # Steps 2-3: lines, then per rule. A rate gives `no_records` to a
    # member without records of its `when`.
    for rule in rs.rules:
        if per_rule[rule.id] or (rule.tiers_by == "rate" and rule.no_records != 0):
            if not per_rule[rule.id]:
                note("rate: no records, no_records given")
            result.rule_step3[rule.id] = rule_total(rule, per_rule[rule.id], result.lines,
                                                    participants, precision, period, member)
    # Step 4: exclusive groups.
    totals = dict(result.rule_step3)
    apply_exclusives(rs.exclusives, totals)
    result.rule_final = totals
    # Step 5: per category, start (or the outside score) + rule totals -
    # minimum penalties, then max, then floor. READING: minimums apply to
    # members who served in the period; a member who did not serve is not
    # assessed.
    sums = {}
    for c in rs.categories:
        if c.outside is not None:
            result.start[c.id] = outside_score(c, member, served, precision)
        else:
            result.start[c.id] = category_start(c, served, period, precision, rs.prorate_rounding)
        sums[c.id] = result.start[c.id]
    for rule in rs.rules:
        sums[rule.category] += totals.get(rule.id, Decimal(0))
    penalised = set()
    if served is not None:
        for m in rs.minimums:
            unmet = minimum_unmet(m, mine, member, served, period, rs.prorate_rounding)
            if unmet:
                result.unmet.append(m.id)
                note("minimum unmet, per %s, by %s" % (m.per, m.by))
                if m.penalty is not None:
                    lost = m.penalty[0] * unmet
                    sums[m.penalty[1]] -= lost
                    result.penalties[m.id] = -lost
                    penalised.add(m.penalty[1])
    for c in rs.categories:
        amount, result.cap[c.id], result.floor[c.id] = bound_category(c, sums[c.id])
        if c.id in penalised and result.cap[c.id]:
            note("category: penalty and max in one category")
        if c.id in penalised and result.floor[c.id]:
            note("category: penalty and floor in one category")
        result.categories[c.id] = amount
    # Step 7: vetoes (any matching record in the period).
    for v in rs.vetoes:
        if any(when_holds(v.when, r, member) for r in mine):
            result.vetoes.append(v.id)
            note("veto applies")
            if v.zero_total:
                for c in rs.categories:
                    result.veto_cut[c.id] = result.veto_cut.get(c.id, Decimal(0)) - result.categories[c.id]
                    result.categories[c.id] = Decimal(0)
    # Step 6, after step 7 so that zero_total sets the total to 0 too.
    result.total = sum(result.categories.values(), Decimal(0))
    return result


def grade_member(rs, result):
    """§12 step 9: for a member who did not serve, as `not_serving` says
    (none; the not_serving grade; or as below with `ranked`); else a veto's
    grade, else the grade of the first unmet minimum that has one, else the
    band the total falls in."""
    if result.not_serving and rs.not_serving == "unranked":
        return None
    if result.not_serving and rs.not_serving == "grade":
        note("not serving: the named grade")
        return len(rs.grades)
    if result.not_serving:
        note("not serving: graded like everyone")
    forced = [v.grade for v in rs.vetoes if v.id in result.vetoes and v.grade]
    forced += [m.grade for m in rs.minimums if m.id in result.unmet and m.grade]
    return rs.labels.index(forced[0]) if forced else band_of(rs.grades, result.total)


def evaluate(rs, members, records, period):
    """§12: every member's result, the parts (step 8), grades (step 9), the
    ranking (steps 10-11) and the record counts. Returns (results by member
    id, listing order, counts)."""
    participants = participants_of(records)
    by_member = {m.id: [] for m in members}
    for r in records:
        by_member[r.member].append(r)
    results = {}
    for m in members:
        results[m.id] = score_member(rs, m, by_member[m.id], participants, period)
    apply_parts(rs, results, [m.id for m in members])
    for m in members:
        results[m.id].grade = grade_member(rs, results[m.id])
    order = rank_members(rs, results, [m.id for m in members])
    apply_grade_quotas(rs, results, order)
    in_period = sum(1 for r in records if period.contains(r.date))
    unmatched = sum(len(r.unmatched) for r in results.values())
    counts = (in_period, len(records) - in_period, unmatched)
    return results, order, counts


# ---------------------------------------------------------------------------
# §18 Rescaling and weights


class Part:
    pass


def read_part(node):
    _check_keys(node, {"id", "label", "categories", "rescale", "weight"}, "part")
    p = Part()
    p.id = node["id"]
    p.categories = parse_names(node["categories"])
    p.to_best = None
    if "rescale" in node:
        r = node["rescale"]
        _check_keys(r, {"to", "from"}, "rescale")
        to = Fraction(Decimal(str(r["to"])))
        if "from" in r:
            p.factor = to / Fraction(Decimal(str(r["from"])))
        else:
            p.to_best, p.factor = to, None
    else:
        p.factor = parse_share(node["weight"])
    return p


def apply_parts(rs, results, member_ids):
    """§18 and §12 step 8: each part's factor (for `rescale: {to}`, to over
    the highest part total among members who served and have no veto; the
    part is left as it is when that is not above 0), then each member's
    running totals of the part's categories multiplied and rounded half up
    (away from zero) once each, every category taking its step. The total
    is the sum of the categories again. READING: the best member is taken
    over the raw points of every part before any part is rescaled (a
    category is in one part at most, so the order does not matter)."""
    for part in rs.parts:
        factor = part.factor
        if part.to_best is not None:
            eligible = [results[m] for m in member_ids
                        if not results[m].not_serving and not results[m].vetoes]
            best = max((sum((r.categories[c] for c in part.categories), Decimal(0))
                        for r in eligible), default=None)
            if best is None or best <= 0:
                note("part: no positive best, left as it is")
                continue
            factor = part.to_best / Fraction(best)
            note("part rescaled to the best")
        else:
            note("part: a fixed factor")
        for m in member_ids:
            r = results[m]
            running = Fraction(0)
            before = Decimal(0)
            for c in part.categories:
                raw = r.categories[c]
                running += Fraction(raw)
                after = round_half_away(running * factor, rs.precision)
                new = after - before
                before = after
                if new - raw:
                    r.rescale[c] = r.rescale.get(c, Decimal(0)) + new - raw
                r.categories[c] = new
            r.total = sum(r.categories.values(), Decimal(0))


# ---------------------------------------------------------------------------
# §14 Across years and terms


class AcrossRule:
    pass


def read_across_rule(node, precision):
    a = AcrossRule()
    a.id = node["id"]
    a.over = node.get("over", "year")
    if "when" in node:
        a.mode, tests = "all", [node["when"]]
    elif "when_all" in node:
        a.mode, tests = "all", node["when_all"]
    else:
        a.mode, tests = "any", node["when_any"]
    a.tests = [read_across_test(t, precision) for t in tests]
    return a


def read_across_test(node, precision):
    t = {"in_a_row": parse_whole(node.get("years_in_a_row", "1"))}
    if "total_below" in node:
        t["kind"], t["amount"] = "total_below", parse_points(node["total_below"], precision)
    elif "grade" in node:
        t["kind"], t["grades"] = "grade", parse_names(node["grade"])
    else:
        t["kind"], t["when"] = "count", read_when(node["count"])
        if "fewer_than" in node:
            t["fewer_than"] = parse_whole(node["fewer_than"])
        else:
            t["at_least"] = parse_whole(node["at_least"])
    return t


def count_test_holds(test, n):
    return n < test["fewer_than"] if "fewer_than" in test else n >= test["at_least"]


def evaluate_years(rs, members, records, first_year, last_year):
    """§14: every calendar year scored on its own, then each rule tested
    per member. Returns (per year: results by member id; flags by member
    id, rule ids in file order).
    READING: a `count` over the term counts the member's records dated in
    the range whether or not the member served."""
    years = list(range(first_year, last_year + 1))
    per_year = [evaluate(rs, members, records, calendar_year(y))[0] for y in years]
    labels = rs.labels
    by_member = {m.id: [] for m in members}
    for r in records:
        by_member[r.member].append(r)
    member_of = {m.id: m for m in members}
    term = Period(datetime.date(first_year, 1, 1), datetime.date(last_year, 12, 31))
    flags = {}
    for m in members:
        mine = by_member[m.id]

        def count_in(period, when):
            return sum(1 for r in mine if period.contains(r.date) and when_holds(when, r, member_of[m.id]))

        def holds_in_year(test, i):
            result = per_year[i][m.id]
            if result.not_serving:
                return False  # "never holds", and breaks the chain
            if test["kind"] == "total_below":
                return result.total < test["amount"]
            if test["kind"] == "grade":
                return result.grade is not None and labels[result.grade] in test["grades"]
            return count_test_holds(test, count_in(calendar_year(years[i]), test["when"]))

        def test_holds(rule, test):
            if test["kind"] == "count" and rule.over == "term":
                return count_test_holds(test, count_in(term, test["when"]))
            run = 0
            for i in range(len(years)):
                run = run + 1 if holds_in_year(test, i) else 0
                if run >= test["in_a_row"]:
                    return True
            return False

        flags[m.id] = []
        for rule in rs.across_years:
            outcomes = [test_holds(rule, t) for t in rule.tests]
            if (all(outcomes) if rule.mode == "all" else any(outcomes)):
                note("across years: flagged (%s)" % rule.over)
                flags[m.id].append(rule.id)
    return years, per_year, flags


# ---------------------------------------------------------------------------
# §15 Groups and sectors


class Groups:
    pass


def read_groups(node, precision):
    g = Groups()
    g.by = node.get("by", "group")
    g.members_total = node.get("members_total", "none")
    g.minimums_points = parse_points(node.get("members_meeting_minimums", "0"), precision)
    g.quotas = []
    for q in node.get("quotas") or []:
        g.quotas.append({
            "id": q["id"],
            "when": read_when(q["when"]),
            "at_least": parse_whole(q.get("at_least", "1")),
            "per": {"period": "period", "year": "period"}.get(q.get("per", "period"), q.get("per")),
            "per_member": parse_bool(q.get("per_member", "false")),
            "points": parse_points(q.get("points", "0"), precision),
            "penalty": parse_points(q.get("penalty", "0"), precision),
        })
    return g


class GroupResult:
    pass


def score_groups(rs, members, records, period, results):
    """§15: every group (or sector) of the members: the members' part and
    every quota's points; ranked by score, ties sharing a rank, listed by
    name; a group with no serving member is not ranked.
    READING: the average total and the minimums share are rounded half
    away from zero to the precision, like every other amount; a quota
    counts the records of all the group's members (serving or not) in the
    period; an item (kind, ref) counts once per sub-period in which one of
    its rows matches."""
    g = rs.groups
    precision = rs.precision
    member_of = {m.id: m for m in members}
    names = sorted({getattr(m, g.by) for m in members if getattr(m, g.by)})
    out = []
    for name in names:
        mine = [m for m in members if getattr(m, g.by) == name]
        ids = {m.id for m in mine}
        serving = [m for m in mine if not results[m.id].not_serving]
        r = GroupResult()
        r.name = name
        r.members = len(mine)
        r.serving = len(serving)
        r.meeting = sum(1 for m in serving if not results[m.id].unmet)
        r.average = Decimal(0)
        if serving:
            r.average = round_half_away(
                Fraction(sum((results[m.id].total for m in serving), Decimal(0))) / len(serving),
                precision)
        r.members_points = Decimal(0)
        if g.members_total == "average":
            r.members_points += r.average
        if serving:
            r.members_points += round_half_away(Fraction(g.minimums_points) * r.meeting / len(serving),
                                                precision)
        group_records = [rec for rec in records if rec.member in ids and period.contains(rec.date)]
        r.quotas = []
        for q in g.quotas:
            matching = [rec for rec in group_records
                        if when_holds(q["when"], rec, member_of[rec.member])]
            required = q["at_least"] * (len(serving) if q["per_member"] else 1)
            subs = sub_periods(period, q["per"])
            items = [len({rec.item() for rec in matching if sub.contains(rec.date)}) for sub in subs]
            if required in items:
                note("group quota met exactly")
            if len({rec.item() for rec in matching}) < len(matching):
                note("group quota: one item, several rows")
            met = sum(1 for n in items if n >= required)
            points = q["points"] * met - q["penalty"] * (len(subs) - met)
            r.quotas.append((len(subs), met, len({rec.item() for rec in matching}), required, points))
        # READING: the docs do not say what a group with no serving member
        # scores; it is not ranked, and its total is taken as 0 (its quotas
        # are still shown).
        r.total = r.members_points + sum((q[4] for q in r.quotas), Decimal(0)) if serving else Decimal(0)
        out.append(r)
    ranked = sorted((r for r in out if r.serving), key=lambda r: (-r.total, r.name))
    for i, r in enumerate(ranked):
        r.rank = ranked[i - 1].rank if i and ranked[i - 1].total == r.total else i + 1
    for r in out:
        if not r.serving:
            r.rank = 0
    order = ranked + [r for r in out if not r.serving]
    return out, [r.name for r in order]


# ---------------------------------------------------------------------------
# §16 Commendation lists


class Commendation:
    pass


def read_commendation(node):
    c = Commendation()
    c.id = node["id"]
    c.top = parse_whole(node["top"])
    c.ties = node.get("ties", "exclude")
    e = node.get("eligible") or {}
    c.no_veto = parse_bool(e.get("no_veto", "false"))
    c.minimums_met = parse_bool(e.get("minimums_met", "false"))
    c.served_at_least = parse_fraction(e["served_at_least"]) if "served_at_least" in e else None
    c.grades = parse_names(e["grades"]) if "grades" in e else None
    return c


def commendation_lists(rs, members, results, order, period):
    """§16: the first `top` eligible members in ranking order; members not
    ranked are never eligible; ties at the boundary as `ties` says."""
    member_of = {m.id: m for m in members}
    labels = rs.labels
    lists = {}
    for c in rs.commendations:
        eligible = []
        for m in order:
            r = results[m]
            if r.rank == 0 or r.not_serving:  # §11: never on a list
                continue
            if c.no_veto and r.vetoes:
                continue
            if c.minimums_met and r.unmet:
                continue
            if c.served_at_least is not None:
                served = served_part(period, member_of[m])
                days = served.days() if served else 0
                if Fraction(days, period.days()) == c.served_at_least:
                    note("served exactly the list's share")
                if Fraction(days, period.days()) < c.served_at_least:
                    continue
            if c.grades is not None and (r.grade is None or labels[r.grade] not in c.grades):
                continue
            eligible.append(m)
        lists[c.id] = take_with_boundary(eligible, c.top, c.ties,
                                         lambda a, b: same_standing(rs, results[a], results[b]),
                                         "commendation list")
    return lists


# ---------------------------------------------------------------------------
# Everything for one case, as plain data (amounts in units of 10^-precision)


def units(amount, precision):
    return int(amount.scaleb(precision))


def run_case(rules_text, members_text, records_text, period=None, years=None):
    """Scores one case. `period`: (from, to) dates, or None for the rule
    file's own period; `years`: (first, last) for §14, or None."""
    rs = load_rules(rules_text)
    members = read_members(members_text)
    records = read_records(records_text)
    if rs.blank_position is not None:
        # §6 / §12 step 1: a blank position is read as `blank_position`
        # wherever a position is used (conditions, shares).
        for r in records:
            if r.position is None:
                r.position = rs.blank_position
                note("blank position read as blank_position")
    period = Period(*period) if period else rs.period
    results, order, counts = evaluate(rs, members, records, period)
    p = rs.precision
    labels = rs.labels
    out = {"precision": p, "period": [str(period.first), str(period.last)],
           "counts": list(counts), "order": order, "members": []}
    for m in members:
        r = results[m.id]
        out["members"].append({
            "id": m.id,
            "categories": {c: units(v, p) for c, v in r.categories.items()},
            "total": units(r.total, p),
            "grade": labels[r.grade] if r.grade is not None else None,
            "rank": r.rank,
            "not_serving": r.not_serving,
            "unmet": r.unmet,
            "vetoes": r.vetoes,
            "audit": {
                "lines": {"%s|%s" % k: units(v, p) for k, v in r.lines.items()},
                "rule_step3": {k: units(v, p) for k, v in r.rule_step3.items()},
                "rule_final": {k: units(v, p) for k, v in r.rule_final.items()},
                "start": {k: units(v, p) for k, v in r.start.items() if v},
                "penalties": {k: units(v, p) for k, v in r.penalties.items()},
                "cap": {k: units(v, p) for k, v in r.cap.items() if v},
                "floor": {k: units(v, p) for k, v in r.floor.items() if v},
                "veto_cut": {k: units(v, p) for k, v in r.veto_cut.items() if v},
                "rescale": {k: units(v, p) for k, v in r.rescale.items() if v},
                "unmatched": sorted(r.unmatched),
            },
        })
    out["commendations"] = commendation_lists(rs, members, results, order, period)
    if rs.groups is not None:
        groups, group_order = score_groups(rs, members, records, period, results)
        out["groups"] = [{
            "name": g.name, "members": g.members, "serving": g.serving,
            "meeting_minimums": g.meeting, "average_total": units(g.average, p),
            "members_points": units(g.members_points, p),
            "quotas": [[q[0], q[1], q[2], q[3], units(q[4], p)] for q in g.quotas],
            "total": units(g.total, p), "rank": g.rank} for g in groups]
        out["group_order"] = group_order
    if years:
        year_list, per_year, flags = evaluate_years(rs, members, records, *years)
        out["years"] = {"years": year_list, "members": {
            m.id: {"totals": [[not y[m.id].not_serving, units(y[m.id].total, p),
                               labels[y[m.id].grade] if y[m.id].grade is not None else None]
                              for y in per_year],
                   "flags": flags[m.id]} for m in members}}
    return out
