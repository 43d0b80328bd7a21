"""The Python package on the bundled committee, against the command-line
tool's own output (run by CTest with /usr/bin/python3 -m pytest;
PYTHONPATH names the built package, DUTYSCORE_CLI the tool)."""
import csv
import io
import os
import pathlib
import subprocess
import sys
from decimal import Decimal

import pytest

import dutyscore

ROOT = pathlib.Path(os.environ.get("DUTYSCORE_SOURCE_DIR", pathlib.Path(__file__).resolve().parents[2]))
CLI = os.environ.get("DUTYSCORE_CLI", str(ROOT / "build" / "dutyscore"))
RULES = ROOT / "rules" / "default.yaml"
MEMBERS = ROOT / "examples" / "data" / "members.csv"
RECORDS = ROOT / "examples" / "data" / "records.csv"


def cli(*args):
    done = subprocess.run([CLI, *map(str, args)], capture_output=True, timeout=120, check=True)
    return done.stdout.decode("utf-8")


@pytest.fixture(scope="module")
def rules():
    return dutyscore.load_rules(RULES)


@pytest.fixture(scope="module")
def data():
    return dutyscore.read_data(MEMBERS, RECORDS)


@pytest.fixture(scope="module")
def result(rules, data):
    with pytest.warns(dutyscore.DutyscoreWarning, match="top_ten"):
        return dutyscore.score(rules, data, year=2025)


@pytest.fixture(scope="module")
def cli_csv():
    return cli("score", "--rules", RULES, "--members", MEMBERS, "--records", RECORDS, "--year",
               "2025", "--quiet")


def test_the_same_numbers_as_the_command_line(result, cli_csv):
    assert result.to_csv() == cli_csv
    rows = result.rows()
    expected = list(csv.DictReader(io.StringIO(cli_csv)))
    assert len(rows) == len(expected) == 300
    categories = list(result.rules.categories)
    for row, line in zip(rows, expected):
        assert row["member_id"] == line["member_id"]
        assert row["total"] == Decimal(line["total"]) and isinstance(row["total"], Decimal)
        assert [row[c] for c in categories] == [Decimal(line[c]) for c in categories]
        assert (row["grade"] or "") == line["grade"]
        assert str(row["rank"] or "") == line["rank"]


def test_rule_set_labels(rules):
    assert rules.id == "county-default"
    assert rules.categories["attendance"] == "出席会议"
    assert rules.grades[0] == "优秀"
    assert rules.precision == 2


def test_dataframe(result):
    pandas = pytest.importorskip("pandas", reason="pandas is optional (Debian: python3-pandas)")
    frame = result.to_dataframe()
    assert list(frame.columns[:2]) == ["member_id", "name"]
    assert frame["total"].iloc[0] == result.rows()[0]["total"]
    assert isinstance(frame["total"].iloc[0], Decimal)
    floats = result.to_dataframe(exact=False)
    assert floats["total"].dtype == float
    assert pandas.isna(frame["rank"]).sum() == sum(r["rank"] is None for r in result.rows())


def dict_rows(path):
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_rows_from_python_score_as_the_files_do(rules, cli_csv):
    data = dutyscore.read_data(dict_rows(MEMBERS), dict_rows(RECORDS))
    with pytest.warns(dutyscore.DutyscoreWarning):
        result = dutyscore.score(rules, data, year=2025)
    assert result.to_csv() == cli_csv


def test_office_workbook_with_its_profile_scores_as_the_csv(rules, cli_csv):
    office = ROOT / "examples" / "office-export"
    book = office / "office.xlsx"
    data = dutyscore.read_data(book, [book], profile=office / "profile.yaml")
    with pytest.warns(dutyscore.DutyscoreWarning):
        result = dutyscore.score(rules, data, year=2025)
    assert result.to_csv() == cli_csv
    with pytest.raises(dutyscore.DutyscoreError, match="nope.yaml"):
        dutyscore.read_data(book, book, profile=office / "nope.yaml")


def test_dataframes_in(rules, cli_csv):
    pandas = pytest.importorskip("pandas", reason="pandas is optional (Debian: python3-pandas)")
    members = pandas.read_csv(MEMBERS, parse_dates=["joined", "left"])
    records = pandas.read_csv(RECORDS, parse_dates=["date"])
    assert records["position"].dtype == float  # empty cells: pandas made the column float
    data = dutyscore.read_data(members, records)
    with pytest.warns(dutyscore.DutyscoreWarning):
        assert dutyscore.score(rules, data, year=2025).to_csv() == cli_csv


