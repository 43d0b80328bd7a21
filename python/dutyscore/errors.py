"""The one exception dutyscore raises, carrying every problem with its place."""
from typing import List, NamedTuple


class Problem(NamedTuple):
    """A problem of a rule file, an input file or a run, with its place.

    ``line`` and ``column`` are 1-based, 0 when unknown; ``field`` names the
    CSV column ("" when none); ``severity`` is "error" or "warning".
    """

    file: str
    line: int
    column: int
    field: str
    severity: str
    message: str

    def __str__(self):
        place = self.file or "<input>"
        if self.line:
            place += f":{self.line}"
            if self.column:
                place += f":{self.column}"
        column = f"column '{self.field}': " if self.field else ""
        return f"{place}: {self.severity}: {column}{self.message}"


# The C API's status codes (docs/c_api.md).
STATUS_NAMES = {1: "invalid input", 2: "bad argument", 3: "output failed", 4: "not found",
                5: "internal error", 6: "different"}


class DutyscoreError(Exception):
    """Raised by every dutyscore call that fails.

    ``problems`` lists every problem found (a rule file's or an input file's
    errors all at once, warnings included), each with its file, line, column
    and field; ``status`` is the C API's status code (1 invalid input,
    2 bad argument, 3 output failed, 4 not found, 5 internal).
    """

    def __init__(self, status: int, problems):
        self.status = status
        self.problems: List[Problem] = [Problem(*p) for p in problems]
        errors = [p for p in self.problems if p.severity == "error"] or self.problems
        text = "\n".join(str(p) for p in errors)
        super().__init__(f"{STATUS_NAMES.get(status, 'error')}: {len(errors)} problem(s)\n{text}")

    @property
    def errors(self) -> List[Problem]:
        return [p for p in self.problems if p.severity == "error"]
