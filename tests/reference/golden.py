#!/usr/bin/python3
"""Golden results: every rule set in rules/ on the bundled committee.

For each rules/<name>.yaml, the bundled example (examples/data, year 2025)
is scored by the reference evaluator and by the engine (the test-only
driver); both are written in the layout below and compared byte for byte
with the checked-in tests/reference/golden/<name>.*.csv:

  <name>.scores.csv   member_id, every category, total, grade, rank, flags
                      (members file order; amounts with the rule set's
                      decimals; flags: minimum:<id>, veto:<id>, not_serving)
  <name>.lists.csv    list, position, member_id (commendation lists, §16)
  <name>.groups.csv   the groups (§15): name, members, serving,
                      meeting_minimums, average_total, members_points, per
                      quota met/periods and points, total, rank
  <name>.years.csv    2024-2025 (§14): member_id, per year total and grade,
                      flags

A rule set with outside scores (§4) that the bundled members file lacks
gets a generated column (with_outside_columns).

The published methods in tests/methods/ are scored by the reference too
and compared with their hand-computed expected.csv.

  golden.py --driver build/tests/dutyscore_reference_driver           # check
  golden.py --driver ... --update    # rewrite the golden files from the reference

Exit 0: everything agrees; 1: a difference; 77: PyYAML is missing.
"""

import argparse
import datetime
import difflib
import glob
import os
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

try:
    import yaml  # noqa: F401
except ImportError:
    print("SKIP: PyYAML is missing (install python3-yaml)")
    sys.exit(77)

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import reference  # noqa: E402
from differential import Engine  # noqa: E402

YEAR = 2025
YEARS = (2024, 2025)