def test_every_problem_of_a_rule_file_is_raised_with_its_place():
    with pytest.raises(dutyscore.DutyscoreError) as raised:
        dutyscore.load_rules(text="id: x\ncategories: [{id: c, maxx: 1}]\nrules: [{id: r}]\n",
                             name="bad.yaml")
    problems = raised.value.problems
    assert len(problems) >= 2
    assert all(p.file == "bad.yaml" and p.line > 0 and p.severity == "error" for p in problems)
    assert "maxx" in str(raised.value)
    assert raised.value.status == 1


def test_bad_rows_from_python_name_their_row(rules):
    records = dict_rows(RECORDS)[:3]
    records[1]["date"] = "2025-02-30"
    records[2]["member_id"] = "NOBODY"
    with pytest.raises(dutyscore.DutyscoreError) as raised:
        dutyscore.read_data(dict_rows(MEMBERS), records)
    places = {(p.file, p.line, p.field) for p in raised.value.errors}
    assert ("records rows", 3, "date") in places
    assert ("records rows", 4, "member_id") in places


def test_keep_going_leaves_bad_rows_out(rules):
    records = dict_rows(RECORDS)[:10]
    records[4]["date"] = "not a date"
    data = dutyscore.read_data(dict_rows(MEMBERS), records, keep_going=True)
    assert data.rows_rejected == 1
    assert data.rows_read == data.rows_scored + 1
    assert data.quarantine[0]["line"] == "6"


def test_gb18030_without_a_bom(tmp_path, rules):
    members = tmp_path / "members.csv"
    members.write_bytes(MEMBERS.read_text(encoding="utf-8").encode("gb18030"))
    # Read as UTF-8 it is invalid; without an encoding it is recognised.
    with pytest.raises(dutyscore.DutyscoreError):
        dutyscore.read_data(members, RECORDS, encoding="utf-8")
    assert dutyscore.read_data(members, RECORDS).member_count == \
        dutyscore.read_data(MEMBERS, RECORDS).member_count
    data = dutyscore.read_data(members, RECORDS, encoding="gb18030")
    with pytest.warns(dutyscore.DutyscoreWarning):
        result = dutyscore.score(rules, data, year=2025)
    assert result.rows()[0]["name"] == cli("score", "--rules", RULES, "--members", MEMBERS,
                                           "--records", RECORDS, "--year", "2025", "--quiet",
                                           "--details").splitlines()[1].split(",")[11]


def test_explain_lines_add_up_to_the_total(result):
    best = result.rows()[0]
    lines = result.explain(best["member_id"])
    assert sum(line["points"] for line in lines) == best["total"]
    assert any(line["category_label"] == "提案" for line in lines)
    assert "Total " + str(best["total"]) in result.explain_text(best["member_id"])
    with pytest.raises(dutyscore.DutyscoreError) as raised:
        result.explain("nobody")
    assert raised.value.status == 4


def test_commendations_groups_and_whatif(result, rules, data):
    lists = result.commendations()
    assert lists[0]["id"] == "top_ten" and len(lists[0]["members"]) > lists[0]["top"]
    assert result.groups()[0]["rank"] == 1
    proposed = dutyscore.load_rules(text=RULES.read_text(encoding="utf-8")
                                    .replace("points: 3", "points: 6", 1), name="proposed.yaml")
    change = result.whatif(proposed)
    assert change["summary"]["totals_changed"] > 0
    assert all(m["change"] == m["new_total"] - m["old_total"] for m in change["members"])


def test_wrong_year_and_partial_term_are_warned(rules, data):
    with pytest.warns(dutyscore.DutyscoreWarning, match="outside the period 2024-01-01"):
        dutyscore.score(rules, data, year=2024)
    with pytest.warns(dutyscore.DutyscoreWarning, match="5-year term"):
        years = dutyscore.years(rules, data, 2025, 2025)
    assert years["years"] == [2025]


def test_archive_and_verify(result, data, tmp_path):
    path = tmp_path / "run.dsa"
    result.archive(path)
    assert dutyscore.verify(path, data)["verified"] is True
    # The command-line tool reads the same archive.
    assert "verified" in cli("verify", "--archive", path, "--members", MEMBERS, "--records", RECORDS)


