"""render_docx: layout read back with python-docx and docx2python, fills, determinism, LibreOffice."""

from __future__ import annotations

import dataclasses
import importlib.util
import io
import unicodedata
import zipfile
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from docx.enum.text import WD_TAB_LEADER
from docx2python import docx2python

from bench.bench_docx import LEVELS, sample_form, sample_plan
from generator.render_docx import (Cell, DocSpec, DocStyle, DocxSpecError, Field, Paragraph,
                                   Table, build_master, render, shelf)
from tests.docx_helpers import NS, open_docx, part_xml, to_pdf_text

ROOT = Path(__file__).resolve().parents[1]
UNIT = {"unit.name": "Chi bộ ấp Chắt Đốt", "unit.superior": "Đảng bộ xã Châu Hưng A",
        "member.name": "Nguyễn Văn Ba", "member.birth": "02/09/1970", "place": "Châu Hưng A",
        "year": "2025", "cell.name": "Chi bộ ấp Chắt Đốt"}


@pytest.fixture(scope="module")
def plan() -> bytes:
    return render(sample_plan())


@pytest.fixture(scope="module")
def form_master():
    return build_master(sample_form())


@pytest.fixture(scope="module")
def form(form_master) -> bytes:
    return form_master.fill(UNIT)


def _size(run, default: float = 14.0) -> float:
    return run.font.size.pt if run.font.size is not None else default


def _body_text(data: bytes) -> str:
    with docx2python(io.BytesIO(data)) as reader:
        return reader.text


# -- the Party heading -------------------------------------------------------

def test_party_header_texts_and_emphasis(plan):
    header = open_docx(plan).tables[0]
    left = header.cell(0, 0).paragraphs
    assert [p.text for p in left] == ["ĐẢNG BỘ HUYỆN VĨNH LỢI", "ĐẢNG ỦY XÃ CHÂU HƯNG A", "*"]
    superior, issuer = left[0].runs[0], left[1].runs[0]
    assert (superior.bold, _size(superior)) == (None, 14.0)
    assert (issuer.bold, _size(issuer)) == (True, 14.0)
    party = header.cell(0, 1).paragraphs[0].runs[0]
    assert (party.text, party.bold, _size(party)) == ("ĐẢNG CỘNG SẢN VIỆT NAM", True, 15.0)
    assert header.cell(1, 0).paragraphs[0].text == "Số     -KH/ĐU"
    place = header.cell(1, 1).paragraphs[0].runs[0]
    assert place.text == "Châu Hưng A, ngày     tháng 11 năm 2022" and place.italic is True


def test_party_header_has_a_rule_under_the_party_name(plan):
    cell = open_docx(plan).tables[0].cell(0, 1)
    borders = cell.paragraphs[1]._p.xpath("./w:pPr/w:pBdr/w:top/@w:val")
    assert borders == ["single"]


def test_header_body_fields_are_uppercased(form):
    left = open_docx(form).tables[0].cell(0, 0).paragraphs
    assert [p.text for p in left] == ["ĐẢNG BỘ XÃ CHÂU HƯNG A", "CHI BỘ ẤP CHẮT ĐỐT", "*"]


def test_title_and_summary(plan):
    paragraphs = [p for p in open_docx(plan).paragraphs if p.text]
    title, summary = paragraphs[0], paragraphs[1]
    assert title.text == "KẾ HOẠCH" and title.runs[0].bold and _size(title.runs[0]) == 16.0
    assert summary.text.startswith("kiểm điểm, đánh giá") and summary.runs[0].bold
    assert title.alignment == summary.alignment == 1  # centred


# -- page, fonts, language, page numbers ------------------------------------

def test_page_size_and_margins_follow_the_style():
    style = DocStyle(margin_top=25, margin_bottom=22, margin_left=35, margin_right=18)
    data = render(DocSpec(title="x", date=date(2024, 1, 2), blocks=(Paragraph("a"),),
                          style=style))
    section = open_docx(data).sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    margins = [section.top_margin, section.bottom_margin, section.left_margin,
               section.right_margin]
    assert [round(m.mm) for m in margins] == [25, 22, 35, 18]


