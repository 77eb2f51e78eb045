"""Review forms: every unit's filled copies, read back with python-docx and docx2python;
blank forms; pages; content rules; hostile text; LibreOffice."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from docx2python import docx2python

from generator.outputs import paths

from generator.campaign import derive_campaign
from generator.outputs.registry import render_all
from generator.check.rules import check
from generator.errors import ContentError
from generator.outputs.form_spec import CLASSIFICATION_LEVELS
from generator.outputs.templating import vn_date
from tests.docx_helpers import NS, open_docx, part_xml, to_pdf_text

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
CONTENT_2026 = ROOT / "examples" / "xa-2026" / "content"
CELL = "xa-chau-hung-a-ap-chat-dot"
CELL_2026 = "ap-hoa-binh"


@pytest.fixture(scope="module")
def example():
    project, _ = check(CONTENT)
    campaign = derive_campaign(project)
    return project, campaign.schedules, render_all(campaign)


@pytest.fixture(scope="module")
def example_2026():
    """The second example: a 2026 commune campaign under the 2025 rule set."""
    project, _ = check(CONTENT_2026)
    campaign = derive_campaign(project)
    return project, campaign.schedules, render_all(campaign)


def filled(example, form_id: str, unit_id: str = CELL) -> bytes:
    project, _, files = example
    return files[paths.form_filled_docx(project.units[unit_id], project.forms[form_id])]


def text_of(data: bytes) -> str:
    with docx2python(io.BytesIO(data)) as reader:
        return reader.text


def deadline(example, unit_id: str, step: str) -> str:
    return vn_date(example[1][unit_id].step(step).end)


# -- which files exist ---------------------------------------------------------

def test_every_unit_has_every_form_its_kind_uses(example):
    project, _, files = example
    plan = project.plans["ke-hoach-2022"]
    expected = {paths.form_filled_docx(unit, project.forms[form_id])
                for unit in project.units.values() for assignment in plan.forms
                if unit.kind in assignment.kinds for form_id in assignment.forms}
    made = {path for path in files if path.startswith(paths.DOWNLOADS)
            and any(path.endswith(f"/{form_id}-{path.split('/')[1]}.docx") for form_id in project.forms)}
    assert made == expected
    assert len(expected) > 300
    for form in project.forms.values():
        assert paths.form_blank_docx(form) in files and paths.form_page(form) in files


def test_cells_get_individual_forms_committees_do_not(example_2026):
    project, _, files = example_2026
    commune = project.units["xa-hung-hoi"]
    assert paths.form_filled_docx(commune, project.forms["mau-2b-ca-nhan"]) not in files
    assert paths.form_filled_docx(commune, project.forms["mau-2a-ca-nhan-lanh-dao"]) in files


def test_official_forms_carry_their_rule_sets_codes(example, example_2026):
    forms = example[0].forms
    official = {f.code: f.id for f in forms.values() if f.official}
    assert official == {"Mẫu 01-HD KĐ.ĐG 2019": "mau-01-bao-cao-tap-the",
                        "Mẫu 02-HD KĐ.ĐG 2019": "mau-02-ca-nhan"}
    assert all(f.source for f in forms.values())
    forms_2026 = example_2026[0].forms
    audiences = {f.audience: f.code for f in forms_2026.values() if f.official}
    assert audiences == {"collective": "Mẫu 01-HD KĐ.ĐG 2025", "leader": "Mẫu 2A-HD KĐ.ĐG 2025",
                         "member": "Mẫu 2B-HD KĐ.ĐG 2025", "outside": "Mẫu 2C-HD KĐ.ĐG 2025"}


# -- pre-filled values in the right place ------------------------------------------

def test_header_names_superior_and_own_body_with_place_and_year(example):
    header = open_docx(filled(example, "mau-02-ca-nhan")).tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs] == [
        "ĐẢNG BỘ XÃ CHÂU HƯNG A", "CHI BỘ ẤP CHẮT ĐỐT", "*"]
    assert header.cell(0, 1).paragraphs[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM"
    assert header.cell(1, 1).paragraphs[0].text == "Châu Hưng A, ngày … tháng … năm 2022"


def test_committee_header_uses_its_parent_and_body_and_number_line(example):
    header = open_docx(filled(example, "mau-01-bao-cao-tap-the", "xa-chau-hung-a")).tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs] == [
        "ĐẢNG BỘ HUYỆN VĨNH LỢI", "ĐẢNG ỦY XÃ CHÂU HƯNG A", "*"]
    assert header.cell(1, 0).paragraphs[0].text.replace(" ", "") == "Số-BC/ĐU"


def test_title_year_deadline_and_cell_line(example):
    document = open_docx(filled(example, "mau-02-ca-nhan"))
    texts = [p.text for p in document.paragraphs]
    title = texts.index("BẢN KIỂM ĐIỂM CÁ NHÂN")
    assert texts[title + 1] == "Năm 2022"
    assert f"(Hạn hoàn thành theo kế hoạch: {deadline(example, CELL, 'kiem-diem')})" in texts
    cell_line = next(p for p in document.paragraphs if p.text.startswith("Sinh hoạt tại chi bộ:"))
    assert cell_line.text.strip() == "Sinh hoạt tại chi bộ: Chi bộ ấp Chắt Đốt"
    assert next(t for t in texts if t.startswith("Họ và tên:")).strip() == "Họ và tên:"


def test_fill_line_deadline_and_signature_from_the_unit_kind(example):
    data = filled(example, "ke-hoach-khac-phuc")
    document = open_docx(data)
    line = next(p.text for p in document.paragraphs if p.text.startswith("Hạn hoàn thành kế hoạch"))
    assert line.strip() == f"Hạn hoàn thành kế hoạch này: {deadline(example, CELL, 'khac-phuc')}"
    signature = document.tables[-1].cell(0, 1)
    assert [p.text for p in signature.paragraphs[:2]] == ["T/M CHI BỘ", "BÍ THƯ"]
    assert "Chi bộ ấp Chắt Đốt xây dựng kế hoạch" in text_of(data)


def test_member_counts_fill_the_collective_report_table(example):
    members = example[0].units[CELL].members
    table = open_docx(filled(example, "mau-01-bao-cao-tap-the")).tables[1]
    assert [c.text for c in table.rows[0].cells][1:] == ["Trong đó"] * 3
    assert [c.text for c in table.rows[2].cells] == [
        str(members.total), str(members.exempt), str(members.retired), str(members.new)]


def test_independent_reader_finds_every_prefilled_value(example):
    project, schedules, _ = example
    for form_id in ("mau-02-ca-nhan", "mau-01-bao-cao-tap-the", "bien-ban-hoi-nghi-kiem-diem"):
        text = text_of(filled(example, form_id, "xa-vinh-hung"))
        for value in ("ĐẢNG BỘ HUYỆN VĨNH LỢI", "ĐẢNG ỦY XÃ VĨNH HƯNG", "2022"):
            assert value in text, (form_id, value)
    assert "Đảng bộ xã Vĩnh Hưng" in text_of(filled(example, "bien-ban-hoi-nghi-kiem-diem",
                                                        "xa-vinh-hung"))


def test_blank_form_carries_no_unit_value(example):
    project, _, files = example
    blank = files[paths.form_blank_docx(project.forms["mau-01-bao-cao-tap-the"])]
    text = text_of(blank)
    assert "CHÂU HƯNG" not in text.upper() and "2022" not in text and "Hạn hoàn thành" not in text
    header = open_docx(blank).tables[0]
    assert [p.text for p in header.cell(0, 0).paragraphs] == ["……", "……", "*"]
    assert "……, ngày … tháng … năm 20…" in text


# -- form elements -----------------------------------------------------------------

def test_classification_checkboxes_are_real_and_unchecked(example):
    # Self-rating as staff and as member, the cell's proposal, the committee's rating.
    data = filled(example, "mau-02-ca-nhan")
    body = part_xml(data, "word/document.xml")
    boxes = body.findall(".//w14:checkbox", NS)
    assert len(boxes) == 16
    assert [b.find("w14:checked", NS).get(f"{{{NS['w14']}}}val") for b in boxes] == ["0"] * 16
    with_box = [p for p in body.iter(f"{{{NS['w']}}}p") if p.find(".//w14:checkbox", NS) is not None]
    texts = ["".join(t.text for t in p.iter(f"{{{NS['w']}}}t")) for p in with_box]
    assert texts == [f"☐ {level}" for level in CLASSIFICATION_LEVELS] * 4


def test_individual_form_sections_and_assessor_blocks_in_official_order(example):
    texts = [p.text for p in open_docx(filled(example, "mau-02-ca-nhan")).paragraphs]
    order = ["I. ƯU ĐIỂM", "II. HẠN CHẾ", "III. KẾT QUẢ KHẮC PHỤC", "IV. GIẢI TRÌNH", "V. LÀM RÕ TRÁCH NHIỆM",
             "VI. PHƯƠNG HƯỚNG", "VII. TỰ NHẬN MỨC XẾP LOẠI", "NHẬN XÉT, ĐÁNH GIÁ CỦA CHI ỦY",
             "CHI BỘ ĐỀ XUẤT XẾP LOẠI", "ĐẢNG ỦY, CHI ỦY CƠ SỞ XẾP LOẠI", "NHẬN XÉT, ĐÁNH GIÁ CỦA THỦ TRƯỞNG"]
    found = [next(i for i, t in enumerate(texts) if t.startswith(head)) for head in order]
    assert found == sorted(found)
    signatures = [t.rows[0].cells[-1].paragraphs for t in open_docx(filled(example, "mau-02-ca-nhan")).tables]
    titles = {p.text for cell in signatures for p in cell}
    assert {"NGƯỜI TỰ KIỂM ĐIỂM", "T/M CHI ỦY (CHI BỘ)", "T/M ĐẢNG ỦY (CHI ỦY)", "THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ"} <= titles


def test_collective_report_ends_with_proposed_level_and_stamp_note(example):
    texts = [p.text for p in open_docx(filled(example, "mau-01-bao-cao-tap-the")).paragraphs]
    order = ["I. ƯU ĐIỂM", "II. HẠN CHẾ", "III. KẾT QUẢ KHẮC PHỤC", "IV. GIẢI TRÌNH",
             "V. TRÁCH NHIỆM CỦA TẬP THỂ, CÁ NHÂN", "VI. PHƯƠNG HƯỚNG", "VII. ĐỀ NGHỊ MỨC XẾP LOẠI CHẤT LƯỢNG",
             "(Kèm theo phiếu phân tích chất lượng)"]
    found = [next(i for i, t in enumerate(texts) if t.startswith(head)) for head in order]
    assert found == sorted(found)
    signature = open_docx(filled(example, "mau-01-bao-cao-tap-the")).tables[-1].cell(0, 1)
    assert [p.text for p in signature.paragraphs[:3]] == ["T/M CHI BỘ", "BÍ THƯ", "(Ký, ghi rõ họ tên và đóng dấu)"]


def test_scoring_table_only_where_the_rule_set_scores(example, example_2026):
    for form_id in ("mau-01-bao-cao-tap-the", "mau-2c-ca-nhan-ngoai-he-thong"):
        tables = open_docx(filled(example_2026, form_id, CELL_2026)).tables
        scoring = next(t for t in tables if t.rows[0].cells[-1].text == "Tự chấm")
        assert [r.cells[2].text for r in scoring.rows[1:]] == ["30", "70", "100"]
    for form_id in ("mau-01-bao-cao-tap-the", "mau-02-ca-nhan"):
        text = text_of(filled(example, form_id))
        assert "Tự chấm" not in text and "100" not in text, form_id


def test_grouped_header_merges_over_its_columns(example):
    table = open_docx(filled(example, "phieu-bieu-quyet-xep-loai")).tables[1]
    top, sub = [c.text for c in table.rows[0].cells], [c.text for c in table.rows[1].cells]
    assert top == ["TT", "Họ và tên đảng viên"] + ["Mức xếp loại đề xuất"] * 4
    assert sub[:2] == ["TT", "Họ và tên đảng viên"] and sub[2:] == list(CLASSIFICATION_LEVELS)
    members = example[0].units[CELL].members  # a row per member reviewed (in steps of 5), 3 spare
    rows = -(-(members.total - members.exempt) // 5) * 5 + 3
    assert [r.cells[0].text for r in table.rows[2:]] == [str(n) for n in range(1, rows + 1)]
    blank = open_docx(example[2][paths.form_blank_docx(example[0].forms["phieu-bieu-quyet-xep-loai"])])
    assert len(blank.tables[1].rows) == 2 + 12


def test_two_signatures_side_by_side_in_the_minutes(example):
    row = open_docx(filled(example, "bien-ban-hoi-nghi-kiem-diem")).tables[-1].rows[0]
    assert [c.paragraphs[0].text for c in row.cells] == ["THƯ KÝ", "CHỦ TRÌ"]


def test_fonts_language_paper_and_margins_follow_the_organisation(example):
    style = example[0].organisation.document_style
    data = filled(example, "mau-02-ca-nhan")
    section = open_docx(data).sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin,
                                  section.right_margin)] == [style.margins_mm.top, style.margins_mm.bottom,
                                                             style.margins_mm.left, style.margins_mm.right]
    defaults = part_xml(data, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    fonts = defaults.find("w:rFonts", NS)
    assert {fonts.get(f"{{{NS['w']}}}{slot}") for slot in ("ascii", "hAnsi", "eastAsia", "cs")} == {style.font}
    assert defaults.find("w:lang", NS).get(f"{{{NS['w']}}}val") == "vi-VN"
    headers = [n for n in _names(data) if n.startswith("word/header")]
    assert any("PAGE" in "".join(part_xml(data, name).itertext()) for name in headers)


def _names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def test_same_content_gives_identical_bytes(example):
    project, _, files = example
    again = render_all(derive_campaign(project))
    assert again.keys() == files.keys()
    assert all(again[path] == files[path] for path in files)


# -- pages -----------------------------------------------------------------------------

def test_form_page_previews_structure_and_links_every_copy(example):
    project, _, files = example
    form = project.forms["mau-02-ca-nhan"]
    page = files[paths.form_page(form)].decode()
    for text in ("## Xem trước", "### II. HẠN CHẾ, KHUYẾT ĐIỂM VÀ NGUYÊN NHÂN", "- ☐ Hoàn thành tốt nhiệm vụ",
                 '<th colspan="3">Kết quả khắc phục</th>', "NGƯỜI TỰ KIỂM ĐIỂM", "T/M CHI ỦY (CHI BỘ)",
                 "*(Dùng cho đảng viên)*"):
        assert text in page
    links = [line.split('href="')[1].split('"')[0] for line in page.splitlines() if 'href="' in line]
    targets = {paths.relative(paths.form_page(form), path) for path in files}
    assert len(links) == len(derive_campaign(project).users[form.id]) and set(links) <= targets
    assert paths.relative(paths.form_page(form), paths.form_blank_docx(form)) in page


def test_catalogue_separates_official_and_local_forms(example):
    project, _, files = example
    index = files[paths.section_index(paths.FORMS)].decode()
    official, local = index.split("## Mẫu tham khảo của địa phương")
    assert "Mẫu 02-HD KĐ.ĐG 2019" in official and "Mẫu tham khảo BB" in local and "Mẫu 02" not in local


# -- content rules and hostile text -------------------------------------------------------

@pytest.fixture()
def content_copy(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target, ignore=shutil.ignore_patterns("schema"))
    return target


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_unknown_deadline_step_and_short_table_row_are_content_errors(content_copy):
    forms = content_copy / "forms"
    _replace(forms / "mau-02-ca-nhan.yaml", "deadline: kiem-diem", "deadline: kiem-dim")
    _replace(forms / "mau-01-bao-cao-tap-the.yaml", '"{unit.members.new}"]', "]")
    with pytest.raises(ContentError) as caught:
        check(content_copy)
    messages = [str(p) for p in caught.value.errors]
    assert any("mau-02-ca-nhan.yaml:13:" in m and "không có bước trong lịch kế hoạch mã «kiem-dim»" in m
               and "kiem-diem" in m for m in messages), messages
    assert any("mau-01-bao-cao-tap-the.yaml" in m and "hàng 1 có 3 ô, bảng có 4 cột" in m
               for m in messages), messages


def test_hostile_text_renders_literally(content_copy):
    hostile = "Chi bộ <w:t>A & B</w:t> \"x\" ]]> {unit.name"
    _replace(content_copy / "units" / "xa-chau-hung-a.yaml", "name: Chi bộ ấp Chắt Đốt",
             f"name: '{hostile}'")
    long_text = "Nội dung rất dài " * 120  # about 2,000 characters
    _replace(content_copy / "forms" / "mau-02-ca-nhan.yaml",
             "(Nêu rõ hạn chế, khuyết điểm theo từng nội dung",
             f"{long_text} <b>&amp; (Nêu rõ hạn chế, khuyết điểm theo từng nội dung")
    project, _ = check(content_copy)
    files = render_all(derive_campaign(project))
    data = files[paths.form_filled_docx(project.units[CELL], project.forms["mau-02-ca-nhan"])]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
    text = text_of(data)
    assert hostile.upper() in " ".join(text.split())  # the header may break a long name
    assert f"Sinh hoạt tại chi bộ: {hostile}" in text
    assert long_text.strip() in text and "<b>&amp;" in text
    page = files[paths.form_page(project.forms["mau-02-ca-nhan"])].decode()
    assert "<w:t>" not in page and "&lt;w:t&gt;A &amp; B&lt;/w:t&gt;" in page
    assert "<b>" not in page and "&lt;b&gt;&amp;amp;" in page


@pytest.mark.parametrize("bad, message", [
    ("x" * 2000, "quá dài"),
    ("Chi bộ \x07 chuông", ""),
])
def test_too_long_or_control_characters_in_names_are_content_errors(content_copy, bad, message):
    _replace(content_copy / "units" / "xa-chau-hung-a.yaml", "name: Chi bộ ấp Chắt Đốt", f'name: "{bad}"')
    with pytest.raises(ContentError) as caught:
        check(content_copy)
    errors = [str(p) for p in caught.value.errors]
    assert errors and all("xa-chau-hung-a.yaml:" in e for e in errors)
    assert message in errors[0]


# -- LibreOffice ---------------------------------------------------------------------

@pytest.mark.office
def test_libreoffice_converts_every_example_form(example, tmp_path):
    project, _, files = example
    written = []
    for form in project.forms.values():
        for path, stem in ((paths.form_blank_docx(form), f"trong-{form.id}"),
                           (paths.form_filled_docx(project.units[CELL], form), f"dien-{form.id}")):
            target = tmp_path / f"{stem}.docx"
            target.write_bytes(files[path])
            written.append(target)
    texts = to_pdf_text(written, tmp_path)
    for form in project.forms.values():
        filled_text = " ".join(texts[f"dien-{form.id}"].split())
        assert "CHI BỘ ẤP CHẮT ĐỐT" in filled_text, form.id
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in " ".join(texts[f"trong-{form.id}"].split())
        if any(type(b).__name__ == "CheckboxBlock" for b in form.blocks):
            for level in CLASSIFICATION_LEVELS:
                assert f"☐ {level}" in filled_text, (form.id, level)


def test_escaped_control_characters_are_dropped_not_written(content_copy):
    _replace(content_copy / "forms" / "mau-02-ca-nhan.yaml", 'heading: "VI. PHƯƠNG HƯỚNG,',
             'heading: "VI. PHƯƠNG\\u0007 HƯỚNG\\x0b,')
    _replace(content_copy / "units" / "xa-chau-hung-a.yaml", "name: Chi bộ ấp Chắt Đốt",
             'name: "Chi bộ\\u0000 ấp Chắt Đốt"')
    project, _ = check(content_copy)
    files = render_all(derive_campaign(project))
    data = files[paths.form_filled_docx(project.units[CELL], project.forms["mau-02-ca-nhan"])]
    text = text_of(data)
    assert "VI. PHƯƠNG HƯỚNG" in text and "CHI BỘ ẤP CHẮT ĐỐT" in text
    page = files[paths.form_page(project.forms["mau-02-ca-nhan"])].decode()
    assert "VI. PHƯƠNG HƯỚNG" in page and not any(c in page for c in "\x00\x07\x0b")


def test_a_form_master_is_found_by_its_value_once_laid_out(monkeypatch):
    """A value's fills find its master by the value: its spec is made and hashed (deep, every cell) once."""
    import dataclasses

    from generator.outputs import form_docx
    from generator.render_docx import DocSpec

    project, _ = check(CONTENT)
    value = next(iter(form_docx.masters(derive_campaign(project)).values()))
    made, hashed = [], []
    real_spec, real_hash = form_docx.form_spec, DocSpec.__hash__
    monkeypatch.setattr(form_docx, "form_spec", lambda *args: made.append(args) or real_spec(*args))
    monkeypatch.setattr(DocSpec, "__hash__", lambda spec: hashed.append(spec) or real_hash(spec))
    monkeypatch.setattr(form_docx, "_specs", {})
    first, hashes = form_docx.master_of(value), len(hashed)
    assert len(made) == 1 and hashes in (1, 2)  # looked up, and stored if new
    assert all(form_docx.master_of(value) is first for _ in range(3))  # a unit's fills: nothing made, nothing hashed
    assert (len(made), len(hashed)) == (1, hashes)
    twin = dataclasses.replace(value)  # an equal value, another object: its spec is equal, the layout reused
    assert form_docx.master_of(twin) is first and (len(made), len(hashed)) == (2, hashes + 1)
