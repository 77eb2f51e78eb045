"""Load stage: list the content files, read each with its reader, validate it.

Reading is per kind of file (:mod:`generator.load.readers`: YAML, Markdown
front matter, spreadsheets); validation is one pydantic model per folder
(:mod:`generator.model`). Problems are collected on the :class:`Loaded`
result by key path and located only at the end, each in its reader's terms.
Where every validated object came from is kept in :attr:`Loaded.sources`.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError
from ruamel.yaml import cyaml

from generator import model
from generator.errors import ERROR, Problem, display_path
from generator.load import readers, sheet
from generator.load.legacy_text import looks_like_legacy_encoding
from generator.load.location import Location, Sources
from generator.load.messages import pydantic_message
from generator.load.readers import Locator

if TYPE_CHECKING:
    from generator.load import units_sheet

YAML_SUFFIXES = (".yaml", ".yml")
FOLDERS = ("units", "directives", "plans", "forms", "rulesets")

#: Which C library backs the parser; reported by the benchmark.
C_PARSER_LIB = cyaml.__dict__.get("__yaml_lib", "?")


def cell_location(file: Path, sheet_name: str | None, row: int, column: int) -> Location:
    """A spreadsheet cell as ``file!sheet!B12``; a CSV file (no sheet) by its line and column."""
    cell = f"{sheet_name}!{sheet.column_letter(column)}{row}" if sheet_name is not None else ""
    return Location(display_path(file), row, column, cell)


@dataclass
class Pending:
    """A problem known by its key path; becomes a :class:`Problem` once located."""

    file: Path
    path: tuple[Any, ...]
    message: str
    hint: str = ""
    severity: str = ERROR
    at_key: bool = False


@dataclass
class Loaded:
    """Result of loading one content folder."""

    content_dir: Path
    documents: dict[Path, Any] = field(default_factory=dict)
    models: dict[Path, BaseModel] = field(default_factory=dict)
    pending: list[Pending] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    line_offsets: dict[Path, int] = field(default_factory=dict)
    # Ids declared in files that failed validation: references to them are not
    # reported again as "unknown", the file's own error says what is wrong.
    failed_ids: set[str] = field(default_factory=set)
    # Spreadsheet files: where each key path came from (cells instead of lines).
    cell_maps: dict[Path, units_sheet.CellMap] = field(default_factory=dict)
    # Key paths, by file, where an impossible date was reported and a stand-in
    # put in its place: rules say nothing more about those dates.
    stand_ins: dict[Path, set[tuple]] = field(default_factory=dict)
    # Where each validated object came from (file and key path); filled by the checker's assembly.
    sources: Sources = field(default_factory=Sources)
    _locator: Any = field(default=None, repr=False)
    _root: Path | None = field(default=None, repr=False)  # content_dir resolved, once per load

    def add(self, file: Path, path: tuple, message: str, hint: str = "", *,
            severity: str = ERROR, at_key: bool = False) -> None:
        """Record a problem at a key path of a file."""
        self.pending.append(Pending(file, tuple(path), message, hint, severity, at_key))

    def add_at(self, file: Path, line: int, column: int, message: str, hint: str = "",
               severity: str = ERROR) -> None:
        """Record a problem whose line and column are already known (1-based)."""
        self.problems.append(Problem(display_path(file), line, column, message, hint, severity))

    def add_cell(self, file: Path, sheet_name: str | None, row: int, column: int, message: str,
                 hint: str = "", severity: str = ERROR) -> None:
        """Record a problem at a spreadsheet cell (a CSV file: at its line and column)."""
        place = cell_location(file, sheet_name, row, column)
        self.problems.append(Problem(place.file, row, column, message, hint, severity, place.cell))

    def locate(self, file: Path, path: tuple, at_key: bool = False) -> Location:
        """The place of a key path in a file, in its reader's terms (line and column, or cell)."""
        cells = self.cell_maps.get(file)
        if cells is not None:
            return cell_location(file, cells.table_sheet, *cells.locate(path))
        if self._locator is None:
            self._locator = Locator(self.line_offsets)
        line, column = self._locator.locate(file, path, at_key)
        return Location(display_path(file), line, column)

    def resolve(self) -> list[Problem]:
        """Locate every pending problem; returns all problems, sorted."""
        for item in self.pending:
            cells = self.cell_maps.get(item.file)
            place = self.locate(item.file, item.path, item.at_key)
            message, hint = (cells.reword(item.path, item.message, item.hint) if cells is not None
                             else (item.message, item.hint))
            self.problems.append(Problem(place.file, place.line, place.column, message, hint,
                                         item.severity, place.cell))
        self.pending.clear()
        return sorted(self.problems)


