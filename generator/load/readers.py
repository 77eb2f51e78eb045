"""Readers: one per kind of input file, each turning a file into data and places.

* YAML (``.yaml``, ``.yml``): :func:`read_yaml`, places as ``file:line:column``;
* Markdown with front matter (guidance, ``.md``): :func:`read_markdown`, the
  front matter's places shifted by its opening ``---`` line;
* spreadsheets (``.xlsx``, ``.csv`` … in ``units/``): :func:`read_sheet`,
  places as ``file!sheet!cell`` (see :mod:`generator.load.units_sheet`).

:func:`reader_for` maps a file's suffix to its reader; a new kind of input is
one function and one line in :data:`READERS`. Every reader records its
problems on the loaded result and returns a :class:`Document` or None.

The happy path parses YAML with ruamel's C parser into plain data (see
:mod:`generator.load.yaml_reader`); no position bookkeeping is paid for. Only
when a problem is found is its file parsed again into nodes (:class:`Locator`)
to turn the problem's key path into a line and column.
"""

from __future__ import annotations

import os
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ruamel.yaml import cyaml
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode
from ruamel.yaml.reader import ReaderError

from generator.errors import display_path
from generator.load import sheet
from generator.load.legacy_text import may_hold_legacy_text
from generator.load.messages import yaml_syntax_message
from generator.load.yaml_reader import YamlRefusal, load_data

if TYPE_CHECKING:
    from generator.load.content import Loaded


@dataclass(frozen=True)
class Document:
    """What a reader found in a file: the data to validate and, for Markdown, the body.

    ``maybe_legacy`` is False when the file's text rules out legacy-encoded
    values (:func:`~generator.load.legacy_text.may_hold_legacy_text`), so its
    values need no scan.
    """

    data: Any
    body: str | None = None
    maybe_legacy: bool = True


def read_yaml(path: Path, loaded: "Loaded") -> Document | None:
    """A YAML content file."""
    text = read_text(path, loaded)
    if text is None:
        return None
    return Document(parse_yaml(path, text, loaded), maybe_legacy=may_hold_legacy_text(text))


def read_markdown(path: Path, loaded: "Loaded") -> Document | None:
    """A guidance page: its front matter as data, its Markdown body kept aside."""
    text = read_text(path, loaded)
    if text is None:
        return None
    front, body = split_front_matter(text)
    if front is None:
        loaded.add_at(path, 1, 1, "thiếu phần đầu (front matter) giữa hai dòng ---",
                      "thêm tiêu đề và ngày ban hành: ---, title: ..., issued: ..., ---")
        return None
    loaded.line_offsets[path] = 1
    return Document(parse_yaml(path, front, loaded, line_offset=1), body, may_hold_legacy_text(front))


def read_sheet(path: Path, loaded: "Loaded") -> Document | None:
    """A unit spreadsheet (XLSX/CSV) as ``units/*.yaml`` data."""
    try:
        return Document(read_unit_sheet(path, loaded))
    except OSError as exc:
        unreadable(path, exc, loaded)
        return None


def unreadable(path: Path, exc: OSError, loaded: "Loaded") -> None:
    """Record a file the system would not let us read (permissions, I/O error)."""
    loaded.add_at(path, 0, 0, f"không đọc được tệp ({exc.strerror or exc})",
                  "kiểm tra quyền đọc của tệp (chmod a+r) rồi chạy lại")


Reader = Callable[[Path, "Loaded"], "Document | None"]

#: The reader of each kind of file, by suffix (lower case).
READERS: dict[str, Reader] = {
    ".yaml": read_yaml,
    ".yml": read_yaml,
    ".md": read_markdown,
    **{suffix: read_sheet for suffix in sheet.SHEET_SUFFIXES + sheet.OTHER_SHEET_SUFFIXES},
}


def reader_for(path: Path) -> Reader:
    """The reader for a file, chosen by its suffix."""
    return READERS[path.suffix.lower()]


# --- reading and parsing ----------------------------------------------------


def read_text(path: Path, loaded: "Loaded") -> str | None:
    """The file as NFC text with ``\n`` line ends, or None (with a problem recorded).

    A file that cannot be read or is not UTF-8 is refused at its path.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        unreadable(path, exc, loaded)
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


def file_refusal(path: Path, content_dir: Path, content_root: Path) -> tuple[str, str] | None:
    """(message, hint) when ``path`` (below ``content_dir``) may not be read as content, else None.

    ``content_root`` is ``content_dir`` already resolved (once per load).

    Refused: a link to outside the content folder (its target would be
    published), a dangling link, and anything but a regular file (a pipe would
    block the build, a device would be read forever).
    """
    try:
        mode = _mode_without_links(path, content_dir)
        inside = True
        if mode is None:  # a link on the way: follow it to see where it leads
            inside = path.resolve().is_relative_to(content_root)
            mode = path.stat().st_mode
    except (OSError, RuntimeError):  # a dangling or looping link
        return ("tệp là liên kết (symlink) hỏng", "xóa liên kết hoặc trỏ nó tới một tệp có thật trong content/")
    if not inside:
        return ("tệp là liên kết (symlink) tới ngoài thư mục content/",
                "chép tệp vào content/ thay cho liên kết: chỉ nội dung trong content/ được xuất bản")
    if not stat.S_ISREG(mode):
        return ("không phải tệp thường (ống dẫn, thiết bị hay thư mục)", "xóa mục này khỏi content/")
    return None


def _mode_without_links(path: Path, content_dir: Path) -> int | None:
    """The mode of ``path`` when neither it nor a folder between it and ``content_dir`` is a link.

    None when one is. Two or three ``lstat`` calls instead of resolving the
    whole path from ``/`` for every content file.
    """
    current, mode = str(content_dir), None
    for part in path.relative_to(content_dir).parts:
        current = os.path.join(current, part)
        mode = os.lstat(current).st_mode
        if stat.S_ISLNK(mode):
            return None
    return mode


def parse_yaml(path: Path, text: str, loaded: "Loaded", line_offset: int = 0) -> Any:
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



def read_unit_sheet(path: Path, loaded: "Loaded") -> dict | None:
    """A unit spreadsheet (XLSX/CSV) as ``units/*.yaml`` data; its cells are noted for locating.

    An Excel lock file (``~$name.xlsx``) is never listed; a file that is no
    spreadsheet at all is one error at its start.
    """
    from generator.load import units_sheet  # spreadsheets only: its column tables stay off check's start-up

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
