"""Tables from spreadsheets: the first sheet of an XLSX file, or a CSV file.

Both the unit-tree reader and the roster filler read through here, so both
get the same encoding detection, the same cell references and the same
notice of merged cells and formulas.

XLSX is read with openpyxl's streaming worksheet parser, driven directly (see
:func:`_parse_sheet`): it yields each cell's type (so a formula is known as a
formula, not guessed from a leading ``=``) and, once the rows are read, the
sheet's merged ranges, which openpyxl's read-only worksheet does not expose.
That reaches into openpyxl internals; the version is pinned (``<3.2``) and
``tests/test_sheet.py`` fails loudly if the internals move.

CSV encodings, in the order they are tried: a UTF-8 byte order mark; a UTF-16
byte order mark (Excel's "Unicode text"); plain UTF-8 (strict: any invalid
sequence fails it); else Windows-1258, the Vietnamese ANSI code page that
Excel on a Vietnamese Windows uses for "CSV". Windows-1258 writes tone marks
as combining characters, so every text is NFC-normalised afterwards.
"""

from __future__ import annotations

import codecs
import csv
import unicodedata
import warnings
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, Iterable

from generator.errors import SotayError

SHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv")
#: Spreadsheet formats refused with a message (rather than silently skipped).
OTHER_SHEET_SUFFIXES = (".xls", ".ods")


class Formula(str):
    """The text of a formula cell (``=SUM(C2:C9)``): a value the unit reader refuses."""


class CellError(str):
    """An error value Excel shows in a cell (``#N/A``, ``#VALUE!``)."""


class SheetError(SotayError):
    """The file cannot be read as a table at all (not a spreadsheet, bad bytes)."""

    def __init__(self, message: str, hint: str, row: int = 0, column: int = 0):
        super().__init__(message)
        self.message, self.hint, self.row, self.column = message, hint, row, column


@dataclass
class Table:
    """The cells of one sheet: ``rows`` holds (1-based row number, values), blank rows included."""

    file: Path
    sheet: str | None  # None for CSV
    rows: list[tuple[int, list[Any]]]
    merged: list[str] = field(default_factory=list)
    encoding: str = ""

    def ref(self, row: int, column: int) -> str:
        """A cell's place in messages: ``Sheet!B12`` (XLSX) or ``12:2`` (CSV line:column)."""
        if self.sheet is None:
            return f"{row}:{column}"
        return f"{self.sheet}!{column_letter(column)}{row}"


def column_letter(column: int) -> str:
    """A 1-based column number as Excel letters: 1 -> A, 28 -> AB (openpyxl's rule, without importing it)."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def read_table(path: Path, formulas: bool = True) -> Table:
    """The first sheet of ``path`` (.xlsx/.xlsm/.csv) as a :class:`Table`; :class:`SheetError` if unreadable.

    ``formulas``: formula cells come as :class:`Formula` (their text); otherwise as
    the value Excel last computed and saved (None if the file holds none).
    """
    if path.suffix.lower() == ".csv":
        return read_csv(path)
    if path.suffix.lower() in OTHER_SHEET_SUFFIXES:
        raise SheetError(f"định dạng {path.suffix.lower()} không đọc được",
                         "mở tệp bằng Excel/LibreOffice và lưu lại dạng «Excel Workbook (.xlsx)»")
    return read_xlsx(path, formulas)


# --- XLSX -----------------------------------------------------------------------


def read_xlsx(path: Path, formulas: bool = True) -> Table:
    """The first worksheet of an XLSX workbook, with cell types and merged ranges."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=not formulas)
    except Exception as error:  # openpyxl raises zip, XML and key errors for a broken file
        raise SheetError("tệp không đọc được như bảng tính Excel (.xlsx)",
                         "mở tệp bằng Excel/LibreOffice và lưu lại dạng «Excel Workbook (.xlsx)»") from error
    try:
        sheet = book.worksheets[0]
        rows, merged = _parse_sheet(book, sheet)
        return Table(path, sheet.title, rows, merged)
    finally:
        book.close()


def _parse_sheet(book, sheet) -> tuple[list[tuple[int, list[Any]]], list[str]]:
    """(rows, merged ranges) by driving openpyxl's streaming parser (see the module doc)."""
    from openpyxl.worksheet._reader import WorkSheetParser

    rows: list[tuple[int, list[Any]]] = []
    with sheet._get_source() as source, warnings.catch_warnings():
        # openpyxl warns (rather than fails) on a date serial out of range; the cell reads "#VALUE!".
        warnings.simplefilter("ignore")
        parser = WorkSheetParser(source, sheet._shared_strings, data_only=book.data_only, epoch=book.epoch,
                                 date_formats=book._date_formats,
                                 timedelta_formats=book._timedelta_formats)
        for number, cells in parser.parse():
            rows.append((number, _row_values(cells)))
        merged = [str(item.ref) for item in (parser.merged_cells.mergeCell if parser.merged_cells else ())]
    return _with_blank_rows(rows), merged