def amount(units, precision):
    sign = "-" if units < 0 else ""
    units = abs(units)
    if precision == 0:
        return sign + str(units)
    return "%s%d.%0*d" % (sign, units // 10 ** precision, precision, units % 10 ** precision)


def scores_csv(result, categories):
    p = result["precision"]
    lines = [",".join(["member_id"] + categories + ["total", "grade", "rank", "flags"])]
    for m in result["members"]:
        flags = ["minimum:" + i for i in m["unmet"]] + ["veto:" + i for i in m["vetoes"]]
        if m["not_serving"]:
            flags.append("not_serving")
        lines.append(",".join([m["id"]] + [amount(m["categories"][c], p) for c in categories] +
                              [amount(m["total"], p), m["grade"] or "", str(m["rank"]),
                               ";".join(flags)]))
    return "\n".join(lines) + "\n"


def lists_csv(result):
    lines = ["list,position,member_id"]
    for list_id, members in result["commendations"].items():
        for i, m in enumerate(members, 1):
            lines.append("%s,%d,%s" % (list_id, i, m))
    return "\n".join(lines) + "\n"


def groups_csv(result, quota_ids):
    p = result["precision"]
    header = ["name", "members", "serving", "meeting_minimums", "average_total", "members_points"]
    for q in quota_ids:
        header += [q + "_met", q + "_points"]
    lines = [",".join(header + ["total", "rank"])]
    for g in result["groups"]:
        row = [g["name"], str(g["members"]), str(g["serving"]), str(g["meeting_minimums"]),
               amount(g["average_total"], p), amount(g["members_points"], p)]
        for periods, met, _items, _required, points in g["quotas"]:
            row += ["%d/%d" % (met, periods), amount(points, p)]
        lines.append(",".join(row + [amount(g["total"], p), str(g["rank"])]))
    lines.append("order," + ";".join(result["group_order"]))
    return "\n".join(lines) + "\n"


def years_csv(result):
    p = result["precision"]
    years = result["years"]["years"]
    header = ["member_id"]
    for y in years:
        header += ["%d_total" % y, "%d_grade" % y]
    lines = [",".join(header + ["flags"])]
    for member_id, m in result["years"]["members"].items():
        row = [member_id]
        for serving, total, grade in m["totals"]:
            row += [amount(total, p) if serving else "", (grade or "") if serving else ""]
        lines.append(",".join(row + [";".join(m["flags"])]))
    return "\n".join(lines) + "\n"


def outputs(result, rs):
    """The golden files' texts of one result (engine's or reference's)."""
    out = {"scores": scores_csv(result, [c.id for c in rs.categories])}
    if rs.commendations:
        out["lists"] = lists_csv(result)
    if rs.groups is not None:
        out["groups"] = groups_csv(result, [q["id"] for q in rs.groups.quotas])
    if rs.across_years:
        out["years"] = years_csv(result)
    return out


def with_outside_columns(members, rs):
    """The bundled members file with a column for every outside score the
    rule set reads (§4) that the file lacks: a survey score 60.00-99.50
    that follows from the member's row number, so that the golden files
    stay fixed."""
    lines = members.rstrip("\n").split("\n")
    for c in rs.categories:
        if c.outside is None or c.outside["column"] in lines[0].split(","):
            continue
        lines[0] += "," + c.outside["column"]
        for i in range(1, len(lines)):
            lines[i] += ",%d.%d" % (60 + i * 37 % 40, 5 * (i % 2))
    return "\n".join(lines) + "\n"


def read(path):
    with open(path, encoding="utf-8", newline="") as f:
        return f.read()


def diff(expected, got, what):
    lines = list(difflib.unified_diff(expected.splitlines(), got.splitlines(), "golden", what,
                                      lineterm="", n=1))
    return "\n".join(lines[:40])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--driver", required=True)
    ap.add_argument("--update", action="store_true", help="rewrite the golden files from the reference")
    args = ap.parse_args()
    engine = Engine(args.driver)
    members = read(os.path.join(ROOT, "examples/data/members.csv"))
    records = read(os.path.join(ROOT, "examples/data/records.csv"))
    period = (datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31))
    failures = 0
    for path in sorted(glob.glob(os.path.join(ROOT, "rules", "*.yaml"))):
        name = os.path.splitext(os.path.basename(path))[0]
        text = read(path)
        rs = reference.load_rules(text)
        years = YEARS if rs.across_years else None
        members_text = with_outside_columns(members, rs)
        ref = outputs(reference.run_case(text, members_text, records, period, years), rs)
        got = engine.run(text, members_text, records, tuple(str(d) for d in period), years)
        if "error" in got:
            print("FAIL %s: the engine rejected it: %s" % (name, got["error"]))
            failures += 1
            continue
        eng = outputs(got, rs)
        for part, text_ref in ref.items():
            golden_path = os.path.join(HERE, "golden", "%s.%s.csv" % (name, part))
            if args.update:
                with open(golden_path, "w", encoding="utf-8", newline="") as f:
                    f.write(text_ref)
            golden = read(golden_path) if os.path.exists(golden_path) else ""
            for who, text_out in (("reference", text_ref), ("engine", eng[part])):
                if text_out != golden:
                    failures += 1
                    print("FAIL %s.%s.csv: the %s's result differs from the golden file:\n%s" % (
                        name, part, who, diff(golden, text_out, who)))
            print("%s %s.%s.csv (%d lines)" % ("ok  " if not failures else "... ", name, part,
                                              golden.count("\n")))
    # The published methods: the reference reproduces the hand-computed results.
    for folder in sorted(glob.glob(os.path.join(ROOT, "tests/methods/*/"))):
        method = os.path.basename(os.path.dirname(folder))
        rules_path = glob.glob(os.path.join(ROOT, "rules", "%s-*.yaml" % method))[0]
        rs = reference.load_rules(read(rules_path))
        result = reference.run_case(read(rules_path), read(folder + "members.csv"),
                                    read(folder + "records.csv"),
                                    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)))
        by_id = {m["id"]: m for m in result["members"]}
        categories = [c.id for c in rs.categories]
        lines = [",".join(["member_id"] + categories + ["total", "grade", "rank"])]
        for member_id in result["order"]:
            m = by_id[member_id]
            lines.append(",".join([m["id"]] + [amount(m["categories"][c], 2) for c in categories] +
                                  [amount(m["total"], 2), m["grade"] or "", str(m["rank"])]))
        text = "\n".join(lines) + "\n"
        expected = read(folder + "expected.csv")
        if text != expected:
            failures += 1
            print("FAIL tests/methods/%s: the reference differs from expected.csv:\n%s" % (
                method, diff(expected, text, "reference")))
        else:
            print("ok   tests/methods/%s/expected.csv reproduced by the reference" % method)
    print("%d difference(s)" % failures)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
