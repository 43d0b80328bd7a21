"""Every command's --format json output, on real data, validated against its
JSON Schema in docs/schemas/ (run by CTest with Debian's python3-jsonschema:
/usr/bin/python3 -m pytest). DUTYSCORE_CLI names the built tool."""
import json
import os
import pathlib
import subprocess
from decimal import Decimal

import jsonschema
import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "docs" / "schemas"
CLI = os.environ.get("DUTYSCORE_CLI", str(ROOT / "build" / "dutyscore"))
RULES = str(ROOT / "rules" / "default.yaml")
MEMBERS = str(ROOT / "examples" / "data" / "members.csv")
RECORDS = str(ROOT / "examples" / "data" / "records.csv")
JOB = ["--rules", RULES, "--members", MEMBERS, "--records", RECORDS]


def schema_store():
    store = {}
    for path in SCHEMAS.glob("*.schema.json"):
        schema = json.loads(path.read_text(encoding="utf-8"))
        store[schema["$id"]] = schema
    return store


STORE = schema_store()


def validate(command, document):
    schema = json.loads((SCHEMAS / f"{command}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    resolver = jsonschema.RefResolver.from_schema(schema, store=STORE)
    jsonschema.Draft202012Validator(schema, resolver=resolver).validate(document)


def run(*args, expect=0):
    """Runs the tool; returns its standard output's bytes."""
    done = subprocess.run([CLI, *args], capture_output=True, timeout=120)
    assert done.returncode == expect, done.stderr.decode()
    return done.stdout


def json_of(raw):
    # No BOM, ever: a JSON parser rejects one.
    assert not raw.startswith(b"\xef\xbb\xbf")
    return json.loads(raw.decode("utf-8"), parse_float=Decimal)


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    path = tmp_path_factory.mktemp("archive") / "run.dsa"
    run("score", *JOB, "--year", "2025", "--quiet", "--output", os.devnull, "--archive", str(path))
    return str(path)


@pytest.fixture(scope="module")
def changed_rules(tmp_path_factory):
    """rules/default.yaml with one rule worth more: a rule change to compare."""
    text = pathlib.Path(RULES).read_text(encoding="utf-8")
    changed = text.replace("id: county-default", "id: county-proposed", 1)
    assert changed != text
    changed = changed.replace("points: 3", "points: 6", 1)
    path = tmp_path_factory.mktemp("rules") / "proposed.yaml"
    path.write_text(changed, encoding="utf-8")
    return str(path)


def test_score_matches_its_schema_and_the_csv():
    doc = json_of(run("score", *JOB, "--year", "2025", "--format", "json", "--bom", "--quiet"))
    validate("score", doc)
    csv = run("score", *JOB, "--year", "2025", "--quiet").decode("utf-8").splitlines()
    assert len(doc["members"]) == len(csv) - 1 == doc["summary"]["members"]
    first = csv[1].split(",")
    assert doc["members"][0]["member_id"] == first[0]
    assert doc["members"][0]["total"] == Decimal(first[-3])


def test_explain_lines_add_up_to_the_total():
    doc = json_of(run("explain", *JOB, "--year", "2025", "--member", "M017", "--format", "json",
                      "--bom"))
    validate("explain", doc)
    assert sum(line["points"] for line in doc["lines"]) == doc["total"]
    assert sum(c["subtotal"] for c in doc["categories"]) == doc["total"]
    shared = [l for l in doc["lines"] if l["share"] not in (None, "1")]
    assert shared, "the bundled member has a shared item"
    assert all(l["category_label"] for l in doc["lines"] if l["category"])


def test_commend_lists():
    doc = json_of(run("commend", *JOB, "--year", "2025", "--format", "json", "--quiet"))
    validate("commend", doc)
    assert doc["lists"] and all(l["members"] for l in doc["lists"])


def test_groups():
    doc = json_of(run("groups", *JOB, "--year", "2025", "--format", "json"))
    validate("groups", doc)
    assert [g["rank"] for g in doc["groups"]][0] == 1


def test_years():
    doc = json_of(run("years", *JOB, "--from-year", "2024", "--to-year", "2025", "--format",
                      "json"))
    validate("years", doc)
    assert doc["years"] == [2024, 2025]
    assert any(m["flags"] for m in doc["members"])


def test_whatif(changed_rules):
    doc = json_of(run("whatif", *JOB, "--year", "2025", "--new-rules", changed_rules, "--format",
                      "json", "--quiet"))
    validate("whatif", doc)
    assert doc["summary"]["totals_changed"] > 0
    assert all(m["change"] == m["new_total"] - m["old_total"] for m in doc["members"])


def test_check_gives_every_problem_with_its_place():
    bad = sorted(str(p) for p in (ROOT / "tests" / "bad_rules").glob("*.yaml"))
    doc = json_of(run("check", RULES, *bad, "--format", "json", expect=1))
    validate("check", doc)
    assert doc["files"][0]["valid"] is True
    problems = [p for f in doc["files"][1:] for p in f["problems"]]
    assert problems and all(p["line"] for p in problems if p["severity"] == "error")


def test_verify(archive):
    doc = json_of(run("verify", "--archive", archive, "--members", MEMBERS, "--records", RECORDS,
                      "--format", "json"))
    validate("verify", doc)
    assert doc["verified"] is True and doc["differences"] == []


def test_verify_reports_differences(archive, tmp_path):
    changed = tmp_path / "members.csv"
    changed.write_bytes(pathlib.Path(MEMBERS).read_bytes() + b"")
    records = tmp_path / "records.csv"
    lines = pathlib.Path(RECORDS).read_bytes().splitlines(keepends=True)
    records.write_bytes(b"".join(lines[:-40]))
    doc = json_of(run("verify", "--archive", archive, "--members", str(changed), "--records",
                      str(records), "--format", "json", expect=5))
    validate("verify", doc)
    assert doc["verified"] is False and doc["records_file_matches"] is False
    assert doc["records_rows_match"] is False and doc["scores_match"] is False


def test_verify_names_the_signer(tmp_path):
    run("keygen", "--signer", "南城区政协办公室", "--out", str(tmp_path / "office"))
    signed = str(tmp_path / "signed.dsa")
    run("score", *JOB, "--year", "2025", "--quiet", "--output", os.devnull, "--archive", signed,
        "--sign", str(tmp_path / "office.key"))
    doc = json_of(run("verify", "--archive", signed, "--members", MEMBERS, "--records", RECORDS,
                      "--signer", str(tmp_path / "office.pub"), "--format", "json"))
    validate("verify", doc)
    assert doc["signer"]["name"] == "南城区政协办公室"
    assert doc["signer"]["public_key"] in (tmp_path / "office.pub").read_text(encoding="utf-8")
    assert doc["format_version"] == 2 and doc["verified"] is True


def test_verify_of_reordered_records_is_no_difference(archive, tmp_path):
    lines = pathlib.Path(RECORDS).read_bytes().splitlines(keepends=True)
    records = tmp_path / "records.csv"
    records.write_bytes(lines[0] + b"".join(reversed(lines[1:])))
    doc = json_of(run("verify", "--archive", archive, "--members", MEMBERS, "--records",
                      str(records), "--format", "json"))
    validate("verify", doc)
    assert doc["signer"] is None
    assert doc["records_file_matches"] is False and doc["records_rows_match"] is True
    assert doc["scores_match"] is True and doc["verified"] is True
    assert doc["notes"] and doc["differences"] == []


def test_every_command_with_json_has_a_schema():
    help_text = run("--help").decode()
    commands = [line.split()[0] for line in help_text.splitlines()
                if line.startswith("  ") and line.split()]
    with_json = [c for c in commands if "json" in run(c, "--help").decode()]
    assert set(with_json) <= {p.name.split(".")[0] for p in SCHEMAS.glob("*.schema.json")}
    assert {"score", "explain", "commend", "groups", "years", "whatif", "check", "verify"} <= set(with_json)


DISTRICT = ROOT / "tests" / "methods" / "district"
DISTRICT_JOB = ["--rules", str(ROOT / "rules" / "district-2024.yaml"), "--members",
                str(DISTRICT / "members.csv"), "--records", str(DISTRICT / "records.csv"),
                "--year", "2024"]


def test_district_method_rates_quarters_rescale_and_survey_as_json():
    """The issue 16 method (docs/rules.md §19): its score and D02's audit in
    JSON, with the rate, per-period, counting, outside and rescale lines."""
    doc = json_of(run("score", *DISTRICT_JOB, "--format", "json", "--quiet"))
    validate("score", doc)
    d02 = next(m for m in doc["members"] if m["member_id"] == "D02")
    assert d02["total"] == Decimal("85.17") and d02["rank"] == 2
    doc = json_of(run("explain", *DISTRICT_JOB, "--member", "D02", "--format", "json"))
    validate("explain", doc)
    assert sum(line["points"] for line in doc["lines"]) == doc["total"] == Decimal("85.17")
    kinds = {line["kind"] for line in doc["lines"]}
    assert {"counting", "tier", "per-period", "outside", "rescale"} <= kinds