def test_signed_archive_names_its_signer_and_refuses_another_key(result, data, tmp_path):
    dutyscore.keygen("南城区政协办公室", tmp_path / "office")
    dutyscore.keygen("北城区政协办公室", tmp_path / "other")
    with pytest.raises(dutyscore.DutyscoreError) as again:
        dutyscore.keygen("南城区政协办公室", tmp_path / "office")
    assert again.value.status == 3 and "never overwritten" in str(again.value)
    path = tmp_path / "signed.dsa"
    result.archive(path, sign=tmp_path / "office.key")
    report = dutyscore.verify(path, data, signer=tmp_path / "office.pub")
    assert report["verified"] is True and report["signer"]["name"] == "南城区政协办公室"
    with pytest.raises(dutyscore.DutyscoreError) as other:
        dutyscore.verify(path, data, signer=tmp_path / "other.pub")
    assert other.value.status == 1
    assert other.value.errors[0].file == str(path)
    assert "signed by '南城区政协办公室'" in other.value.errors[0].message
    # The command-line tool checks the same signature.
    assert "signed by '南城区政协办公室'" in cli("verify", "--archive", path, "--members", MEMBERS,
                                                "--records", RECORDS, "--signer",
                                                tmp_path / "office.pub")


def test_a_hostile_archive_is_refused_with_its_place(data):
    path = ROOT / "tests" / "bad_inputs" / "archive_1e8_members.dsa"
    with pytest.raises(dutyscore.DutyscoreError) as refused:
        dutyscore.verify(path, data)
    assert refused.value.status == 1 and refused.value.errors[0].file == str(path)


def test_the_readme_example_runs_as_written(tmp_path):
    """README.md's five lines of Python, run from the repository folder."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- readme-python: begin -->\n```python\n")[1].split("```\n<!-- readme-python: end -->")[0]
    assert len(block.strip().splitlines()) == 5
    pytest.importorskip("pandas", reason="the README example shows a DataFrame")
    done = subprocess.run([sys.executable, "-c", block], cwd=ROOT,
                          capture_output=True, timeout=120, env=os.environ)
    assert done.returncode == 0, done.stderr.decode()
    assert "M263" in done.stdout.decode()


def test_district_method_with_its_survey_as_the_hand_computation():
    """rules/district-2024.yaml (docs/rules.md §19): a rate, points per
    quarter, rescaling to the best member and a weighted survey read from the
    members file; the same as the hand-computed expected.csv."""
    folder = ROOT / "tests" / "methods" / "district"
    rules = dutyscore.load_rules(ROOT / "rules" / "district-2024.yaml")
    data = dutyscore.read_data(folder / "members.csv", folder / "records.csv")
    result = dutyscore.score(rules, data, year=2024)
    assert result.to_csv() == (folder / "expected.csv").read_text(encoding="utf-8")
    d02 = next(row for row in result.rows() if row["member_id"] == "D02")
    assert d02["total"] == Decimal("85.17") and d02["survey"] == Decimal("26.40")
    kinds = {line["kind"] for line in result.explain("D02")}
    assert {"counting", "per-period", "outside", "rescale"} <= kinds


def test_several_records_files_are_one_batch(tmp_path, cli_csv):
    """A list of interchange records files (a province's, a file a year) is
    read as one batch: the numbers of the same records in one file, as the
    command line with --records given once per file gives them."""
    lines = RECORDS.read_bytes().splitlines(keepends=True)
    header, body = lines[0], lines[1:]
    parts = [tmp_path / "r1.csv", tmp_path / "r2.csv", tmp_path / "r3.csv"]
    for k, part in enumerate(parts):
        part.write_bytes(header + b"".join(body[k::3]))
    data = dutyscore.read_data(MEMBERS, parts, threads=2)
    with pytest.warns(dutyscore.DutyscoreWarning, match="top_ten"):
        result = dutyscore.score(dutyscore.load_rules(RULES), data, year=2025)
    assert result.to_csv() == cli_csv
    args = [a for p in parts for a in ("--records", p)]
    assert cli("score", "--rules", RULES, "--members", MEMBERS, *args, "--year", "2025",
               "--quiet") == cli_csv
