#!/usr/bin/python3
"""Differential runs: the engine against the reference evaluator.

Generates random rule sets and committees (generate.py), scores each with
the engine (the test-only driver, driver.cpp) and with the reference
(reference.py), and compares every category, total, grade, rank, flag,
audit amount, the ranking order, the record counts, the commendation
lists, the groups and the across-years flags. A disagreement is shrunk to
the smallest case that still shows it, printed, and written to a folder.

  differential.py --driver build/tests/reference/dutyscore_reference_driver --seed 1 --cases 2000
  differential.py --driver ... --seed 7 --cases 100000          # the long run

Exit 0: all agree; 1: a disagreement (or the engine rejected a valid
case); 77: /usr/bin/python3 has no PyYAML (CTest reports a skip).
"""

import argparse
import copy
import json
import os
import subprocess
import sys
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree

try:
    import yaml  # noqa: F401  (reference.py needs it)
except ImportError:
    print("SKIP: PyYAML is missing (install python3-yaml)")
    sys.exit(77)

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import generate  # noqa: E402
import reference  # noqa: E402


class Engine:
    """The driver as a long-lived process: one case in, one JSON line out."""

    def __init__(self, path):
        self.path = path
        self.proc = None

    def start(self):
        self.proc = subprocess.Popen([self.path], stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def run(self, rules, members, records, period, years):
        if self.proc is None or self.proc.poll() is not None:
            self.start()
        texts = [t.encode("utf-8") for t in (rules, members, records)]
        header = "case %d %d %d %s %s %s %s\n" % (
            len(texts[0]), len(texts[1]), len(texts[2]),
            period[0] if period else "-", period[1] if period else "-",
            years[0] if years else "-", years[1] if years else "-")
        try:
            self.proc.stdin.write(header.encode() + b"".join(texts))
            self.proc.stdin.flush()
            line = self.proc.stdout.readline()
        except BrokenPipeError:
            line = b""
        if not line:
            code = self.proc.wait()
            self.proc = None
            return {"error": "the driver died (exit %s)" % code}
        return json.loads(line)


# ---------------------------------------------------------------------------
# The engine's audit lines as the reference's audit amounts


def engine_audit(lines):
    a = {"lines": {}, "rule_step3": {}, "rule_final": {}, "start": {}, "penalties": {}, "cap": {},
         "floor": {}, "veto_cut": {}, "rescale": {}, "unmatched": []}
    exclusive = {}

    def add(table, key, amount):
        table[key] = table.get(key, 0) + amount

    for kind, category, owner, record, points in lines:
        if kind in ("record", "not-counted", "counting"):
            a["lines"]["%s|%s" % (record, owner)] = points
            add(a["rule_step3"], owner, points)
        elif kind in ("tier", "per-period", "not-highest", "rule-max"):
            add(a["rule_step3"], owner, points)
        elif kind == "exclusive":
            add(exclusive, owner, points)
        elif kind in ("start", "outside"):
            add(a["start"], category, points)  # an outside score is the category's start
        elif kind == "rescale":
            add(a["rescale"], category, points)
        elif kind == "minimum-unmet":
            if category:
                a["penalties"][owner] = points
        elif kind == "category-max":
            add(a["cap"], category, points)
        elif kind == "category-floor":
            add(a["floor"], category, points)
        elif kind == "veto":
            if category:
                add(a["veto_cut"], category, points)
        elif kind == "unmatched":
            a["unmatched"].append(record)
    a["rule_final"] = {r: v + exclusive.get(r, 0) for r, v in a["rule_step3"].items()}
    a["unmatched"].sort()
    for key in ("start", "cap", "floor", "veto_cut", "rescale"):
        a[key] = {k: v for k, v in a[key].items() if v}
    return a


def compare(engine, ref):
    """Every difference between the engine's and the reference's results,
    as readable lines."""
    if "error" in engine:
        return ["engine rejected the case: %s" % engine["error"].strip()]
    diffs = []

    def check(what, e, r):
        if e != r:
            diffs.append("%s: engine %s, reference %s" % (what, json.dumps(e, ensure_ascii=False),
                                                         json.dumps(r, ensure_ascii=False)))

    check("precision", engine["precision"], ref["precision"])
    check("period", engine["period"], ref["period"])
    check("record counts (in period, outside, unmatched)", engine["counts"], ref["counts"])
    for e, r in zip(engine["members"], ref["members"]):
        who = "member %s" % r["id"]
        check(who + " id", e["id"], r["id"])
        for c in r["categories"]:
            check("%s category %s" % (who, c), e["categories"].get(c), r["categories"][c])
        check(who + " total", e["total"], r["total"])
        check(who + " grade", e["grade"], r["grade"])
        check(who + " rank", e["rank"], r["rank"])
        check(who + " not serving", e["not_serving"], r["not_serving"])
        check(who + " unmet minimums", e["unmet"], r["unmet"])
        check(who + " vetoes", e["vetoes"], r["vetoes"])
        check(who + " minimum flag", e["minimum_flag"], bool(r["unmet"]))
        check(who + " veto flag", e["veto_flag"], bool(r["vetoes"]))
        audit = engine_audit(e["audit"]["lines"])
        check(who + " audit total", e["audit"]["total"] + 0, sum(
            line[4] for line in e["audit"]["lines"]))
        check(who + " audit total is the total", e["audit"]["total"], e["total"])
        check(who + " audit grade", e["audit"]["grade"], r["grade"])
        check(who + " audit rank", e["audit"]["rank"], r["rank"])
        for key, ref_value in r["audit"].items():
            eng_value = audit[key]
            if isinstance(ref_value, dict):
                for k in sorted(set(ref_value) | set(eng_value)):
                    check("%s audit %s[%s]" % (who, key, k), eng_value.get(k), ref_value.get(k))
            else:
                check("%s audit %s" % (who, key), eng_value, ref_value)
    check("member count", len(engine["members"]), len(ref["members"]))
    # READING: the docs order the ranked members (§12 step 9); where the
    # unranked are listed is not stated, so only the ranked members' order
    # and the order among unranked members who served (quotas take them in
    # that order) are compared.
    serving = {m["id"] for m in ref["members"] if not m["not_serving"]}
    ranked = {m["id"] for m in ref["members"] if m["rank"]}
    check("ranking order (ranked members)", [m for m in engine["order"] if m in ranked],
          [m for m in ref["order"] if m in ranked])
    check("ranking order (unranked members who served)",
          [m for m in engine["order"] if m in serving and m not in ranked],
          [m for m in ref["order"] if m in serving and m not in ranked])
    check("ranking order (everyone listed)", sorted(engine["order"]), sorted(ref["order"]))
    check("commendation lists", engine["commendations"], ref["commendations"])
    if "groups" in ref or "groups" in engine:
        for e, r in zip(engine.get("groups", []), ref.get("groups", [])):
            for key in r:
                check("group %s %s" % (r["name"], key), e.get(key), r[key])
        check("group names", [g["name"] for g in engine.get("groups", [])],
              [g["name"] for g in ref.get("groups", [])])
        check("group order", engine.get("group_order"), ref.get("group_order"))
    if "years" in ref:
        check("years", engine["years"]["years"], ref["years"]["years"])
        for m, r in ref["years"]["members"].items():
            e = engine["years"]["members"].get(m, {})
            check("member %s per-year (serving, total, grade)" % m, e.get("totals"), r["totals"])
            check("member %s across-years flags" % m, e.get("flags"), r["flags"])
    return diffs


def run_both(engine, case):
    rules, members, records = generate.render(case)
    period = case["period"]
    years = case["years"]
    got = engine.run(rules, members, records, period, years)
    try:
        import datetime
        p = tuple(datetime.date.fromisoformat(d) for d in period) if period else None
        ref = reference.run_case(rules, members, records, p, years)
    except Exception as e:  # a generator bug or a reference gap: report it
        return ["reference failed: %s: %s" % (type(e).__name__, e)], got
    if "error" in got:
        return compare(got, ref), got
    return compare(got, ref), got


# ---------------------------------------------------------------------------
# Shrinking: smaller variants of a failing case, kept while they still fail


def generate_names(value):
    return value if isinstance(value, list) else [value]


def _without(items, i):
    return items[:i] + items[i + 1:]


def variants(case):
    """Smaller cases, roughly biggest cuts first. Any of them may turn out
    invalid (the engine then rejects it, and it is not taken)."""
    rules = case["rules"]
    # Whole sections.
    for key in ("across_years", "groups", "commendations", "vetoes", "minimums", "exclusive",
                "ranking", "parts", "not_serving", "prorate_rounding", "blank_position"):
        if key in rules:
            c = copy.deepcopy(case)
            del c["rules"][key]
            if key == "across_years":
                c["years"] = None
            yield c
    if "grades" in rules:
        c = copy.deepcopy(case)
        del c["rules"]["grades"]
        for key in ("minimums", "vetoes"):
            for item in c["rules"].get(key, []):
                item.pop("grade", None)
        for item in c["rules"].get("commendations", []):
            item.get("eligible", {}).pop("grades", None)
        yield c
    if case["years"] is not None:
        c = copy.deepcopy(case)
        c["years"] = None
        c["rules"].pop("across_years", None)
        yield c
    # Halves, then single items, of members and records.
    for key in ("records", "members"):
        items = case[key]
        n = len(items)
        for size in (n // 2, n // 4, 1):
            if size < 1:
                continue
            for start in range(0, n, size):
                c = copy.deepcopy(case)
                c[key] = items[:start] + items[start + size:]
                if key == "members":
                    kept = {m["member_id"] for m in c["members"]}
                    c["records"] = [r for r in c["records"] if r["member_id"] in kept]
                yield c
    # List entries of the rule set.
    for key in ("rules", "minimums", "vetoes", "exclusive", "commendations", "across_years",
                "grades", "categories"):
        for i in range(len(rules.get(key, []))):
            c = copy.deepcopy(case)
            removed = c["rules"][key][i]
            c["rules"][key] = _without(c["rules"][key], i)
            if key == "rules":
                for group in c["rules"].get("exclusive", []):
                    group["rules"] = [r for r in group["rules"] if r != removed["id"]]
                c["rules"]["exclusive"] = [x for x in c["rules"].get("exclusive", [])
                                           if len(x["rules"]) >= 2]
                for rule in c["rules"].get("rules", []):
                    if "otherwise" in rule:
                        rule["otherwise"] = [r for r in generate_names(rule["otherwise"])
                                             if r != removed["id"]]
                        if not rule["otherwise"]:
                            del rule["otherwise"]
            if key == "categories":
                for part in c["rules"].get("parts", []):
                    part["categories"] = [x for x in part["categories"] if x != removed["id"]]
                c["rules"]["parts"] = [x for x in c["rules"].get("parts", []) if x["categories"]]
            yield c
    if "groups" in rules:
        for i in range(len(rules["groups"].get("quotas", []))):
            c = copy.deepcopy(case)
            c["rules"]["groups"]["quotas"] = _without(c["rules"]["groups"]["quotas"], i)
            yield c
    # Optional keys of entries.
    for key in ("rules", "categories", "minimums", "vetoes", "grades", "commendations"):
        for i, item in enumerate(rules.get(key, [])):
            for k in list(item):
                if k in ("id", "category", "when", "label") and key != "grades":
                    continue
                if key == "grades" and k == "label":
                    continue
                c = copy.deepcopy(case)
                del c["rules"][key][i][k]
                yield c
    for k in list(rules.get("ranking", {})):
        c = copy.deepcopy(case)
        del c["rules"]["ranking"][k]
        yield c
    # Simpler inputs: plain CSV style, no quantity, no flags.
    if any(case["style"].get(k) for k in ("bom", "crlf", "quote_all", "shuffle_columns",
                                          "extra_column", "shuffle_rows")):
        c = copy.deepcopy(case)
        c["style"] = {"seed": case["style"]["seed"], "flow": case["style"].get("flow")}
        yield c
    for i, r in enumerate(case["records"]):
        for k in ("quantity", "flags", "level", "status"):
            if r.get(k):
                c = copy.deepcopy(case)
                c["records"][i][k] = ""
                yield c


def shrink(engine, case, budget_seconds=120):
    """The smallest variant of `case` that still disagrees (greedy)."""
    deadline = time.time() + budget_seconds
    best = case
    best_diffs, _ = run_both(engine, case)
    improved = True
    while improved and time.time() < deadline:
        improved = False
        for candidate in variants(best):
            if time.time() > deadline:
                break
            diffs, got = run_both(engine, candidate)
            if diffs and "error" not in got and not diffs[0].startswith("reference failed"):
                best, best_diffs, improved = candidate, diffs, True
                break
    return best, best_diffs


def show(case, diffs, folder):
    rules, members, records = generate.render(case)
    os.makedirs(folder, exist_ok=True)
    for name, text in (("rules.yaml", rules), ("members.csv", members), ("records.csv", records)):
        with open(os.path.join(folder, name), "w", encoding="utf-8", newline="") as f:
            f.write(text)
    with open(os.path.join(folder, "case.json"), "w", encoding="utf-8") as f:
        json.dump({"period": case["period"], "years": case["years"]}, f)
    print("---- rules.yaml\n" + rules + "---- members.csv\n" + members + "---- records.csv\n" + records)
    print("---- period: %s   years: %s" % (case["period"] or "the rule file's", case["years"]))
    print("---- differences (%d):" % len(diffs))
    for d in diffs[:40]:
        print("  " + d)
    print("(the case is in %s)" % folder)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--driver", required=True, help="the dutyscore_reference_driver executable")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--cases", type=int, default=2000)
    ap.add_argument("--first", type=int, default=0, help="start at this case number")
    ap.add_argument("--out", default=os.path.join(os.getcwd(), "differential-failure"),
                    help="folder for the smallest failing case")
    ap.add_argument("--keep-going", action="store_true", help="count every failing case, do not shrink")
    ap.add_argument("--no-shrink", action="store_true",
                    default=bool(os.environ.get("DUTYSCORE_DIFFERENTIAL_NO_SHRINK")),
                    help="print the first disagreeing case as it is (also when the environment "
                         "sets DUTYSCORE_DIFFERENTIAL_NO_SHRINK, as tools/mutate does)")
    ap.add_argument("--coverage", action="store_true",
                    help="print how often each boundary was met (reference.COVERAGE)")
    args = ap.parse_args()
    if not os.path.exists(args.driver):
        print("SKIP: no driver at %s" % args.driver)
        return 77
    engine = Engine(args.driver)
    started = time.time()
    failures = 0
    for n in range(args.first, args.first + args.cases):
        case = generate.make_case("%d:%d" % (args.seed, n))
        diffs, _ = run_both(engine, case)
        if not diffs:
            continue
        failures += 1
        if args.keep_going:
            print("case %d:%d: %s" % (args.seed, n, diffs[0]))
            continue
        print("case %d:%d disagrees (%d differences); shrinking..." % (args.seed, n, len(diffs)))
        if not args.no_shrink:
            case, diffs = shrink(engine, case)
        show(case, diffs, args.out)
        return 1
    elapsed = time.time() - started
    print("%d cases (seed %d, from %d): %d disagreements, %.1f s" % (
        args.cases, args.seed, args.first, failures, elapsed))
    if args.coverage:
        for event, count in sorted(reference.COVERAGE.items()):
            print("%8d  %s" % (count, event))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
