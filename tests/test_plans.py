"""Per-unit plans: one model, a web page and a Party-format DOCX that say the same thing.

Golden pages live in ``tests/golden/plans/``; after an intended change refresh
them with ``make golden`` (``SOTAY_REFRESH_GOLDEN=1 pytest -k golden``) and
read the diff before committing.
"""

from __future__ import annotations

import html
import io
import os
import re
import shutil
import subprocess
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pytest

from generator.outputs import paths

from generator.campaign import derive_campaign
from generator.outputs import plan_document, plans_index
from generator.outputs.registry import render_all
from generator.render_docx import shelf

from generator.campaign import schedule

from generator.campaign import unit_plan
from generator.check.rules import check
from generator.outputs.markdown_text import md_escape
from generator.outputs.templating import vn_date
from tests.docx_helpers import NS, open_docx, part_xml, to_pdf_text

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = Path(__file__).parent / "golden" / "plans"
GOLDEN_UNITS = ("huyen-vinh-loi", "xa-chau-hung-a")
W = f"{{{NS['w']}}}"


@pytest.fixture(scope="module")
def built():
    project, _ = check(ROOT / "content")
    campaign = derive_campaign(project)
    files = render_all(campaign)
    return project, campaign.schedules, files, dict(campaign.unit_plans)


def docx_of(built, unit_id: str) -> bytes:
    project, _, files, plans = built
    return files[paths.plan_docx(project.units[unit_id], plans[unit_id].year)]


def size(run, default: float = 14.0) -> float:
    return run.font.size.pt if run.font.size is not None else default


# -- which units get a plan ----------------------------------------------------------

def test_every_plan_issuing_unit_gets_a_page_and_a_docx_and_cells_do_not(built):
    project, _, files, _ = built
    for unit in project.units.values():
        issues = project.kinds[unit.kind].issues_plan
        assert (paths.plan_page(unit) in files) == issues, unit.id
        assert (paths.plan_docx(unit, 2022) in files) == issues, unit.id
    assert sum(path.startswith(paths.DOWNLOADS) and "/ke-hoach-2022-" in path for path in files) == 18


def test_plans_index_links_every_plan(built):
    project, _, files, plans = built
    index = files["ke-hoach/index.md"].decode()
    for unit_id in plans:
        assert f"]({unit_id}.md)" in index
        assert f"](../tai-ve/{unit_id}/ke-hoach-2022-{unit_id}.docx)" in index


# -- the DOCX in Party format -----------------------------------------------------------

def test_grassroots_header_texts_sizes_and_emphasis(built):
    header = open_docx(docx_of(built, "xa-chau-hung-a")).tables[0]
    left = header.cell(0, 0).paragraphs
    assert [p.text for p in left] == ["ĐẢNG BỘ HUYỆN VĨNH LỢI", "ĐẢNG ỦY XÃ CHÂU HƯNG A", "*"]
    assert [(r.bold, size(r)) for r in (left[0].runs[0], left[1].runs[0])] == [(None, 14), (True, 14)]
    # Each name fits its column whole: the column is as wide as the longest name needs.
    assert "\n" not in left[0].text + left[1].text
    party = header.cell(0, 1).paragraphs[0].runs[0]
    assert (party.text, party.bold, size(party)) == ("ĐẢNG CỘNG SẢN VIỆT NAM", True, 15)
    number = header.cell(1, 0).paragraphs[0]
    assert number.text == "Số      -KH/ĐU" and size(number.runs[0]) == 14
    place = header.cell(1, 1).paragraphs[0].runs[0]
    assert place.text == "Châu Hưng A, ngày     tháng 11 năm 2022"
    assert place.italic is True and size(place) == 14