def _row_values(cells: list[dict]) -> list[Any]:
    """Values of one parsed row, placed by column; formulas wrapped as :class:`Formula`."""
    values: list[Any] = [None] * max((cell["column"] for cell in cells), default=0)
    for cell in cells:
        value = cell["value"]
        if cell["data_type"] == "f":  # array and data-table formulas are objects with a text
            value = Formula(value if isinstance(value, str) else getattr(value, "text", "="))
        elif cell["data_type"] == "e":
            value = CellError(value)
        values[cell["column"] - 1] = value
    return values


def _with_blank_rows(rows: list[tuple[int, list[Any]]]) -> list[tuple[int, list[Any]]]:
    """Rows absent from the file (never typed in) put back as empty rows, so gaps show."""
    filled: list[tuple[int, list[Any]]] = []
    expected = 1
    for number, values in rows:
        filled.extend((missing, []) for missing in range(expected, number))
        filled.append((number, values))
        expected = number + 1
    return filled


def merged_in(table: Table, first_row: int) -> list[tuple[int, int, int, str]]:
    """Merged ranges reaching row ``first_row`` or below, as (row, column, last row, "A5:B5")."""
    from openpyxl.utils.cell import range_boundaries  # only spreadsheets with merged cells pay for openpyxl

    found = []
    for ref in table.merged:
        min_col, min_row, _max_col, max_row = range_boundaries(ref)
        if max_row >= first_row:
            found.append((min_row, min_col, max_row, ref))
    return sorted(found)


# --- CSV ------------------------------------------------------------------------


def decode_csv(raw: bytes) -> tuple[str, str]:
    """(NFC text, encoding name) of CSV bytes; the order of guesses is in the module doc."""
    if raw.startswith(codecs.BOM_UTF8):
        return _nfc(raw[len(codecs.BOM_UTF8):].decode("utf-8", "strict")), "UTF-8 (BOM)"
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return _nfc(raw.decode("utf-16")), "UTF-16"
        except UnicodeDecodeError as error:
            raise SheetError("tệp UTF-16 bị hỏng (số byte lẻ)", "lưu lại tệp dạng «CSV UTF-8»") from error
    try:
        return _nfc(raw.decode("utf-8")), "UTF-8"
    except UnicodeDecodeError as error:
        utf8_error = error
    try:
        return _nfc(raw.decode("cp1258")), "Windows-1258"
    except UnicodeDecodeError:
        # Neither: most such files are UTF-8 with a stray byte, so point at that byte.
        start = utf8_error.start
        line = raw[:start].count(b"\n") + 1
        column = len(raw[raw.rfind(b"\n", 0, start) + 1: start].decode("utf-8", "replace")) + 1
        raise SheetError("tệp không ở mã hóa nào đọc được (UTF-8, UTF-16, Windows-1258)",
                         "lưu lại tệp dạng «CSV UTF-8 (Comma delimited)»", line, column) from None


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def read_csv(path: Path) -> Table:
    """A CSV file as a table; rows are numbered by the line where each record starts."""
    text, encoding = decode_csv(path.read_bytes())
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    rows: list[tuple[int, list[Any]]] = []
    reader = csv.reader(text.splitlines(keepends=True), dialect)
    line = 1
    try:
        for values in reader:
            rows.append((line, list(values)))
            line = reader.line_num + 1
    except csv.Error as error:  # an over-long field or a stray NUL byte
        raise SheetError("dòng này không đọc được (ô quá dài hoặc có ký tự lạ)",
                         "kiểm tra ô trên dòng này: mỗi ô chỉ ghi một giá trị ngắn", line, 1) from error
    return Table(path, None, rows, encoding=encoding)


# --- values and headers -------------------------------------------------------------


def text_of(value: Any) -> str:
    """A cell as trimmed NFC text ("" when empty); whole floats lose their ``.0``."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def is_date(value: Any) -> bool:
    """True for a date/time cell (Excel turns "3/4" or "1-5" into dates on its own)."""
    return isinstance(value, (date, datetime, time))


def is_blank(values: Iterable[Any]) -> bool:
    """True when every cell of a row is empty or blank text."""
    return all(value is None or (isinstance(value, str) and not value.strip()) for value in values)


def header_key(title: Any) -> str:
    """A column title folded for matching: accent-free, lower case, no ``*`` or ``:``."""
    from generator.site.search_index import fold  # only for spreadsheets: not on check's start-up path

    return " ".join(fold(text_of(title)).replace("*", " ").replace(":", " ").split())


def match_columns(values: list[Any], titles: dict[Any, tuple[str, ...]]) -> dict[Any, int]:
    """Field -> 0-based column for each known title in a header row (first match wins)."""
    found: dict[str, int] = {}
    lookup = {title: name for name, options in titles.items() for title in options}
    for index, value in enumerate(values):
        name = lookup.get(header_key(value))
        if name is not None and name not in found:
            found[name] = index
    return found


def find_header(table: Table, titles: dict[Any, tuple[str, ...]], required: Any,
                search_rows: int = 30) -> tuple[int, dict[Any, int]] | None:
    """(index in ``table.rows``, columns) of the header row: the first row (of the first
    ``search_rows``) naming the ``required`` column and at least one other known column.

    Title rows, merged title cells and notes above the header are skipped this way.
    """
    for index, (_number, values) in enumerate(table.rows[:search_rows]):
        columns = match_columns(values, titles)
        if required in columns and len(columns) >= 2:
            return index, columns
    return None
