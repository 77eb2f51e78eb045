"""Readers of returned results, one per input kind; every value keeps its location.

:func:`read_xlsx` reads a returned results sheet (openpyxl, read-only, values
only: the same cost as reading the sheet at all); :func:`read_yaml` reads the
same data written as YAML. Both give a :class:`~.values.Report` and the
problems of reading (a value that is not a number, a missing id sheet …);
rules over the values are :mod:`.checks`' business.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from pathlib import Path

from generator.errors import Problem
from generator.model import parse_vn_date
from generator.results import sheet as layout
from generator.results.report_file import ReportFile
from generator.results.settings import RuleView
from generator.results.values import Loc, Report, Row
from generator.site.search_index import fold

#: Keys of a row that hold text, not counts.
TEXT_KEYS = ("unit", "name", "level", "points")


def level_id(rules: RuleView, raw) -> str | None:
    """The level id a publisher's text names (id, short or full name, accents optional)."""
    if raw in (None, ""):
        return None
    wanted = fold(str(raw)).strip()
    for level in rules.levels:
        if wanted in (level.id, fold(level.short), fold(level.name)):
            return level.id
    return unicodedata.normalize("NFC", str(raw).strip())


def read_report(path: Path, shown: str, rules: RuleView) -> tuple[Report | None, list[Problem]]:
    """The report in ``path`` (``.xlsx`` or ``.yaml``), ``shown`` naming it in messages."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return read_xlsx(path, shown, rules)
    return read_yaml(path, shown, rules)


# --- XLSX ----------------------------------------------------------------------


def read_xlsx(path: Path, shown: str, rules: RuleView) -> tuple[Report | None, list[Problem]]:
    """A returned results sheet."""
    import openpyxl

    whole = Loc(shown, 1, 1)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a broken file
        return None, [whole.problem(f"không đọc được tệp Excel: {error}", "mở lại tệp bằng Excel và lưu dạng .xlsx")]
    try:
        return _read_book(book, shown, rules)
    finally:
        book.close()


def _read_book(book, shown: str, rules: RuleView) -> tuple[Report | None, list[Problem]]:
    if layout.META_SHEET not in book.sheetnames:
        return None, [Loc(shown, 1, 1).problem(
            "tệp không phải bảng kết quả do sotay phát (thiếu trang tính ẩn «sotay»)",
            "tải bảng kết quả của đơn vị trên trang web, điền vào đó rồi gửi lại")]
    meta = {row[0]: row[1:] for row in book[layout.META_SHEET].iter_rows(values_only=True) if row and row[0]}
    name = layout.DATA_SHEET if layout.DATA_SHEET in book.sheetnames else book.sheetnames[0]
    rows = list(book[name].iter_rows(values_only=True))
    problems: list[Problem] = []
    at = lambda cell: Loc(shown, sheet=name, cell=cell)  # noqa: E731 - tiny local factory
    keys = [str(k) for k in meta.get("columns", ()) if k]
    data = [_xlsx_row(rules, keys, number, values, at, problems)
            for number, values in enumerate(rows[layout.FIRST_ROW - 1:], layout.FIRST_ROW)
            if any(v not in (None, "") for v in values)]
    top = rows[2] if len(rows) > 2 else ()
    received = _date(_cell(top, 5), at(layout.RECEIVED_CELL), problems)
    locs = {"file": Loc(shown, 1, 1), "unit": Loc(shown, sheet=layout.META_SHEET, cell="B1"),
            "plan": Loc(shown, sheet=layout.META_SHEET, cell="B2"),
            "proposed": at(layout.PROPOSED_CELL), "received": at(layout.RECEIVED_CELL),
            "cells": at(f"A{layout.FIRST_ROW}")}
    report = Report(shown, _text(_first(meta.get("unit"))), _text(_first(meta.get("plan"))), received,
                    level_id(rules, _cell(top, 2)), tuple(data), locs)
    return report, problems


def _first(values):
    return values[0] if values else None


def _cell(values, index: int):
    return values[index] if index < len(values) else None


def _xlsx_row(rules, keys, number, values, at, problems) -> Row:
    from openpyxl.utils import get_column_letter

    raw, locs = {}, {}
    for index, key in enumerate(keys):
        raw[key] = _cell(values, index)
        locs[key] = at(f"{get_column_letter(index + 1)}{number}")
    return _row(rules, raw, locs, problems)


# --- YAML ----------------------------------------------------------------------


def read_yaml(path: Path, shown: str, rules: RuleView) -> tuple[Report | None, list[Problem]]:
    """The same data as a results sheet, written as YAML (``cells:`` a list of rows)."""
    from generator.load.readers import Locator
    from generator.load.yaml_reader import load_data

    try:
        data = load_data(path.read_text(encoding="utf-8"))
    except Exception as error:  # ruamel's YAMLError family, or a decoding error
        return None, [Loc(shown, 1, 1).problem(f"không đọc được YAML: {error}", "sửa cú pháp YAML")]
    if not isinstance(data, dict):
        return None, [Loc(shown, 1, 1).problem("tệp kết quả phải là một bảng khóa: giá trị",
                                                "ghi các khóa unit, plan, received, proposed, cells")]
    locator = Locator({})

    def at(*keys) -> Loc:
        line, column = locator.locate(path, keys)
        return Loc(shown, line, column)

    return _yaml_report(rules, data, shown, at)


def _yaml_report(rules, data, shown, at) -> tuple[Report, list[Problem]]:
    problems: list[Problem] = []
    allowed = set(ReportFile.model_fields)  # the keys the editors' schema shows
    for key in data:
        if key not in allowed:
            problems.append(at(key).problem(f"khóa «{key}» không dùng trong tệp kết quả",
                                            "các khóa: unit, plan, received, proposed, cells"))
    rows = []
    for index, item in enumerate(data.get("cells") or []):
        if not isinstance(item, dict):
            problems.append(at("cells", index).problem("mỗi chi bộ là một bảng khóa: giá trị", "xem mẫu tệp kết quả"))
            continue
        rows.append(_row(rules, item, {key: at("cells", index, key) for key in item} | {"_": at("cells", index)},
                         problems, strict=True))
    locs = {"file": Loc(shown, 1, 1)} | {key: at(key) for key in ("unit", "plan", "proposed", "received", "cells")}
    received = _date(data.get("received"), locs["received"], problems)
    report = Report(shown, _text(data.get("unit")), _text(data.get("plan")), received,
                    level_id(rules, data.get("proposed")), tuple(rows), locs)
    return report, problems


# --- values --------------------------------------------------------------------


def _row(rules: RuleView, raw: dict, locs: dict, problems: list[Problem], strict: bool = False) -> Row:
    known = set(layout.column_keys(rules)) | {"points"}
    counts: dict[str, int] = {}
    before = len(problems)
    for key, value in raw.items():
        if key in TEXT_KEYS:
            continue
        if key not in known:
            if strict:
                problems.append(_unknown_key(rules, key, locs[key]))
            continue
        counts[key] = _count(value, locs[key], problems)
    locs.setdefault("unit", locs.get("_") or next(iter(locs.values())))
    points = _points(raw.get("points"), locs.get("points"), problems)
    return Row(_text(raw.get("unit")), counts, level_id(rules, raw.get("level")), points, locs,
               broken=len(problems) > before)


def _unknown_key(rules: RuleView, key: str, loc: Loc) -> Problem:
    known = ", ".join(rules.level_ids)
    return loc.problem(f"«{key}» không phải mức xếp loại của bộ quy định hay cột của bảng kết quả",
                       f"các mức: {known}; các cột khác: members, {', '.join(rules.not_rated)}, level, points")


def _count(value, loc: Loc, problems: list[Problem]) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        problems.append(loc.problem(f"«{value}» không phải số đảng viên", "ghi một số nguyên không âm"))
        return 0
    return value


def _points(value, loc: Loc | None, problems: list[Problem]) -> float | None:
    if value in (None, ""):
        return None
    try:
        return float(str(value).replace(",", "."))
    except ValueError:
        problems.append(loc.problem(f"«{value}» không phải số điểm", "ghi điểm từ 0 đến 100, vd. 86,5"))
        return None


def _date(value, loc: Loc, problems: list[Problem]) -> date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        parsed = parse_vn_date(str(value)) if isinstance(value, str) else None
    except ValueError:
        parsed = None
    if isinstance(parsed, date):
        return parsed
    problems.append(loc.problem(f"ngày «{value}» sai dạng", "viết ngày/tháng/năm, vd. 19/12/2022"))
    return None


def _text(value) -> str:
    return "" if value is None else unicodedata.normalize("NFC", str(value).strip())
