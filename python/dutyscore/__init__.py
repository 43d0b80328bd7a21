"""dutyscore for Python: score how members of a political consultative
committee (政协委员) perform their duties, from a YAML rule set, members and
duty records — the same numbers as the ``dutyscore`` command, in exact
decimals.

    import dutyscore
    rules = dutyscore.load_rules("rules/default.yaml")
    data = dutyscore.read_data("examples/data/members.csv", "examples/data/records.csv")
    result = dutyscore.score(rules, data, year=2025)
    print(result.to_dataframe().head())        # or result.rows(): a list of dicts

Points are :class:`decimal.Decimal` values, never floats. Every failure
raises :class:`DutyscoreError`, whose ``problems`` list every problem with
its file, line and column. Results that look valid but probably are not
(most records outside the period, a term rule over part of a term, a list
longer than its ``top``) are also warned about with :class:`DutyscoreWarning`.
"""
import csv
import datetime
import io
import json
import math
import os
import warnings as _warnings
from decimal import Decimal
from typing import Any, Dict, Iterable, List, Optional, Union

from . import _dutyscore as _c
from .errors import DutyscoreError, Problem

__all__ = ["load_rules", "read_data", "score", "years", "verify", "RuleSet", "Data", "Result",
           "DutyscoreError", "DutyscoreWarning", "Problem", "__version__"]
__version__ = _c.version()

MEMBER_COLUMNS = ["member_id", "name", "unit", "sector", "group", "roles", "joined", "left"]
RECORD_COLUMNS = ["record_id", "member_id", "date", "kind", "subtype", "status", "ref", "position",
                  "level", "flags", "quantity"]


class DutyscoreWarning(UserWarning):
    """A result that looks valid but probably is not what was meant."""


def _problems(raw) -> List[Problem]:
    return [Problem(*p) for p in raw]


def _warn(problems: List[Problem]) -> None:
    for p in problems:
        _warnings.warn(str(p), DutyscoreWarning, stacklevel=3)


def _json(text: str) -> Any:
    # Points are exact decimals in the JSON; keep them exact.
    return json.loads(text, parse_float=Decimal)


class RuleSet:
    """A loaded, validated rule set (see docs/rules.md)."""

    def __init__(self, handle):
        self._h = handle

    id = property(lambda self: self._h.id)
    name = property(lambda self: self._h.name)
    precision = property(lambda self: self._h.precision)

    @property
    def categories(self) -> Dict[str, str]:
        """Category id -> label, in the rule set's order."""
        return dict(self._h.categories)

    @property
    def grades(self) -> List[str]:
        """Grade labels, highest first."""
        return list(self._h.grades)

    @property
    def warnings(self) -> List[Problem]:
        """The rule file's lint warnings."""
        return _problems(self._h.warnings)

    def __repr__(self):
        return f"<dutyscore.RuleSet {self.id!r}: {len(self.categories)} categories>"


def load_rules(path: Union[str, os.PathLike, None] = None, *, text: Optional[str] = None,
               name: Optional[str] = None) -> RuleSet:
    """Loads a rule file (``path``) or YAML ``text`` (``name`` is used in
    messages). Raises DutyscoreError with every problem of the file."""
    if (path is None) == (text is None):
        raise TypeError("give a path or text=, not both")
    return RuleSet(_c.load_rules(os.fspath(path) if path is not None else None, text, name))


def _cell(value: Any) -> str:
    """One value from Python (or pandas) as the interchange layout writes it."""
    if value is None:
        return ""
    if isinstance(value, float):
        if math.isnan(value):
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    if type(value).__name__ in ("NaTType", "NAType"):
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return ";".join(_cell(v) for v in value)
    return str(value)


def _rows_csv(rows: Any, columns: List[str]) -> bytes:
    """Rows (dicts, or a pandas DataFrame) as interchange CSV."""
    if hasattr(rows, "to_dict") and hasattr(rows, "columns"):  # a DataFrame
        rows = rows.to_dict("records")
    rows = list(rows)
    header = [c for c in columns if any(c in r for r in rows)]
    for r in rows:
        header += [k for k in r if k not in header]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for r in rows:
        writer.writerow([_cell(r.get(c)) for c in header])
    return out.getvalue().encode("utf-8")


