"""The typed checker every rule reports through.

A rule names a model object and a key path below it; the checker looks up
where the object came from (:class:`~generator.load.location.Sources`, filled
when the loaded files are assembled) and records the problem there, to be
located in the file's own terms (line and column, or a spreadsheet cell).
"""

from __future__ import annotations

from difflib import get_close_matches
from pathlib import Path
from typing import Any, Collection, Iterable

from generator import model
from generator.errors import ERROR
from generator.load.content import Loaded
from generator.load.location import Location, Source, Sources

#: Keys holding dates: beside a reported impossible date they are not judged again.
_DATE_KEYS = frozenset({"start", "end", "date", "issued", "updated"})


class Checker:
    """Collects problems at places below model objects of one loaded content folder."""

    def __init__(self, loaded: Loaded):
        self.loaded = loaded

    @property
    def sources(self) -> Sources:
        """Where each assembled object came from."""
        return self.loaded.sources

    def source(self, obj: model.Model, path: Iterable[Any] = ()) -> Source:
        """The file and full key path of ``path`` below ``obj``."""
        return self.sources.of(obj).below(tuple(path))

    def at(self, obj: model.Model, path: Iterable[Any], message: str, hint: str = "",
           severity: str = ERROR, at_key: bool = False) -> None:
        """Record a problem at a key path below a model object."""
        where = self.source(obj, path)
        if self.about_stand_in(where):
            return
        self.loaded.add(where.file, where.path, message, hint, severity=severity, at_key=at_key)

    def place(self, obj: model.Model, path: Iterable[Any] = ()) -> Location:
        """The location of a key path below ``obj``, for a message that quotes another place."""
        where = self.source(obj, path)
        return self.loaded.locate(where.file, where.path)

    def about_stand_in(self, where: Source) -> bool:
        """True for a place whose impossible date was reported already (or a date beside it)."""
        path = where.path
        for bad in self.loaded.stand_ins.get(where.file, ()):
            if path == bad or (path and path[:-1] == bad[:-1] and path[-1] in _DATE_KEYS):
                return True
        return False

    def reference(self, obj: model.Model, path: tuple, value: str | None,
                  known: Collection[str], what: str) -> bool:
        """Check that ``value`` names one of ``known``; suggest the nearest."""
        if value is None or value in known:  # ``known`` is usually a dict: no copy here
            return True
        if value in self.loaded.failed_ids:
            return False
        close = get_close_matches(value, list(known), n=1)
        hint = f"có phải ý bạn là «{close[0]}»?" if close else f"khai báo {what} «{value}» hoặc sửa mã"
        self.at(obj, path, f"không có {what} mã «{value}»", hint)
        return False

    def add_at_file(self, file: Path, message: str, hint: str) -> None:
        """Record a problem about a file as a whole, shown at its first line."""
        self.loaded.add_at(file, 1, 1, message, hint)
