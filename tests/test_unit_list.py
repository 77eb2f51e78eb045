"""The unit list with deadlines, as XLSX and CSV: content, reproducible bytes, safe cells."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest

from generator.campaign import derive_campaign
from generator.check.rules import check
from generator.outputs import paths, registry, unit_list

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def campaign():
    project, _ = check(ROOT / "content")
    return derive_campaign(project)


@pytest.fixture(scope="module")
def table(campaign):
    return unit_list.gather_list(campaign.project, campaign.schedules)


def test_every_unit_has_a_row_with_its_own_deadlines(campaign, table):
    assert len(table.rows) == len(campaign.units)
    row = next(r for r in table.rows if r[0] == "xa-chau-hung-a-ap-chat-dot")
    assert row[1:5] == ("Chi bộ ấp Chắt Đốt", "Chi bộ trực thuộc", "Đảng bộ xã Châu Hưng A", 30)
    deadlines = dict(zip(table.columns[5:], row[5:]))
    for step in campaign.schedules["xa-chau-hung-a-ap-chat-dot"].steps:
        assert deadlines[f"Hạn: {step.title}"] == step.end
    assert table.rows[0][0] == campaign.project.organisation.publisher  # tree order, top first


def test_xlsx_reads_back_with_real_dates_and_the_same_bytes_each_time(table):
    data = unit_list.render(table)
    assert data == unit_list.render(table)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == table.columns
    first_deadline = next(v for v in table.rows[0][5:] if v)
    assert datetime.combine(first_deadline, datetime.min.time()) in rows[1]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert "2000-01-01T00:00:00Z" in core and core.count("2000-01-01") == 2


def test_csv_is_utf8_with_bom_and_dd_mm_yyyy(table):
    data = unit_list.render_csv(table)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(rows[0]) == table.columns and len(rows) == len(table.rows) + 1
    first_deadline = next(v for v in table.rows[0][5:] if v)
    assert f"{first_deadline:%d/%m/%Y}" in rows[1]


def test_formula_like_content_stays_text():
    hostile = unit_list.UnitList(("Mã", "Tên"), (("a", '=HYPERLINK("http://x","y")'), ("b", "@SUM(1)")))
    sheet = openpyxl.load_workbook(io.BytesIO(unit_list.render(hostile))).active
    assert sheet["B2"].data_type == "s" and sheet["B2"].value == '=HYPERLINK("http://x","y")'
    rows = list(csv.reader(io.StringIO(unit_list.render_csv(hostile).decode("utf-8-sig"))))
    assert rows[1][1] == "'=HYPERLINK(\"http://x\",\"y\")" and rows[2][1] == "'@SUM(1)"


def test_control_characters_are_dropped_not_refused():
    value = unit_list.UnitList(("Mã", "Hạn: Bước\x07 một"), (("a", "Chi bộ\x00 ấp\x0b Một"),))
    sheet = openpyxl.load_workbook(io.BytesIO(unit_list.render(value))).active
    assert [c.value for c in sheet[2]] == ["a", "Chi bộ ấp Một"] and sheet["B1"].value == "Hạn: Bước một"
    assert "Chi bộ ấp Một" in unit_list.render_csv(value).decode("utf-8-sig")


def test_the_site_offers_both_lists_from_the_units_index(campaign):
    files = registry.render_all(campaign)
    assert files[paths.UNIT_LIST_XLSX] == unit_list.render(
        unit_list.gather_list(campaign.project, campaign.schedules))
    index = files[paths.section_index(paths.UNITS)].decode()
    assert "[Tải về (XLSX · " in index and "](../tai-ve/danh-sach-don-vi.xlsx)" in index
    assert "](../tai-ve/danh-sach-don-vi.csv)" in index


def test_cells_drop_what_openpyxl_refuses():
    """The control characters xlsx drops are exactly those openpyxl refuses to write."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    from generator.outputs import xlsx

    every = "".join(map(chr, range(0x80)))
    assert xlsx.without_controls(every) == ILLEGAL_CHARACTERS_RE.sub("", every)


def test_a_build_loads_openpyxl_only_to_write_a_workbook():
    """Importing the build (and its output kinds) leaves openpyxl unloaded: it costs every build."""
    import subprocess
    import sys

    code = ("import sys, generator.build, generator.cli, generator.outputs.registry, generator.build_inputs; "
            "print('openpyxl' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert out.stdout.strip() == "False"