def test_publisher_header_uses_the_organisations_superior_and_the_plan_date(built):
    header = open_docx(docx_of(built, "huyen-vinh-loi")).tables[0]
    # HD 36: the superior line names the party organisation, not its committee.
    assert [p.text for p in header.cell(0, 0).paragraphs] == ["ĐẢNG BỘ TỈNH BẠC LIÊU", "HUYỆN ỦY VĨNH LỢI", "*"]
    assert header.cell(1, 0).paragraphs[0].text == "Số      -KH/HU"
    assert header.cell(1, 1).paragraphs[0].text == "Vĩnh Lợi, ngày 15 tháng 11 năm 2022"


def test_title_summary_and_body_paragraphs(built):
    document = open_docx(docx_of(built, "xa-chau-hung-a"))
    texts = [p for p in document.paragraphs if p.text]
    title, summary = texts[0], texts[1]
    assert (title.text, title.runs[0].bold, size(title.runs[0])) == ("KẾ HOẠCH", True, 16)
    assert summary.text.startswith("thực hiện Công văn số 559-CV/TU") and summary.runs[0].bold
    basis = next(p for p in texts if p.text.startswith("Căn cứ Kế hoạch số"))
    assert basis.alignment == 3 and basis.paragraph_format.first_line_indent is not None  # justified
    headings = [p.text for p in texts if p.runs and p.runs[0].bold and p.text[:3] in ("I. ", "II.", "III", "IV.", "V. ")]
    assert headings == ["I. MỤC ĐÍCH, YÊU CẦU", "II. ĐỐI TƯỢNG", "III. NỘI DUNG",
                        "IV. THỜI GIAN THỰC HIỆN", "V. TỔ CHỨC THỰC HIỆN"]