class Data:
    """Members and their duty records, read and checked."""

    def __init__(self, handle):
        self._h = handle

    member_count = property(lambda self: self._h.member_count)
    rows_read = property(lambda self: self._h.rows_read)
    rows_scored = property(lambda self: self._h.rows_scored)
    rows_rejected = property(lambda self: self._h.rows_rejected)

    @property
    def quarantine(self) -> List[Dict[str, str]]:
        """The rows left out with keep_going: file, line, reason, row."""
        return list(csv.DictReader(io.StringIO(self._h.quarantine_csv())))

    @property
    def warnings(self) -> List[Problem]:
        """Warnings of reading: rows left out, records outside a member's service."""
        return _problems(self._h.warnings)

    def __repr__(self):
        return f"<dutyscore.Data: {self.member_count} members, {self.rows_read} rows read>"


Source = Union[str, os.PathLike, Iterable[Dict[str, Any]], Any]


def read_data(members: Source, records: Source, *, encoding: str = "auto",
              keep_going: bool = False, threads: int = 1,
              profile: Optional[Union[str, os.PathLike]] = None) -> Data:
    """Reads members and records.

    Each of ``members`` and ``records`` is a file's path (CSV in the
    interchange layout, README; or an office file, docs/input.md: an
    .xlsx or .xls workbook, a CSV export with Chinese headers), ``records``
    also a list of paths read as one batch, or rows from Python: an iterable of dicts
    keyed by column name, or a pandas DataFrame. Lists (roles, flags) are
    joined with ';', dates written YYYY-MM-DD, None and NaN left empty. A
    problem in a row from Python names the source "members rows" or
    "records rows" and the line index + 2 (the header is line 1).

    ``profile`` is the path of an input profile (YAML, docs/input.md) for
    office files; None: the built-in profile.
    ``encoding`` ("auto", "utf-8", "gb18030", "utf-16") applies to files;
    ``keep_going`` leaves bad rows out (``Data.quarantine``) instead of
    failing. Raises DutyscoreError with every problem of both files.
    """
    def is_path(source):
        return isinstance(source, (str, os.PathLike))

    paths = (isinstance(records, (list, tuple)) and len(records) > 0
             and all(is_path(r) for r in records))
    if is_path(members) and (paths or profile is not None):
        files = [os.fspath(r) for r in records] if paths else [os.fspath(records)]
        handle = _c.read_office(os.fspath(members), files,
                                None if profile is None else os.fspath(profile),
                                encoding, keep_going, threads)
    elif is_path(members) and is_path(records):
        handle = _c.read_files(os.fspath(members), os.fspath(records), encoding, keep_going,
                               threads)
    else:
        def text(source, columns, name):
            if is_path(source):
                with open(source, "rb") as f:
                    return f.read(), os.fspath(source)
            return _rows_csv(source, columns), name

        m, m_name = text(members, MEMBER_COLUMNS, "members rows")
        r, r_name = text(records, RECORD_COLUMNS, "records rows")
        handle = _c.read_text(m, m_name, r, r_name, encoding, keep_going, threads)
    return Data(handle)


