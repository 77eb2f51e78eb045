"""The one exception tree of sotay, and the content problem record.

Every failure a user can cause is a :class:`SotayError`. Content problems are
collected as :class:`Problem` records (file, line, column, message, hint) and
raised together once as :class:`ContentError`, so the publisher sees every
mistake in one run.
"""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

ERROR = "error"
WARNING = "warning"


class SotayError(Exception):
    """Base of every error sotay raises on purpose."""


class UsageError(SotayError):
    """The command was called wrongly (exit code 2)."""


@dataclass(frozen=True, order=True)
class Problem:
    """One content problem at a place in a file.

    ``line`` and ``column`` are 1-based; 0 means "the whole file".
    """

    file: str
    line: int
    column: int
    message: str
    hint: str = ""
    severity: str = field(default=ERROR, compare=False)
    # A spreadsheet cell ("Đơn vị!B12"): shown as file!sheet!cell instead of line:column.
    cell: str = field(default="", compare=False)

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        where = f"{self.file}!{self.cell}" if self.cell else f"{self.file}:{self.line}:{self.column}"
        label = "" if self.is_error else "cảnh báo: "
        text = f"{where}: {label}{self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return unicodedata.normalize("NFC", text)


class ContentError(SotayError):
    """The content has errors; carries every problem found (warnings too)."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        errors = [p for p in self.problems if p.is_error]
        super().__init__(f"{len(errors)} lỗi nội dung")

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if not p.is_error]


def display_path(path: Path) -> str:
    """Path as shown in messages: relative to the working folder when inside it.

    A link is shown by its own name, not its target's: that is the file to fix.
    """
    cwd = Path.cwd()
    for shown, base in ((Path(os.path.abspath(path)), cwd), (path.resolve(), cwd.resolve())):
        try:
            return shown.relative_to(base).as_posix()
        except ValueError:
            continue
    return path.as_posix()
