"""Where content comes from: a place in a file, and the file and key path of each object.

Every reader gives places in its own terms: YAML and front matter as
``file:line:column``, spreadsheets as ``file!sheet!cell``. The loader records
for each validated object the file and key path it came from (a
:class:`Source`); the checker reports problems at key paths below objects,
and the file's reader turns them into a :class:`Location` only when needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator


@dataclass(frozen=True)
class Location:
    """A place a person can find: a line and column (1-based, 0 for the whole file) or a cell."""

    file: str
    line: int = 0
    column: int = 0
    cell: str = ""  # "Đơn vị!B12" for a spreadsheet; then line and column are its row and column

    def __str__(self) -> str:
        return f"{self.file}!{self.cell}" if self.cell else f"{self.file}:{self.line}:{self.column}"

    @property
    def short(self) -> str:
        """``file:line`` (or the cell), as a message quotes another place."""
        return f"{self.file}!{self.cell}" if self.cell else f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Source:
    """The file an object was read from and the key path of the object inside it."""

    file: Path
    path: tuple[Any, ...] = ()

    def below(self, path: tuple) -> "Source":
        """The source of a value at ``path`` below this object."""
        return Source(self.file, self.path + tuple(path))


class Sources:
    """Where each loaded object came from, by object identity.

    Models are plain data (no private attributes set by the loader); this map
    is held by the loaded result and read by the checker. The object itself is
    kept with its source, so its identity cannot be reused while the map lives.
    """

    def __init__(self) -> None:
        self._by_id: dict[int, tuple[Any, Source]] = {}

    def place(self, obj: Any, file: Path, path: tuple = ()) -> Any:
        """Record that ``obj`` came from ``path`` in ``file``; returns ``obj``."""
        # Called once per unit of a large tree: a Path is kept as it is, not parsed again.
        self._by_id[id(obj)] = (obj, Source(file if isinstance(file, Path) else Path(file), tuple(path)))
        return obj

    def of(self, obj: Any) -> Source:
        """The source of a placed object (KeyError for one never placed)."""
        return self._by_id[id(obj)][1]

    def __contains__(self, obj: Any) -> bool:
        return id(obj) in self._by_id

    def __iter__(self) -> Iterator[tuple[Any, Source]]:
        return iter(self._by_id.values())