class Result:
    """One evaluation: every member's subtotals, total, grade and rank."""

    def __init__(self, handle, rules: RuleSet, data: Data):
        self._h = handle
        self.rules = rules
        self.data = data

    @property
    def period(self):
        """The evaluated period's first and last day, as datetime.date."""
        first, last = self._h.period
        return datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)

    @property
    def warnings(self) -> List[Problem]:
        return _problems(self._h.warnings)

    def to_json(self) -> str:
        """`dutyscore score --format json` (docs/schemas/score.schema.json)."""
        return self._h.json()

    def to_csv(self) -> str:
        """`dutyscore score` CSV, byte for byte."""
        return self._h.csv()

    def rows(self) -> List[Dict[str, Any]]:
        """One dict per member in ranking order: member_id, name, one key
        per category id, total (Decimals), grade, rank (None when unranked)
        and flags (a list)."""
        out = []
        for m in _json(self._h.json())["members"]:
            row = {"member_id": m["member_id"], "name": m["name"]}
            row.update(m["categories"])
            row.update(total=m["total"], grade=m["grade"], rank=m["rank"], flags=m["flags"])
            out.append(row)
        return out

    def to_dataframe(self, exact: bool = True):
        """The rows as a pandas DataFrame (pandas must be installed). With
        ``exact`` points stay Decimal (object columns); ``exact=False``
        gives floats for arithmetic."""
        try:
            import pandas
        except ImportError as e:  # pragma: no cover - depends on the machine
            raise ImportError("to_dataframe() needs pandas (Debian: python3-pandas); "
                              "rows() gives the same as a list of dicts") from e
        frame = pandas.DataFrame(self.rows())
        frame["flags"] = frame["flags"].map(";".join)
        if not exact:
            for column in [*self.rules.categories, "total"]:
                frame[column] = frame[column].astype(float)
        frame["rank"] = frame["rank"].astype("Int64")
        return frame

    def explain(self, member_id: str) -> List[Dict[str, Any]]:
        """The lines that make a member's total (they add up to it exactly):
        kind, category and category_label, rule and rule_label, record,
        points, base, share, quantity, note (docs/schemas/explain.schema.json)."""
        return _json(self._h.explain(member_id, _c.FORMAT_JSON))["lines"]

    def explain_text(self, member_id: str) -> str:
        """The same audit as `dutyscore explain`, for people."""
        return self._h.explain(member_id, _c.FORMAT_TEXT)

    def commendations(self) -> List[Dict[str, Any]]:
        """The commendation lists: id, label, top, ties, members."""
        return _json(self._h.commendations(_c.FORMAT_JSON))["lists"]

    def groups(self) -> List[Dict[str, Any]]:
        """The groups (or sectors) in ranking order, with their quotas."""
        return _json(self._h.groups(_c.FORMAT_JSON))["groups"]

    def whatif(self, proposed: RuleSet, threads: int = 1) -> Dict[str, Any]:
        """What ``proposed`` would change on the same data and period:
        {"summary": ..., "members": [...]} (docs/schemas/whatif.schema.json)."""
        return _json(self._h.whatif(proposed._h, threads, _c.FORMAT_JSON))

    def archive(self, path: Union[str, os.PathLike]) -> None:
        """Saves the evaluation for `dutyscore verify` and :func:`verify`."""
        self._h.archive(os.fspath(path))

    def __repr__(self):
        first, last = self.period
        return f"<dutyscore.Result {self.rules.id!r} {first}..{last}: {self.data.member_count} members>"


def _day(value) -> Optional[str]:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, datetime.date) else str(value)


def score(rules: RuleSet, data: Data, *, year: Optional[int] = None,
          start: Union[datetime.date, str, None] = None,
          end: Union[datetime.date, str, None] = None, threads: int = 1) -> Result:
    """Scores every member over a calendar ``year``, or ``start``..``end``
    (both included), or without either the rule set's own period. The
    result is the same for any ``threads``."""
    if year is not None and (start is not None or end is not None):
        raise TypeError("give year= or start= and end=, not both")
    handle = _c.evaluate(rules._h, data._h, _day(start), _day(end), year, threads)
    result = Result(handle, rules, data)
    _warn(result.warnings)
    return result


def years(rules: RuleSet, data: Data, from_year: int, to_year: int,
          threads: int = 1) -> Dict[str, Any]:
    """Scores every year from_year..to_year and applies the rule set's
    across-years rules: {"years", "rules", "members"} as in
    docs/schemas/years.schema.json."""
    text, problems = _c.years(rules._h, data._h, from_year, to_year, threads, _c.FORMAT_JSON)
    _warn(_problems(problems))
    return _json(text)


def verify(archive: Union[str, os.PathLike], data: Data, threads: int = 1) -> Dict[str, Any]:
    """Recomputes an archive over ``data``: {"verified": bool, "differences":
    [...], ...} (docs/schemas/verify.schema.json)."""
    _, report = _c.verify(os.fspath(archive), data._h, threads)
    return _json(report)
