"""Load stage: read every content file, parse it safely and validate it.

The happy path parses YAML with ruamel's C parser (``cyaml.CSafeLoader``) into
plain Python data (built from the parser's events, see :mod:`generator.yaml_load`)
and validates that with pydantic; no position bookkeeping is paid for. Only when a problem is found is its file parsed again into nodes
(:class:`Locator`) to turn the problem's key path into a line and column.
"""

from __future__ import annotations

import copy
import stat
import unicodedata
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any

from openpyxl.utils.cell import get_column_letter
from pydantic import BaseModel, ValidationError
from ruamel.yaml import cyaml
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from generator import model
from generator.errors import ERROR, Problem, display_path
from generator.load.messages import pydantic_message, yaml_syntax_message
from generator.load.legacy_text import looks_like_legacy_encoding
from generator.load.yaml_reader import YamlRefusal, load_data
from generator.load import sheet, units_sheet

YAML_SUFFIXES = (".yaml", ".yml")
FOLDERS = ("units", "directives", "plans", "forms", "rulesets")

#: Which C library backs the parser; reported by the benchmark.
C_PARSER_LIB = cyaml.__dict__.get("__yaml_lib", "?")


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
        cell = f"{sheet_name}!{get_column_letter(column)}{row}" if sheet_name is not None else ""
        self.problems.append(Problem(display_path(file), row, column, message, hint, severity, cell))

    def resolve(self) -> list[Problem]:
        """Locate every pending problem; returns all problems, sorted."""
        locator = Locator(self.line_offsets)
        for item in self.pending:
            cells = self.cell_maps.get(item.file)
            if cells is not None:
                row, column = cells.locate(item.path)
                message, hint = cells.reword(item.path, item.message, item.hint)
                self.add_cell(item.file, cells.table_sheet, row, column, message, hint, item.severity)
                continue
            line, column = locator.locate(item.file, item.path, item.at_key)
            self.problems.append(
                Problem(display_path(item.file), line, column, item.message, item.hint, item.severity)
            )
        self.pending.clear()
        return sorted(self.problems)


# --- reading and parsing ----------------------------------------------------