def test_page_margins_fonts_language_and_page_number(built):
    data = docx_of(built, "xa-chau-hung-a")
    section = open_docx(data).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [20, 20, 30, 15]
    rpr = part_xml(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = rpr.find("w:rFonts", NS)
    assert [fonts.get(W + slot) for slot in ("ascii", "hAnsi", "eastAsia", "cs")] == ["Times New Roman"] * 4
    assert rpr.find("w:lang", NS).get(W + "val") == "vi-VN"
    assert section.different_first_page_header_footer is True
    assert [t.text for t in section.header._element.iter(W + "instrText")] == [" PAGE "]


@pytest.mark.parametrize("unit_id", ["huyen-vinh-loi", "xa-chau-hung-a", "truong-thpt-vinh-hung"])
def test_timeline_table_rows_are_the_derived_schedule(built, unit_id):
    _, schedules, _, _ = built
    table = open_docx(docx_of(built, unit_id)).tables[1]
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["TT", "Nội dung công việc", "Thực hiện", "Từ ngày", "Hoàn thành trước"]
    expected = [[str(n), s.title, s.who, vn_date(s.start), vn_date(s.end)]
                for n, s in enumerate(schedules[unit_id].rows, start=1)]
    assert rows[1:] == expected


def test_grassroots_timeline_holds_its_own_and_its_cells_deadlines(built):
    table = open_docx(docx_of(built, "xa-chau-hung-a")).tables[1]
    rows = [(row.cells[2].text, row.cells[4].text) for row in table.rows[1:]]
    assert rows == [("Các chi bộ trực thuộc", "12/12/2022"), ("Đảng ủy xã Châu Hưng A", "15/12/2022"),
                    ("Đảng ủy xã Châu Hưng A", "20/12/2022"), ("Các chi bộ trực thuộc", "19/01/2023"),
                    ("Đảng ủy xã Châu Hưng A", "31/01/2023")]


def test_signature_block_and_recipients(built):
    table = open_docx(docx_of(built, "xa-chau-hung-a")).tables[-1]
    recipients, signature = table.cell(0, 0).paragraphs, table.cell(0, 1).paragraphs
    assert [p.text for p in recipients] == ["Nơi nhận:", "- Huyện ủy Vĩnh Lợi (báo cáo),",
                                            "- Các chi bộ trực thuộc,", "- Lưu hồ sơ."]
    # Party style (not the state's): "Nơi nhận:" 14 pt upright underlined, the list 12 pt.
    label = recipients[0].runs[0]
    assert (size(label), label.bold, label.italic, label.underline) == (14, None, None, True)
    assert all(size(p.runs[0]) == 12 for p in recipients[1:])
    assert [p.text for p in signature if p.text] == ["T/M ĐẢNG ỦY", "BÍ THƯ"]
    on_behalf, title = [p.runs[0] for p in signature if p.text]
    assert (on_behalf.bold, title.bold) == (True, None)  # the signer's title is not bold
    district = open_docx(docx_of(built, "huyen-vinh-loi")).tables[-1].cell(0, 1).paragraphs
    assert [p.text for p in district if p.text] == ["T/M BAN THƯỜNG VỤ", "BÍ THƯ"]


def test_core_properties_come_from_the_plan_and_no_tool_trace(built):
    data = docx_of(built, "xa-chau-hung-a")
    core = open_docx(data).core_properties
    assert core.title == "Kế hoạch năm 2022 của Đảng ủy xã Châu Hưng A"
    assert core.created == core.modified == datetime(2022, 11, 15, tzinfo=timezone.utc)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert all(b"python-docx" not in archive.read(name).lower() for name in archive.namelist())


def test_a_second_render_is_byte_identical(built):
    project, _, files, _ = built
    assert render_all(derive_campaign(project)) == files


def test_a_fresh_python_docx_build_matches_the_shared_master(built):
    project, _, _, plans = built
    plan = plans["xa-chau-thoi"]
    style = project.organisation.document_style
    shelf._memo.clear()
    # Another commune whose header names need the same column width: the same shape.
    shape = plan_document.parametrize(plan_document.docx_spec(plan, style))[0]
    other = next(p for unit_id, p in plans.items() if unit_id != "xa-chau-thoi"
                 and plan_document.parametrize(plan_document.docx_spec(p, style))[0] == shape)
    plan_document.docx_bytes(other, style)
    assert len(shelf._memo) == 1
    assert plan_document.docx_bytes(plan, style) == docx_of(built, "xa-chau-thoi")
    assert len(shelf._memo) == 1  # reused, not rebuilt


# -- one model, two renderings ------------------------------------------------------------

@pytest.mark.parametrize("unit_id", ["huyen-vinh-loi", "xa-chau-hung-a"])
def test_page_and_docx_carry_the_same_wording(built, unit_id):
    project, _, files, plans = built
    plan = plans[unit_id]
    page = files[paths.plan_page(project.units[unit_id])].decode()
    document = open_docx(docx_of(built, unit_id))
    docx_texts = {p.text for p in document.paragraphs}
    for block in plan.blocks:
        if block.kind == "timeline":
            continue
        assert md_escape(block.text) in page
        assert (f"- {block.text}" if block.kind == "li" else block.text) in docx_texts
    for row in plan.timeline:  # the table is HTML (its cells carry their column names for phones)
        assert f">{html.escape(row.end)}</time></strong></td>" in page
        assert f">{html.escape(row.title)}</td>" in page


def test_hostile_unit_names_render_literally(built):
    project, _, _, _ = built
    hostile = project.units["xa-chau-hung-a"].model_copy(
        update={"body": "Đảng ủy <script>alert(1)</script> & *x*"})
    units = dict(project.units, **{"xa-chau-hung-a": hostile})
    other = type(project)(project.content_dir, project.organisation, units, project.directives,
                          project.plans, project.forms, project.guidance)
    # check() derives the schedules and reads the results; a body name changes neither.
    other.schedules, other.results = project.schedules, project.results
    files = render_all(derive_campaign(other))
    page = files["ke-hoach/xa-chau-hung-a.md"].decode()
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \\*x\\*" in page
    data = files["tai-ve/xa-chau-hung-a/ke-hoach-2022-xa-chau-hung-a.docx"]
    header = open_docx(data).tables[0].cell(0, 0).paragraphs
    assert " ".join(header[1].text.split()) == "ĐẢNG ỦY <SCRIPT>ALERT(1)</SCRIPT> & *X*"  # may break to fit


def test_content_text_cannot_break_the_wording_lines(built):
    project, schedules, _, _ = built
    plan = project.plans["ke-hoach-2022"].model_copy(
        update={"purposes": ["Một dòng\n@h1 GIẢ MẠO\ntiếp theo"]})
    unit = project.units["xa-chau-hung-a"]
    forms_of = derive_campaign(project).forms_of
    built_plan = unit_plan.build(project, plan, unit, schedules[unit.id], {"huyen-vinh-loi"}, forms_of)
    assert [b.text for b in built_plan.blocks if b.kind == "h1"][0] == "I. MỤC ĐÍCH, YÊU CẦU"
    assert "Một dòng @h1 GIẢ MẠO tiếp theo" in [b.text for b in built_plan.blocks]
    assert "GIẢ MẠO" not in [b.text for b in built_plan.blocks if b.kind == "h1"]


# -- golden pages -----------------------------------------------------------------------------

@pytest.mark.parametrize("unit_id", GOLDEN_UNITS)
def test_plan_page_matches_golden(built, unit_id):
    project, _, files, _ = built
    page = files[paths.plan_page(project.units[unit_id])]
    golden = GOLDEN / f"{unit_id}.md"
    if os.environ.get("SOTAY_REFRESH_GOLDEN") == "1":
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(re.sub(rb"DOCX \xc2\xb7 \d+ KB", b"DOCX \xc2\xb7 N KB", page))
    expected = golden.read_bytes()
    assert re.sub(rb"DOCX \xc2\xb7 \d+ KB", b"DOCX \xc2\xb7 N KB", page) == expected


# -- LibreOffice ----------------------------------------------------------------------------

@pytest.mark.office
def test_libreoffice_converts_every_plan(built, tmp_path):
    project, schedules, files, plans = built
    docx_paths = []
    for unit_id, plan in plans.items():
        path = tmp_path / f"{unit_id}.docx"
        path.write_bytes(files[paths.plan_docx(project.units[unit_id], plan.year)])
        docx_paths.append(path)
    texts = to_pdf_text(docx_paths, tmp_path)
    for unit_id, plan in plans.items():
        text = " ".join(texts[unit_id].split())
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
        assert plan.issuer.upper() in text, unit_id
        assert " ".join(project.units[unit_id].name.split()) in text or unit_id == "huyen-vinh-loi"
        for row in schedules[unit_id].rows:
            assert vn_date(row.end) in text, (unit_id, row.id)


def test_pdf_helper_is_available():
    # The office test above needs these programs; fail loudly rather than skip.
    assert shutil.which("soffice") and shutil.which("pdftotext")
    assert subprocess.run(["pdftotext", "-v"], capture_output=True).returncode == 0


def test_plans_index_lists_one_page_per_category_above_the_limit(monkeypatch):
    """A province's plans index does not grow with the tree: categories get their own pages."""
    monkeypatch.setattr(plans_index, "ROWS_LIMIT", 3)
    project, _ = check(ROOT / "content")
    campaign = derive_campaign(project)
    files = render_all(campaign)
    index = files["ke-hoach/index.md"].decode()
    publisher = project.publisher.id
    groups = sorted(path for path in files if path.startswith("ke-hoach/nhom/"))
    assert len(groups) > 1 and f"]({publisher}.md)" in index
    listed = []
    for group in groups:
        assert f"]({group.removeprefix('ke-hoach/')})" in index
        listed += re.findall(r"\]\(\.\./([^)/]+)\.md\)", files[group].decode())
    others = [unit_id for unit_id in campaign.unit_plans if unit_id != publisher]
    assert sorted(listed) == sorted(others)  # every plan on exactly one category page
    assert not any(f"]({unit_id}.md)" in index for unit_id in others)
