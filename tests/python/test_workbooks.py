"""The workbooks of `--format xlsx`, read back by readers that are not ours:
openpyxl for every value, type, number format, frozen row, filter and chart,
and LibreOffice (headless) for what a clerk sees. Every value must equal
the CSV of the same command with --headers labels.

Run by CTest with Debian's python3 (python3-openpyxl, python3-pytest,
libreoffice-calc-nogui); DUTYSCORE_CLI and DUTYSCORE_SOURCE_DIR say where
the tool and the data are.
"""
import csv
import io
import os
import shutil
import subprocess
import tempfile
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

CLI = os.environ["DUTYSCORE_CLI"]
SOURCE = Path(os.environ["DUTYSCORE_SOURCE_DIR"])
RULES = str(SOURCE / "rules/default.yaml")
MEMBERS = str(SOURCE / "examples/data/members.csv")
RECORDS = str(SOURCE / "examples/data/records.csv")
JOB = ["--rules", RULES, "--members", MEMBERS, "--records", RECORDS]


def run(*args):
    done = subprocess.run([CLI, *args], capture_output=True)
    assert done.returncode == 0, done.stderr.decode()
    return done.stdout.decode("utf-8")


def csv_rows(text):
    return list(csv.reader(io.StringIO(text)))


def cell_as_csv(value, number_format):
    """A cell's value written as the CSV writes it: decimals as the column's
    format shows them, whole numbers as digits, text as is, nothing as ''."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise AssertionError(f"a boolean cell: {value}")
    if isinstance(value, (int, float)):
        decimals = len(number_format.split(".")[1]) if "." in number_format else 0
        return f"{Decimal(repr(float(value))):.{decimals}f}"
    return str(value)


def expect_sheet_equals_csv(sheet, rows, exact_numbers=True):
    """Every cell of `sheet` against the CSV rows, header included; numeric
    CSV columns must be numbers in the sheet, with two decimals shown where
    the CSV has two."""
    got = list(sheet.iter_rows())
    assert len(got) == len(rows), f"{sheet.title}: {len(got)} rows, the CSV {len(rows)}"
    assert [c.value for c in got[0]] == rows[0]
    for r, (cells, want) in enumerate(zip(got[1:], rows[1:]), start=2):
        assert len(want) == len(rows[0])
        for c, expected in enumerate(want):
            cell = cells[c] if c < len(cells) else None
            value = cell.value if cell is not None else None
            fmt = cell.number_format if cell is not None else "General"
            assert cell_as_csv(value, fmt) == expected, f"{sheet.title}!{cell.coordinate if cell else c}: {value!r} vs {expected!r}"
            looks_decimal = expected.lstrip("-").replace(".", "", 1).isdigit() and "." in expected
            if looks_decimal:
                assert isinstance(value, (int, float)), f"{sheet.title} row {r} col {c}: {expected} is text"
                assert fmt == "0." + "0" * len(expected.split(".")[1]), f"{sheet.title} row {r}: format {fmt}"


def expect_sheet_dressed(sheet, rows):
    """Header row frozen, a filter over the whole table, columns wide
    enough for their header."""
    assert sheet.freeze_panes == "A2", sheet.title
    last = openpyxl.utils.get_column_letter(len(rows[0]))
    assert sheet.auto_filter.ref == f"A1:{last}{len(rows)}", sheet.title
    for c, header in enumerate(rows[0], start=1):
        width = sheet.column_dimensions[openpyxl.utils.get_column_letter(c)].width
        assert width >= 6, f"{sheet.title}: column {header} is {width} wide"


@pytest.fixture(scope="module")
def work():
    d = tempfile.mkdtemp(prefix="dutyscore_workbooks_")
    yield Path(d)
    shutil.rmtree(d, ignore_errors=True)


def test_score_workbook_has_every_sheet_with_the_csv_values(work):
    book = work / "score.xlsx"
    run("score", *JOB, "--format", "xlsx", "--output", str(book), "--quiet")
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["成绩", "等次分布", "表彰名单", "待办事项", "计分明细"]
    scores = csv_rows(run("score", *JOB, "--details", "--headers", "labels", "--quiet"))
    assert scores[0][:3] == ["委员编号", "出席会议", "提案"]
    expect_sheet_equals_csv(wb["成绩"], scores)
    expect_sheet_dressed(wb["成绩"], scores)
    commend = csv_rows(run("commend", *JOB, "--headers", "labels", "--quiet"))
    expect_sheet_equals_csv(wb["表彰名单"], commend)
    expect_sheet_dressed(wb["表彰名单"], commend)
    # The grade counts add up to the members, with a chart of them.
    grades = list(wb["等次分布"].iter_rows(values_only=True))
    assert grades[0] == ("等次", "人数", "占比（%）")
    assert sum(row[1] for row in grades[1:]) == len(scores) - 1
    assert len(wb["等次分布"]._charts) == 1
    # The action lists: the members the summary lists.
    actions = list(wb["待办事项"].iter_rows(values_only=True))
    assert actions[0][:3] == ("事项", "委员编号", "姓名")
    assert {row[0] for row in actions[1:]} == {"未达最低履职要求", "一票否决"}


def test_score_workbook_audit_lines_are_explain_for_every_member(work):
    book = work / "score.xlsx"
    if not book.exists():
        run("score", *JOB, "--format", "xlsx", "--output", str(book), "--quiet")
    sheet = openpyxl.load_workbook(book)["计分明细"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows[0]
    assert header[:2] == ("委员编号", "姓名")
    by_member = {}
    for row in rows[1:]:
        by_member.setdefault(row[0], []).append(row)
    assert len(by_member) == 300
    # Each member's lines add up to the member's total.
    totals = {r[0]: Decimal(r[8]) for r in csv_rows(run("score", *JOB, "--quiet"))[1:]}
    points = header.index("分值")
    for member, lines in by_member.items():
        assert sum(Decimal(repr(float(l[points]))) for l in lines) == totals[member], member
    # And they are explain's lines, value for value.
    for member in ["M001", "M150", "M300"]:
        explained = csv_rows(run("explain", *JOB, "--member", member, "--format", "csv", "--headers", "labels"))
        assert list(header[2:]) == explained[0]
        got = [[cell_as_csv(v, "0.00" if i in (points - 2, points - 1) else "General")
                for i, v in enumerate(l[2:])] for l in by_member[member]]
        assert got == explained[1:], member


def test_every_command_writes_the_workbook_of_its_csv(work):
    years = ["--from-year", "2024", "--to-year", "2025"]
    cases = {
        "commend": (["commend", *JOB, "--quiet"], []),
        "groups": (["groups", *JOB], []),
        "years": (["years", "--rules", RULES, "--members", MEMBERS, "--records", RECORDS, *years], []),
        "whatif": (["whatif", *JOB, "--new-rules", str(SOURCE / "tests/rule_sets/fast_paths.yaml"), "--quiet"], []),
        "explain": (["explain", *JOB, "--member", "M001"], []),
    }
    for name, (args, _) in cases.items():
        book = work / f"{name}.xlsx"
        run(*args, "--format", "xlsx", "--output", str(book))
        text = run(*args, "--format", "csv", "--headers", "labels")
        rows = csv_rows(text)
        wb = openpyxl.load_workbook(book)
        expect_sheet_equals_csv(wb.worksheets[0], rows)
        expect_sheet_dressed(wb.worksheets[0], rows)


def test_score_workbook_without_audit_lines(work):
    book = work / "lean.xlsx"
    run("score", *JOB, "--format", "xlsx", "--output", str(book), "--quiet", "--without-audit")
    assert openpyxl.load_workbook(book).sheetnames == ["成绩", "等次分布", "表彰名单", "待办事项"]


def test_csv_headers_ids_stay_what_programs_read():
    rows = csv_rows(run("score", *JOB, "--quiet"))
    assert rows[0] == ["member_id", "attendance", "proposals", "research", "info", "charity", "study", "bonus",
                       "total", "grade", "rank"]


def test_workbook_bytes_do_not_depend_on_threads(work):
    a, b = work / "t1.xlsx", work / "t2.xlsx"
    run("score", *JOB, "--format", "xlsx", "--output", str(a), "--quiet", "--threads", "1")
    run("score", *JOB, "--format", "xlsx", "--output", str(b), "--quiet", "--threads", "2")
    assert a.read_bytes() == b.read_bytes()


def test_xlsx_needs_an_output_file():
    done = subprocess.run([CLI, "score", *JOB, "--format", "xlsx"], capture_output=True)
    assert done.returncode == 2
    assert "--format xlsx needs --output FILE" in done.stderr.decode()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_shows_the_numbers_of_the_csv(work):
    """LibreOffice opens the workbook and, saving every sheet as CSV with
    the cells as shown, gives back the CSV of the tool."""
    book = work / "lo.xlsx"
    run("score", *JOB, "--format", "xlsx", "--output", str(book), "--quiet")
    out = work / "lo"
    out.mkdir(exist_ok=True)
    # Token 9 true: cells as shown (two decimals); token 12 -1: every sheet.
    options = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1"
    env = dict(os.environ, HOME=str(work / "home"))
    done = subprocess.run(["soffice", "--headless", "--convert-to", options, "--outdir", str(out), str(book)],
                          capture_output=True, env=env, timeout=180)
    assert done.returncode == 0, done.stderr.decode()
    shown = csv_rows((out / "lo-成绩.csv").read_text(encoding="utf-8"))
    assert shown == csv_rows(run("score", *JOB, "--details", "--headers", "labels", "--quiet"))
    shown = csv_rows((out / "lo-表彰名单.csv").read_text(encoding="utf-8"))
    assert shown == csv_rows(run("commend", *JOB, "--headers", "labels", "--quiet"))