def read_text(path: Path, loaded: Loaded) -> str | None:
    """The file as NFC text with ``\n`` line ends, or None (with a problem recorded).

    A file that cannot be read or is not UTF-8 is refused at its path.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        loaded.add_at(path, 0, 0, f"không đọc được tệp ({exc.strerror or exc})",
                      "kiểm tra quyền đọc của tệp (chmod a+r) rồi chạy lại")
        return None
    try:
        return decode_text(raw)
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        loaded.add_at(path, line, column, "tệp không phải văn bản UTF-8",
                      "lưu lại tệp với mã hóa UTF-8 (Unicode)")
        return None


def decode_text(raw: bytes) -> str:
    """UTF-8 bytes (with or without BOM) as NFC text; Windows and old Mac line ends become ``\n``."""
    text = raw.decode("utf-8-sig").replace("\r\n", "\n").replace("\r", "\n")
    return unicodedata.normalize("NFC", text)


def file_refusal(path: Path, content_dir: Path) -> tuple[str, str] | None:
    """(message, hint) when ``path`` may not be read as content, else None.

    Refused: a link to outside the content folder (its target would be
    published), a dangling link, and anything but a regular file (a pipe would
    block the build, a device would be read forever).
    """
    try:
        inside = path.resolve().is_relative_to(content_dir.resolve())
        mode = path.stat().st_mode
    except (OSError, RuntimeError):  # a dangling or looping link
        return ("tệp là liên kết (symlink) hỏng", "xóa liên kết hoặc trỏ nó tới một tệp có thật trong content/")
    if not inside:
        return ("tệp là liên kết (symlink) tới ngoài thư mục content/",
                "chép tệp vào content/ thay cho liên kết: chỉ nội dung trong content/ được xuất bản")
    if not stat.S_ISREG(mode):
        return ("không phải tệp thường (ống dẫn, thiết bị hay thư mục)", "xóa mục này khỏi content/")
    return None


def parse_yaml(path: Path, text: str, loaded: Loaded, line_offset: int = 0) -> Any:
    """Parse YAML text safely with the C parser; None on error (recorded).

    A file holding only comments parses to None and is reported as empty.
    """
    try:
        data = load_data(text)
    except YamlRefusal as exc:
        loaded.add_at(path, exc.line + line_offset, exc.column, exc.message, exc.hint)
        return None
    except YAMLError as exc:
        line, column, message, hint = yaml_error_message(exc, text)
        loaded.add_at(path, line + line_offset, column, message, hint)
        return None
    if data is None:
        loaded.add_at(path, 1 + line_offset, 1, "tệp rỗng", "điền nội dung hoặc xóa tệp")
    return data


def yaml_error_message(exc: YAMLError, text: str) -> tuple[int, int, str, str]:
    """1-based line and column, Vietnamese message and hint for a YAML error."""
    if isinstance(exc, ReaderError):  # a control character; the C reader gives a UTF-8 byte offset
        before = text.encode("utf-8")[: exc.position].decode("utf-8", "ignore")
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        return (line, column, f"tệp chứa ký tự điều khiển không được phép (U+{exc.character:04X})",
                "xóa ký tự này (thường do dán từ phần mềm khác)")
    if not isinstance(exc, MarkedYAMLError):
        return 1, 1, f"YAML không đọc được ({exc})", "kiểm tra lại cú pháp của tệp"
    problem = (exc.problem or "").strip()
    if type(exc).__name__ == "DuplicateKeyError" or "duplicate key" in problem:
        key = problem.split('"')[1] if '"' in problem else ""
        message, hint, at_context = (f"khóa «{key}» bị lặp lại",
                                     "mỗi khóa chỉ được khai báo một lần; gộp hoặc xóa dòng thừa", False)
    else:
        message, hint, at_context = yaml_syntax_message(problem)
    mark = (exc.context_mark if at_context else None) or exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    return line, column, message, hint


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


# --- locating -------------------------------------------------------------


class Locator:
    """Maps key paths to (line, column) by composing a file into YAML nodes.

    Only files that have problems are composed, once each.
    """

    def __init__(self, line_offsets: dict[Path, int]):
        self.line_offsets = line_offsets
        self.roots: dict[Path, Node | None] = {}

    def locate(self, file: Path, path: tuple, at_key: bool = False) -> tuple[int, int]:
        """1-based line and column of the value (or key) at ``path``."""
        root = self._root(file)
        offset = self.line_offsets.get(file, 0)
        if root is None:
            return 1 + offset, 1
        node, key_node = root, None
        for part in path:
            child = _child(node, part)
            if child is None:
                break
            key_node, node = child
        target = key_node if at_key and key_node is not None else node
        return target.start_mark.line + 1 + offset, target.start_mark.column + 1

    def _root(self, file: Path) -> Node | None:
        if file not in self.roots:
            self.roots[file] = compose(file, bool(self.line_offsets.get(file)))
        return self.roots[file]


def compose(file: Path, front_matter: bool) -> Node | None:
    """The node tree of a file (its front matter for Markdown), or None."""
    try:
        text = decode_text(file.read_bytes())
    except (OSError, UnicodeDecodeError):
        return None
    if front_matter:
        text = split_front_matter(text)[0] or ""
    loader = cyaml.CSafeLoader(text)
    try:
        return loader.get_single_node()
    except YAMLError:
        return None
    finally:
        loader.dispose()


def _child(node: Node, part: Any) -> tuple[Node | None, Node] | None:
    if isinstance(node, MappingNode):
        for key, value in node.value:
            if key.value == part:
                return key, value
    elif isinstance(node, SequenceNode) and isinstance(part, int) and part < len(node.value):
        return None, node.value[part]
    return None


# --- Markdown with front matter -------------------------------------------


def split_front_matter(text: str) -> tuple[str | None, str]:
    """(front matter YAML or None, Markdown body) of a Markdown file.

    The front matter sits between two lines holding ``---`` (trailing spaces
    allowed) at the top of the file.
    """
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None, text
    for index in range(1, len(lines)):
        if lines[index].rstrip() == "---":
            return "\n".join(lines[1:index]) + "\n", "\n".join(lines[index + 1:])
    return None, text


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
    """Read, parse, scan and validate one content file into ``loaded``."""
    refusal = file_refusal(path, loaded.content_dir)
    if refusal:
        loaded.add_at(path, 0, 0, *refusal)
        return
    sheet_file = path.suffix.lower() in sheet.SHEET_SUFFIXES + sheet.OTHER_SHEET_SUFFIXES
    text = "" if sheet_file else read_text(path, loaded)
    if text is None:
        return
    if sheet_file:
        data = read_unit_sheet(path, loaded)
    elif kind == "guidance":
        front, body = split_front_matter(text)
        if front is None:
            loaded.add_at(path, 1, 1, "thiếu phần đầu (front matter) giữa hai dòng ---",
                          "thêm tiêu đề và ngày ban hành: ---, title: ..., issued: ..., ---")
            return
        loaded.line_offsets[path] = 1
        data = parse_yaml(path, front, loaded, line_offset=1)
    else:
        data = parse_yaml(path, text, loaded)
    if data is None:
        loaded.failed_ids.update(declared_ids(data, path))
        return
    scan_values(data, path, loaded)
    loaded.documents[path] = body if kind == "guidance" else data
    parsed = validate(data, model.FILE_KINDS[kind], path, loaded)
    if parsed is not None:
        loaded.models[path] = parsed
    else:
        loaded.failed_ids.update(declared_ids(data, path))


def read_unit_sheet(path: Path, loaded: Loaded) -> dict | None:
    """A unit spreadsheet (XLSX/CSV) as ``units/*.yaml`` data; its cells are noted for locating.

    An Excel lock file (``~$name.xlsx``) is never listed; a file that is no
    spreadsheet at all is one error at its start.
    """
    try:
        table = sheet.read_table(path)
    except sheet.SheetError as error:
        loaded.add_at(path, error.row or 1, error.column or 1, error.message, error.hint)
        return None

    def report(row: int, column: int, message: str, hint: str) -> None:
        loaded.add_cell(path, table.sheet, row, column, message, hint)

    result = units_sheet.read_units(table, report)
    loaded.cell_maps[path] = result.cells
    loaded.failed_ids.update(result.declared)
    if result.data is None and not any(p.file == display_path(path) for p in loaded.problems):
        report(1, 1, "bảng không có đơn vị nào", "mỗi dòng dưới dòng tiêu đề là một đơn vị")
    return result.data


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