def test_font_in_all_four_slots_and_language():
    data = render(DocSpec(title="x", date=date(2024, 1, 2), blocks=(Paragraph("a"),),
                          style=DocStyle(font="Liberation Serif", size=13)))
    rpr = part_xml(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = rpr.find("w:rFonts", NS)
    slots = [fonts.get(f"{{{NS['w']}}}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")]
    assert slots == ["Liberation Serif"] * 4
    lang = rpr.find("w:lang", NS)
    assert [lang.get(f"{{{NS['w']}}}{a}") for a in ("val", "eastAsia", "bidi")] == ["vi-VN"] * 3
    assert rpr.find("w:sz", NS).get(f"{{{NS['w']}}}val") == "26"


def test_page_number_field_from_page_two(plan):
    section = open_docx(plan).sections[0]
    assert section.different_first_page_header_footer is True
    header = section.header._element
    assert [t.text for t in header.iter(f"{{{NS['w']}}}instrText")] == [" PAGE "]
    assert section.header.paragraphs[0].alignment == 1
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert not list(first._element.iter(f"{{{NS['w']}}}instrText"))


# -- forms: fill lines, checkboxes, scores, tables -----------------------------

def test_checkboxes_are_real_unchecked_controls(form):
    body = part_xml(form, "word/document.xml")
    boxes = body.xpath("//w:sdt[w:sdtPr/w14:checkbox]", namespaces=NS)
    assert len(boxes) == 4
    for box in boxes:
        assert box.xpath("string(w:sdtPr/w14:checkbox/w14:checked/@w14:val)", namespaces=NS) == "0"
        assert box.xpath("string(w:sdtContent)", namespaces=NS) == "☐"
    labels = [box.xpath("string(..)", namespaces=NS) for box in boxes]
    assert labels == [f"☐ {level}" for level in LEVELS]
    assert len(set(body.xpath("//w:sdt/w:sdtPr/w:id/@w:val", namespaces=NS))) == 4


def test_fill_lines_end_in_a_dotted_tab(form):
    paragraph = next(p for p in open_docx(form).paragraphs if p.text.startswith("Họ và tên"))
    assert paragraph.text == "Họ và tên: Nguyễn Văn Ba\t"
    stop = paragraph.paragraph_format.tab_stops[0]
    assert stop.leader == WD_TAB_LEADER.DOTS and round(stop.position.mm) == 165  # dots to the right margin


def test_score_lines_show_dots_when_blank(form_master, form):
    text = _body_text(form_master.fill({"score.general": "27"}))
    assert "Tiêu chí chung, tự chấm: 27/30 điểm" in text
    assert "Kết quả thực hiện nhiệm vụ, tự chấm: ……/70 điểm" in text


def test_table_header_merges(plan):
    table = open_docx(plan).tables[1]
    first_tcs = [row._tr.tc_lst[0] for row in table.rows[:3]]
    assert [tc.vMerge for tc in first_tcs] == ["restart", "continue", None]
    assert table.cell(0, 3).text == "Thời gian" and table.cell(1, 3).text == "Hoàn thành trước"
    assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")  # repeats on each page
    assert all(row._tr.xpath("./w:trPr/w:cantSplit") for row in table.rows)  # rows never break
    assert not table.rows[2]._tr.xpath("./w:trPr/w:tblHeader")
    assert [row.cells[3].text for row in table.rows[2:]] == ["05/12/2022", "15/12/2022",
                                                              "20/12/2022"]


def test_table_column_span_and_widths():
    table = Table(widths=(20, 30, 40), header=((Cell("Gộp", colspan=2), "C"),),
                  rows=(("a", "b", "c"),))
    data = render(DocSpec(title="x", date=date(2024, 1, 2), blocks=(table,)))
    read = open_docx(data).tables[0]
    assert read.rows[0]._tr.tc_lst[0].grid_span == 2
    assert read.cell(0, 0).text == read.cell(0, 1).text == "Gộp"
    assert [round(col.width.mm) for col in read.columns] == [20, 30, 40]


def test_table_mixed_spans_merge_where_placed():
    # Spans of both kinds in one row, after a merge in the same row and under one from above.
    table = Table(widths=(10, 20, 30, 40), rows=(
        (Cell("a", rowspan=2), Cell("b", colspan=2), "c"),
        (Cell("d", colspan=2), Cell("e", rowspan=2)),
        (Cell("f", colspan=3),),
    ))
    read = open_docx(render(DocSpec(title="x", date=date(2024, 1, 2), blocks=(table,)))).tables[0]
    assert [[read.cell(r, c).text for c in range(4)] for r in range(3)] == [
        ["a", "b", "b", "c"], ["a", "d", "d", "e"], ["f", "f", "f", "e"]]
    assert [tc.grid_span for tc in read.rows[1]._tr.tc_lst] == [1, 2, 1]  # a's continuation, d, e


@pytest.mark.parametrize("rows", [(("a", "b", "c", "d"),), (("a",),),
                                  ((Cell("a", rowspan=3), "b", "c"),),
                                  # fills the grid, but "d" runs into the cell "b" spans down
                                  (("a", Cell("b", rowspan=2), "c"), (Cell("d", colspan=2), "e"))])
def test_table_that_does_not_fit_its_grid_is_refused(rows):
    table = Table(widths=(20, 30, 40), rows=rows)
    with pytest.raises(DocxSpecError, match="bảng"):
        render(DocSpec(title="x", date=date(2024, 1, 2), blocks=(table,)))


def test_signatures_side_by_side(form, plan):
    signatures = open_docx(form).tables[-1]
    assert len(signatures.columns) == 2
    assert signatures.cell(0, 1).paragraphs[1].text == "NGƯỜI TỰ KIỂM ĐIỂM"
    assert signatures.cell(0, 1).paragraphs[-1].text == "Nguyễn Văn Ba"
    closing = open_docx(plan).tables[-1]
    recipients = closing.cell(0, 0).paragraphs
    assert recipients[0].text == "Nơi nhận:"
    label = recipients[0].runs[0]  # the Party style: 14 pt, upright, underlined
    assert (label.bold, label.italic, label.underline, _size(label)) == (None, None, True, 14.0)
    assert {_size(p.runs[0]) for p in recipients[1:]} == {12.0}
    assert [p.text for p in closing.cell(0, 1).paragraphs[:2]] == ["T/M ĐẢNG ỦY", "BÍ THƯ"]


# -- filling -------------------------------------------------------------------

def test_independent_reader_finds_every_filled_value(form):
    text = _body_text(form)
    for key in ("member.name", "member.birth", "place", "year"):
        assert UNIT[key] in text
    assert "CHI BỘ ẤP CHẮT ĐỐT" in text and "Đơn vị công tác: Chi bộ ấp Chắt Đốt" in text


def test_blank_fill_uses_the_field_blanks(form_master):
    text = _body_text(form_master.fill({}))
    assert "CHI BỘ ……" in text and "Năm 20…" in text and "Họ và tên: " in text


def test_master_lists_its_fields(form_master):
    assert {"unit.name", "unit.superior", "member.name", "year"} <= set(form_master.fields)
    assert len(form_master.fields) == len(set(form_master.fields))


HOSTILE = ['<w:t>&amp; "x" </w:t></w:r>', "A & B < C > D", "tên\x00\x07\x1b\x7f\x9f\ufffe ok",
           "\ue0000\ue001", "Nguyễn " * 286]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_values_render_literally(form_master, value):
    data = form_master.fill({"member.name": value, "unit.name": value})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
    expected = "".join(ch for ch in value if ch not in "\x00\x07\x1b\x7f\x9f\ufffe\ue000\ue001")
    names = [p.text for p in open_docx(data).paragraphs if p.text.startswith("Họ và tên")]
    assert names == [f"Họ và tên: {expected}\t"]
    assert expected.strip() in _body_text(data)


def test_values_longer_than_a_stored_block_survive(form_master):
    value = "Ấp " + "x" * 70_000  # more than one 65,535-byte deflate stored block
    data = form_master.fill({"member.name": value})
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
    assert f"Họ và tên: {value}\t" in [p.text for p in open_docx(data).paragraphs]


def test_fields_fill_table_cells_too():
    table = Table(widths=(40, 40), rows=(("Hạn", Field("deadline", blank="…")),))
    master = build_master(DocSpec(title="x", date=date(2024, 1, 2), blocks=(table,)))
    assert open_docx(master.fill({"deadline": "15/12/2022"})).tables[0].cell(0, 1).text \
        == "15/12/2022"
    assert open_docx(master.fill({})).tables[0].cell(0, 1).text == "…"


@pytest.mark.parametrize("spec", [
    DocSpec(title="x", date=date(2024, 1, 2), blocks=("not a block",)),
    DocSpec(title="x", date=date(2024, 1, 2), style=DocStyle(paper="B7")),
])
def test_impossible_layouts_are_refused(spec):
    with pytest.raises(DocxSpecError):
        render(spec)


def test_line_breaks_and_tabs_in_values_become_word_breaks(form_master):
    data = form_master.fill({"member.name": "Dòng một\nDòng hai\tcột"})
    body = part_xml(data, "word/document.xml")
    run = body.xpath("//w:r[w:br and w:tab]", namespaces=NS)
    assert len(run) == 2  # the name line and the signature
    assert run[0].xpath("string(.)") == "Dòng mộtDòng haicột"


def test_values_are_nfc_normalised(form_master):
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Hồng")
    text = _body_text(form_master.fill({"member.name": nfd}))
    assert "Nguyễn Thị Hồng" in text and nfd not in text


def test_static_content_is_cleaned_too():
    data = render(DocSpec(title="x\x01", date=date(2024, 1, 2),
                          blocks=(Paragraph("a\x00b <w:t> & c"),)))
    assert [p.text for p in open_docx(data).paragraphs] == ["ab <w:t> & c"]


# -- determinism and metadata ---------------------------------------------------

def test_same_spec_gives_identical_bytes(plan, form_master, form):
    assert render(sample_plan()) == plan
    assert form_master.fill(UNIT) == form
    assert render(sample_form(), UNIT) == form  # a fresh python-docx build agrees


def test_zip_entries_are_stamped_with_the_document_date(plan):
    with zipfile.ZipFile(io.BytesIO(plan)) as archive:
        infos = archive.infolist()
        assert archive.testzip() is None
    assert infos[0].filename == "[Content_Types].xml"
    assert {info.date_time for info in infos} == {(2022, 11, 18, 0, 0, 0)}


def test_core_properties_come_from_the_spec(form):
    core = open_docx(form).core_properties
    assert core.title == "Bản kiểm điểm cá nhân – Nguyễn Văn Ba"
    assert core.created == core.modified == datetime(2025, 11, 20, tzinfo=timezone.utc)
    assert core.last_modified_by == "" and core.author == ""


@pytest.mark.parametrize("which", ["plan", "form"])
def test_no_trace_of_python_docx(which, plan, form):
    with zipfile.ZipFile(io.BytesIO(plan if which == "plan" else form)) as archive:
        for name in archive.namelist():
            assert b"python-docx" not in archive.read(name).lower(), name


def test_base_docx_is_reproducible_from_its_script(tmp_path):
    script = ROOT / "generator" / "templates" / "word" / "make_base.py"
    spec = importlib.util.spec_from_file_location("make_base", script)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.write_base(tmp_path / "base.docx")
    assert fresh.read_bytes() == (ROOT / "generator" / "templates" / "word" / "base.docx").read_bytes()


# -- LibreOffice -----------------------------------------------------------------

@pytest.mark.office
def test_libreoffice_converts_plan_and_form(tmp_path, plan, form):
    (tmp_path / "plan.docx").write_bytes(plan)
    (tmp_path / "form.docx").write_bytes(form)
    texts = to_pdf_text([tmp_path / "plan.docx", tmp_path / "form.docx"], tmp_path)
    for text in texts.values():
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ĐẢNG ỦY XÃ CHÂU HƯNG A" in texts["plan"] and "20/12/2022" in texts["plan"]
    assert "CHI BỘ ẤP CHẮT ĐỐT" in texts["form"] and "Nguyễn Văn Ba" in texts["form"]
    for level in LEVELS:
        assert f"☐ {level}" in texts["form"]
    pages = [[line.strip() for line in page.splitlines()] for page in texts["form"].split("\f")]
    assert "1" not in pages[0] and "2" in pages[1]  # numbered from page 2 only


# -- masters kept between builds (render_docx.shelf) ----------------------------

@pytest.fixture()
def fresh_memory(monkeypatch):
    """An empty in-process memo, and a count of the masters laid out with python-docx."""
    monkeypatch.setattr(shelf, "_memo", {})
    monkeypatch.setattr(shelf, "_on_shelf", set())
    made = []
    monkeypatch.setattr(shelf, "build_master", lambda spec: made.append(spec) or build_master(spec))
    return made


def test_a_shelved_master_fills_as_the_one_laid_out(form_master):
    kept = shelf.from_bytes(shelf.to_bytes(form_master))
    assert kept.fill(UNIT) == form_master.fill(UNIT)
    assert kept.fill({}) == form_master.fill({})
    plan_master = build_master(sample_plan())
    assert shelf.from_bytes(shelf.to_bytes(plan_master)).fill({}) == render(sample_plan())


def test_a_master_is_laid_out_once_then_read_from_the_shelf(tmp_path, fresh_memory):
    folder = tmp_path / "masters" / "v2"
    (tmp_path / "masters" / "v1").mkdir(parents=True)  # another code version's shelf
    with shelf.shelved(folder):
        first = shelf.laid_out(sample_form()).fill(UNIT)
    assert len(fresh_memory) == 1 and len(list(folder.iterdir())) == 1
    assert not (tmp_path / "masters" / "v1").exists()
    shelf._memo.clear()  # the next build: a new process
    with shelf.shelved(folder):
        assert shelf.laid_out(sample_form()).fill(UNIT) == first
    assert len(fresh_memory) == 1  # read back, not laid out again
    shelf._memo.clear()
    assert shelf.laid_out(sample_form()).fill(UNIT) == first  # outside a build: laid out, nothing kept
    assert len(fresh_memory) == 2


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # cut short
    lambda data: data.replace(b"<w:body>", b"<w:bodx>", 1),  # a part's bytes altered
    lambda data: b"not a zip",
])
def test_a_damaged_shelf_file_is_laid_out_again_and_replaced(tmp_path, fresh_memory, damage):
    folder = tmp_path / "masters" / "v"
    spec = sample_form()
    with shelf.shelved(folder):
        expected = shelf.laid_out(spec).fill(UNIT)
    [kept] = folder.iterdir()
    damaged = damage(kept.read_bytes())
    assert damaged != kept.read_bytes()
    kept.write_bytes(damaged)
    shelf._memo.clear()
    with shelf.shelved(folder):
        assert shelf.laid_out(spec).fill(UNIT) == expected
    assert len(fresh_memory) == 2
    assert shelf.from_bytes(kept.read_bytes()).fill(UNIT) == expected


def test_another_spec_is_another_master(tmp_path, fresh_memory):
    folder = tmp_path / "masters" / "v"
    other = dataclasses.replace(sample_form(), title="Bản khác")
    with shelf.shelved(folder):
        shelf.laid_out(sample_form())
        shelf.laid_out(other)
    assert len(fresh_memory) == 2 and len(list(folder.iterdir())) == 2


def test_a_master_met_in_an_earlier_build_of_the_process_is_shelved_too(tmp_path, fresh_memory):
    # sotay serve: one process, builds of one project or another.
    with shelf.shelved(tmp_path / "one" / "masters" / "v"):
        expected = shelf.laid_out(sample_form()).fill(UNIT)
    other = tmp_path / "two" / "masters" / "v"
    with shelf.shelved(other):
        assert shelf.laid_out(sample_form()).fill(UNIT) == expected
    assert len(fresh_memory) == 1  # from memory, not laid out again
    [kept] = other.iterdir()
    assert shelf.from_bytes(kept.read_bytes()).fill(UNIT) == expected
