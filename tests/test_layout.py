"""Every kind of generated Word document, of both examples and of a synthetic district, read
back through LibreOffice: no page holding only a signature, header names unbroken inside a
name, Times New Roman embedded, HD 36 sizes and weights (see tests/layout_check.py)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import synthetic
from generator.campaign import derive_campaign
from generator.check.rules import check
from generator.outputs import paths
from generator.outputs.form_spec import doc_style, unit_values
from generator.outputs.registry import render_all
from tests.layout_check import Document, check_all

ROOT = Path(__file__).resolve().parents[1]
UNITS_PER_FORM = 3  # filled copies checked per form: the smallest, the largest, the longest name


def sample_units(units: list) -> list:
    """A bounded sample: the units with the fewest and most members and the longest name."""
    if len(units) <= UNITS_PER_FORM:
        return units
    by_size = sorted(units, key=lambda u: (u.members.total if u.members else 0, u.id))
    longest = max(units, key=lambda u: (len(u.issuing_body), u.id))
    picked = {unit.id: unit for unit in (by_size[0], by_size[-1], longest)}
    return list(picked.values())


def documents_of(content: Path, label: str) -> tuple[list[Document], object]:
    """Every plan kind and every form (blank and a sample of filled copies) of a content folder."""
    project, _ = check(content)
    campaign = derive_campaign(project)
    files = render_all(campaign)
    docs = []
    plans = campaign.unit_plans
    kinds: dict[str, str] = {}
    for unit_id, plan in plans.items():  # one plan per unit kind, and the longest body name
        kinds.setdefault(project.units[unit_id].kind, unit_id)
    longest = max(plans, key=lambda unit_id: len(plans[unit_id].issuer))
    for unit_id in dict.fromkeys([*kinds.values(), longest]):
        plan = plans[unit_id]
        data = files[paths.plan_docx(project.units[unit_id], plan.year)]
        docs.append(Document(f"{label}-ke-hoach-{unit_id}", data, plan.superior, plan.issuer))
    for form_id, form in project.forms.items():
        docs.append(Document(f"{label}-trong-{form_id}", files[paths.form_blank_docx(form)]))
        for unit in sample_units(campaign.users[form_id]):
            values = unit_values(project, unit, campaign.plan, campaign.schedules, form)
            docs.append(Document(f"{label}-{form_id}-{unit.id}", files[paths.form_filled_docx(unit, form)],
                                 values["unit.superior"], values["unit.body"]))
    return docs, doc_style(project.organisation.document_style)


def synthetic_district(root: Path) -> Path:
    """A synthetic district handing out the example's forms (its own plan, every form kind)."""
    content = synthetic.write_tree(root / "content", 60, dense=False)  # its forms are replaced
    shutil.rmtree(content / "forms")
    shutil.copytree(ROOT / "content" / "forms", content / "forms")
    shutil.copytree(ROOT / "content" / "rulesets", content / "rulesets")
    plan = content / "plans" / "ke-hoach-2022.yaml"
    text = plan.read_text(encoding="utf-8").replace(
        "forms: [mau-tap-the]",
        "forms: [mau-01-bao-cao-tap-the, mau-02-ca-nhan, bien-ban-hoi-nghi-kiem-diem, "
        "phieu-bieu-quyet-xep-loai, ke-hoach-khac-phuc]").replace(
        "forms:\n", "    - {id: khac-phuc, title: Kế hoạch khắc phục, level: co-so, end: 31/01/2023,"
                    " after: kiem-diem}\nforms:\n", 1)
    plan.write_text(text, encoding="utf-8")
    return content


@pytest.mark.office
def test_every_generated_document_passes_the_layout_checker(tmp_path):
    documents, style = documents_of(ROOT / "content", "vd2022")
    more, style_2026 = documents_of(ROOT / "examples" / "xa-2026" / "content", "xa2026")
    district, _ = documents_of(synthetic_district(tmp_path / "tonghop"), "tonghop")
    assert style_2026 == style  # one style checks all three
    report = check_all(documents + more + district, style, tmp_path)
    print(f"\nlayout: {report.documents} documents, {report.pages} pages, "
          f"{len(report.violations)} violations; fonts {sorted(report.fonts)}")
    assert report.documents == len(documents + more + district) > 60
    assert report.violations == []


# -- the checker itself catches what it looks for (no LibreOffice needed) ------------------

def test_checker_flags_a_page_opening_with_a_signature_and_a_name_split_inside():
    from tests.layout_check import Report, check_header, check_pages

    report = Report()
    document = Document("x", b"", "Đảng bộ huyện Vĩnh Lợi", "Đảng ủy thị trấn Châu Hưng")
    check_pages(document, ["trang 1", "2\n(Kèm theo phiếu)\n\n   T/M ĐẢNG ỦY\n   BÍ THƯ\n"], report)
    header = ("ĐẢNG BỘ HUYỆN VĨNH LỢI     ĐẢNG CỘNG SẢN VIỆT NAM\nĐẢNG ỦY THỊ TRẤN CHÂU\n"
              "HƯNG\n*\n")
    check_header(document, [header], report)
    assert [v.split(":")[1].strip()[:11] for v in report.violations] == ["trang 2 chỉ", "tên bị ngắt"]
    good = Report()
    check_pages(document, ["trang 1", "2\n☐ Hoàn thành nhiệm vụ\n(Kèm theo phiếu)\nT/M ĐẢNG ỦY\n"], good)
    check_header(document, ["ĐẢNG BỘ HUYỆN VĨNH LỢI\nĐẢNG ỦY\nTHỊ TRẤN CHÂU HƯNG\n*\n"], good)
    assert good.violations == []