# --- walking the parsed data ------------------------------------------------


def scan_values(data: Any, file: Path, loaded: Loaded) -> None:
    """Flag text that looks typed in a legacy encoding.

    Key paths are built for containers only (and for a flagged string), not per
    value. The YAML reader refuses aliases, so the data is a tree, never a graph.
    """
    if not isinstance(data, (dict, list)):
        if isinstance(data, str) and looks_like_legacy_encoding(data):
            report_legacy(data, (), file, loaded)
        return
    stack: list[tuple[Any, tuple]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        for key, child in value.items() if isinstance(value, dict) else enumerate(value):
            if isinstance(child, (dict, list)):
                stack.append((child, path + (key,)))
            elif isinstance(child, str) and looks_like_legacy_encoding(child):
                report_legacy(child, path + (key,), file, loaded)


def report_legacy(text: str, path: tuple, file: Path, loaded: Loaded) -> None:
    """Record text that looks typed in a legacy Vietnamese encoding."""
    loaded.add(file, path, f"chữ có vẻ gõ bằng bảng mã cũ (TCVN3/VNI): «{text[:40]}»",
               "chuyển văn bản sang Unicode (vd. Unikey → Công cụ chuyển mã) rồi dán lại")


# --- validation ---------------------------------------------------------------


def validate(data: Any, cls: type[BaseModel], file: Path, loaded: Loaded) -> BaseModel | None:
    """Validate parsed data against a model; problems are recorded, None on failure."""
    if not isinstance(data, dict):
        kind = "danh sách" if isinstance(data, list) else "một giá trị đơn"
        loaded.add_at(file, 1 + loaded.line_offsets.get(file, 0), 1,
                      f"tệp phải là một bảng khóa: giá trị, không phải {kind}",
                      "viết các khóa ở đầu dòng, ví dụ «id: ...»")
        return None
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        errors = exc.errors()
    for error in without_misspelt_missing(errors, cls):
        record_validation_error(error, cls, file, loaded)
    return with_stand_in_dates(data, cls, file, errors, loaded)


def with_stand_in_dates(data: dict, cls: type[BaseModel], file: Path, errors: list[dict],
                        loaded: Loaded) -> BaseModel | None:
    """The model again when impossible dates were its only errors, each replaced by a stand-in.

    The date's own error is recorded already; keeping the model lets every other
    rule check the rest of the file (a real mistake elsewhere is not hidden) and
    lets other files refer to it (no cascade of "unknown step" errors).
    """
    if not errors or any(e["type"] != "impossible_date" for e in errors):
        return None
    data = copy.deepcopy(data)
    for error in errors:
        path = data_path(error["loc"])
        container = _at(data, path[:-1])
        container[path[-1]] = model.stand_in_date(str(error["input"]))
        loaded.stand_ins.setdefault(file, set()).add(path)
    try:
        return cls.model_validate(data)
    except ValidationError:
        return None


def _at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def without_misspelt_missing(errors: list[dict], cls: type[BaseModel]) -> list[dict]:
    """Drop "missing X" when the same mapping has an unknown key that is a typo of X.

    ``knd: cell`` yields both errors; the "did you mean «kind»" one says it all.
    """
    typos = set()
    for error in errors:
        if error["type"] == "extra_forbidden":
            loc = data_path(error["loc"])
            close = get_close_matches(str(loc[-1]), allowed_keys(cls, loc[:-1]), n=1)
            typos.update((loc[:-1], key) for key in close)
    return [e for e in errors
            if not (e["type"] == "missing" and (data_path(e["loc"])[:-1], data_path(e["loc"])[-1]) in typos)]


def record_validation_error(error: dict, cls: type[BaseModel], file: Path, loaded: Loaded) -> None:
    """Turn one pydantic error into a located Vietnamese problem."""
    loc = data_path(error["loc"])
    message, hint = pydantic_message(error)
    if error["type"] == "extra_forbidden":
        allowed = allowed_keys(cls, loc[:-1])
        suggestion = get_close_matches(str(loc[-1]), allowed, n=1)
        hint = (f"có phải ý bạn là «{suggestion[0]}»?" if suggestion
                else "các khóa hợp lệ: " + ", ".join(sorted(allowed)))
        loaded.add(file, loc, message, hint, at_key=True)
    elif error["type"] == "missing":
        loaded.add(file, loc[:-1], message, hint, at_key=False)
    else:
        loaded.add(file, loc, message, hint)


def data_path(loc: tuple) -> tuple:
    """Pydantic's error location minus the union tags it inserts (block kinds)."""
    path: list[Any] = []
    for part in loc:
        is_tag = (len(path) >= 2 and path[-2] == "blocks" and isinstance(path[-1], int)
                  and part in model.BLOCK_KEYS)
        if not is_tag:
            path.append(part)
    return tuple(path)


def allowed_keys(cls: type[BaseModel], loc: tuple) -> list[str]:
    """The keys a model accepts at a path (for "did you mean")."""
    current: Any = cls
    for part in loc:
        if isinstance(part, int):
            continue
        field_info = getattr(current, "model_fields", {}).get(part)
        if field_info is None:
            return []
        current = _model_of(field_info.annotation)
    if not hasattr(current, "model_fields"):
        return []
    return [info.alias or name for name, info in current.model_fields.items()]


def _model_of(annotation: Any) -> Any:
    """The BaseModel class inside ``list[X]``, ``X | None`` and the like."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in getattr(annotation, "__args__", ()):
        found = _model_of(arg)
        if found is not None:
            return found
    return None


# --- folders ----------------------------------------------------------------


def content_files(content_dir: Path) -> dict[str, list[Path]]:
    """Content files by kind, in a stable order."""
    found: dict[str, list[Path]] = {"organisation": [], "guidance": []}
    for name in ("organisation.yaml", "organisation.yml"):
        if (content_dir / name).is_file():
            found["organisation"].append(content_dir / name)
    for folder in FOLDERS:
        directory = content_dir / folder
        suffixes = YAML_SUFFIXES + (sheet.SHEET_SUFFIXES + sheet.OTHER_SHEET_SUFFIXES
                                    if folder == "units" else ())
        found[folder] = _entries(directory, suffixes)
    found["guidance"] = _entries(content_dir / "guidance", (".md",))
    return found


def _entries(directory: Path, suffixes: tuple[str, ...]) -> list[Path]:
    """Entries with a content suffix below ``directory`` that are not folders.

    Pipes, devices and links are listed too: reading refuses them by name
    instead of leaving content silently out.
    """
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob("*")
                  if p.suffix.lower() in suffixes and not (p.is_dir() and not p.is_symlink())
                  and not p.name.startswith("~$"))  # Excel's lock file beside an open workbook


def load_file(path: Path, kind: str, loaded: Loaded) -> None:
    """Read (with the reader for its kind of file), scan and validate one content file."""
    if loaded._root is None:
        loaded._root = loaded.content_dir.resolve()
    refusal = readers.file_refusal(path, loaded.content_dir, loaded._root)
    if refusal:
        loaded.add_at(path, 0, 0, *refusal)
        return
    document = readers.reader_for(path)(path, loaded)
    if document is None or document.data is None:
        loaded.failed_ids.update(declared_ids(None, path))
        return
    data = document.data
    if document.maybe_legacy:
        scan_values(data, path, loaded)
    loaded.documents[path] = document.body if document.body is not None else data
    parsed = validate(data, model.FILE_KINDS[kind], path, loaded)
    if parsed is not None:
        loaded.models[path] = parsed
    else:
        loaded.failed_ids.update(declared_ids(data, path))


def declared_ids(data: Any, path: Path) -> set[str]:
    """The ids a raw document declares (its own and its units').

    The file's name counts too: when a file cannot be parsed at all, its id
    is unknown, and content files are named after the id they hold.
    """
    if not isinstance(data, dict):
        return {path.stem}
    ids = {path.stem, data["id"]} if isinstance(data.get("id"), str) else {path.stem}
    for items in (data.get("units"), _steps_of(data)):
        if isinstance(items, list):
            ids.update(x["id"] for x in items if isinstance(x, dict) and isinstance(x.get("id"), str))
    return ids


def _steps_of(data: dict) -> Any:
    schedule = data.get("schedule")
    return schedule.get("steps") if isinstance(schedule, dict) else None


def load(content_dir: Path) -> Loaded:
    """Load every content file under ``content_dir``; problems are collected, not raised."""
    loaded = Loaded(content_dir)
    files = content_files(content_dir)
    if not files["organisation"]:
        loaded.add_at(content_dir / "organisation.yaml", 0, 0, "thiếu tệp organisation.yaml",
                      "tạo tệp mô tả đơn vị ban hành (xem trang «Định dạng nội dung»)")
    for kind, paths in files.items():
        for path in paths:
            load_file(path, kind, loaded)
    return loaded
