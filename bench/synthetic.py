"""Synthetic content trees of any size, for benchmarks and scale tests.

``write_tree(root, n)`` writes a content folder that ``sotay check`` accepts,
shaped like a real district publisher: the district committee, grassroots
organisations (communes, townships, agencies, schools …) each in its own unit
file with its cells, three directives, one plan, one form and one guidance
page. Names are Vietnamese and built from place-name syllables; every figure
is invented and deterministic (same ``n``, same bytes).
"""

from __future__ import annotations

from pathlib import Path

from generator.outputs.markdown_text import heading_id

CELLS_PER_ORGANISATION = 9
_SYLLABLES = ("An", "Bình", "Châu", "Hưng", "Long", "Phú", "Thạnh", "Vĩnh", "Hòa", "Tân", "Mỹ", "Lợi",
              "Đông", "Tây", "Thuận", "Phước", "Lộc", "Hiệp", "Thới", "Trung", "Hội", "Điền", "Khánh")
#: (category, organisation name prefix, cell name prefix) of grassroots organisations.
_SHAPES = (("xa", "xã", "ấp"), ("thi-tran", "thị trấn", "khóm"), ("co-quan", "Văn phòng", "Chi bộ phòng"),
           ("truong-hoc", "Trường", "tổ"), ("cong-an", "Công an xã", "đội"))

ORGANISATION = """\
# Cây đơn vị tổng hợp để đo tốc độ (số liệu giả định).
illustrative: true
site_title: Sổ tay kiểm điểm (dữ liệu tổng hợp)
publisher: huyen
superior:
  name: Tỉnh ủy Tổng Hợp
  header: Đảng bộ tỉnh Tổng Hợp
  body_code: TU
current_plan: ke-hoach-2022
levels:
  - {id: huyen, name: Cấp huyện}
  - {id: co-so, name: Cấp cơ sở}
  - {id: chi-bo, name: Chi bộ trực thuộc}
kinds:
  - {id: dang-bo-huyen, name: Đảng bộ huyện, level: huyen, body_code: HU, issues_plan: true}
  - {id: dang-bo-co-so, name: Đảng bộ cơ sở, level: co-so, body_code: ĐU, issues_plan: true}
  - {id: chi-bo-truc-thuoc, name: Chi bộ trực thuộc, level: chi-bo, body_code: CB}
categories:
  - {id: huyen, name: Huyện}
  - {id: xa, name: Xã}
  - {id: thi-tran, name: Thị trấn}
  - {id: co-quan, name: Cơ quan}
  - {id: truong-hoc, name: Trường học}
  - {id: cong-an, name: Công an}
  - {id: ap, name: "Ấp, khóm, tổ"}
"""

DIRECTIVE = """\
id: {id}
number: "{number}"
symbol: {number}-{code}
type: {type}
issuer: {issuer}
date: {date}
title: Về việc kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng, đảng viên năm 2022
summary: Văn bản tổng hợp dùng để đo tốc độ kiểm tra nội dung.
key_points:
  - Kiểm điểm nghiêm túc, thực chất, đúng thời gian theo quy định.
  - Sau kiểm điểm, xây dựng kế hoạch khắc phục hạn chế, khuyết điểm.
"""
DIRECTIVES = (("cv-559-tu", 559, "CV/TU", "Công văn", "Ban Thường vụ Tỉnh ủy", "04/11/2022"),
              ("hd-03-tu", 3, "HD/TU", "Hướng dẫn", "Ban Tổ chức Tỉnh ủy", "07/11/2022"),
              ("hd-01-hu", 1, "HD/HU", "Hướng dẫn", "Ban Thường vụ Huyện ủy", "10/11/2022"))

PLAN = """\
id: ke-hoach-2022
year: 2022
title: Kế hoạch kiểm điểm, đánh giá, xếp loại chất lượng năm 2022
summary: thực hiện Công văn số 559-CV/TU về kiểm điểm, đánh giá, xếp loại chất lượng năm 2022
issuer: huyen
date: 15/11/2022
basis: [cv-559-tu, hd-03-tu, hd-01-hu]
purposes:
  - Đánh giá đúng thực chất kết quả thực hiện nhiệm vụ năm 2022 của từng tập thể, cá nhân.
schedule:
  cascade:
    working_days_before_parent: 3
  steps:
    - {id: trien-khai, title: Triển khai kế hoạch, level: huyen, start: 15/11/2022, end: 18/11/2022}
    - id: kiem-diem
      title: Tổ chức kiểm điểm, đánh giá, xếp loại
      level: co-so
      start: 21/11/2022
      end: 15/12/2022
      after: trien-khai
      cascade: true
    - id: bao-cao-co-so
      title: Báo cáo kết quả về Ban Thường vụ Huyện ủy
      level: co-so
      end: 20/12/2022
      after: kiem-diem
      within: xet-xep-loai
    - {id: xet-xep-loai, title: Xét xếp loại, level: huyen, start: 21/12/2022, end: 29/12/2022,
       after: bao-cao-co-so}
    - {id: bao-cao-tinh, title: Báo cáo Ban Thường vụ Tỉnh ủy, level: huyen, end: 10/01/2023,
       after: xet-xep-loai}
forms:
  - kinds: [dang-bo-co-so, chi-bo-truc-thuoc]
    forms: [mau-tap-the]
  - kinds: [dang-bo-huyen, dang-bo-co-so, chi-bo-truc-thuoc]
    forms: [ban-kiem-diem-ca-nhan, bien-ban-hoi-nghi, phieu-bieu-quyet, ke-hoach-khac-phuc]
  - kinds: [dang-bo-huyen, dang-bo-co-so]
    forms: [mau-lanh-dao]
illustrative: true
"""

FORM = """\
id: mau-tap-the
code: Mẫu 1
title: Báo cáo kiểm điểm tập thể
official: false
audience: collective
blocks:
  - heading: I. Ưu điểm, kết quả đạt được
  - fill: Tên tổ chức đảng
    prefill: unit.name
  - text: (Nêu rõ ưu điểm, kết quả đạt được.)
    style: guidance
illustrative: true
"""

_DENSE_FORMS = "  - kinds: [dang-bo-huyen, dang-bo-co-so, chi-bo-truc-thuoc]\n"
#: The example's other forms, in short: an individual review, meeting minutes and a voting slip
#: with one row per member, a remediation plan, and a leadership review for party committees.
FORMS = {
    "ban-kiem-diem-ca-nhan": """\
id: ban-kiem-diem-ca-nhan
code: Mẫu 2
title: Bản kiểm điểm cá nhân
subtitle: Năm {plan.year}
official: false
audience: individual
deadline: kiem-diem
blocks:
  - fill: "Họ và tên:"
    prefill: member.name
  - fill: "Sinh hoạt tại chi bộ:"
    prefill: member.cell
  - heading: I. Ưu điểm, kết quả đạt được
  - fill: ""
    lines: 4
  - heading: II. Hạn chế, khuyết điểm và nguyên nhân
  - fill: ""
    lines: 4
  - checkboxes: [Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ]
illustrative: true
""",
    "bien-ban-hoi-nghi": """\
id: bien-ban-hoi-nghi
code: Mẫu BB
title: Biên bản hội nghị kiểm điểm
official: false
audience: collective
deadline: kiem-diem
blocks:
  - fill: "Tên tổ chức đảng:"
    prefill: unit.name
  - fill: "Thời gian, địa điểm:"
  - columns: [TT, Họ và tên đảng viên, Mức xếp loại đề xuất, Ghi chú]
    widths: [1, 6, 4, 3]
    rows: 8
    numbered: true
    people: true
  - fill: ""
    lines: 3
illustrative: true
""",
    "phieu-bieu-quyet": """\
id: phieu-bieu-quyet
code: Mẫu PBQ
title: Phiếu biểu quyết
subtitle: Đề xuất mức xếp loại chất lượng đảng viên năm {plan.year}
official: false
audience: collective
blocks:
  - text: (Đánh dấu X vào một ô tương ứng với mức xếp loại đề xuất cho từng đảng viên.)
    style: guidance
  - columns:
      - TT
      - Họ và tên đảng viên
      - group: Mức xếp loại đề xuất
        columns: [Xuất sắc, Tốt, Hoàn thành, Không hoàn thành]
    widths: [1, 5, 2, 2, 2, 2]
    rows: 8
    numbered: true
    people: true
illustrative: true
""",
    "ke-hoach-khac-phuc": """\
id: ke-hoach-khac-phuc
code: Mẫu KHKP
title: Kế hoạch khắc phục hạn chế, khuyết điểm
official: false
audience: unit
blocks:
  - heading: I. Hạn chế, khuyết điểm và biện pháp khắc phục
  - columns: [TT, "Hạn chế, khuyết điểm", Biện pháp khắc phục, Người chịu trách nhiệm, Thời gian hoàn thành]
    widths: [1, 4, 4, 3, 2.4]
    rows: 5
    numbered: true
  - fill: "Hạn hoàn thành:"
    deadline: kiem-diem
illustrative: true
""",
    "mau-lanh-dao": """\
id: mau-lanh-dao
code: Mẫu 4
title: Phiếu phân tích chất lượng tập thể lãnh đạo, quản lý
official: false
audience: collective
blocks:
  - fill: "Tên tập thể:"
    prefill: unit.name
  - heading: I. Kết quả thực hiện nhiệm vụ
  - fill: ""
    lines: 3
  - checkboxes: [Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ]
illustrative: true
""",
}

GUIDANCE = """\
---
title: Quy trình kiểm điểm
issued: 16/11/2022
---

Trang hướng dẫn tổng hợp.
"""


def slug(text: str) -> str:
    """ASCII slug of Vietnamese text: "Vĩnh Hưng A" -> "vinh-hung-a"."""
    return heading_id(text)


_PAIRS = [(a, b) for a in _SYLLABLES for b in _SYLLABLES if a != b]


def place_name(index: int) -> str:
    """A distinct two-syllable place name for every index (numbered once pairs run out)."""
    # 7 is coprime with len(_PAIRS), so stepping by it visits every pair once, well mixed.
    first, second = _PAIRS[(index * 7) % len(_PAIRS)]
    rounds = index // len(_PAIRS)
    return f"{first} {second}" + (f" {rounds + 1}" if rounds else "")


def organisation_sizes(n: int) -> list[int]:
    """Cells per grassroots organisation so that 1 + organisations + cells == n."""
    if n < 2:
        raise ValueError("a tree needs the publisher and at least one organisation")
    sizes = [CELLS_PER_ORGANISATION] * ((n - 1) // (CELLS_PER_ORGANISATION + 1))
    remainder = (n - 1) - len(sizes) * (CELLS_PER_ORGANISATION + 1)
    if remainder:
        sizes.append(remainder - 1)
    return sizes


def unit_block(unit_id: str, name: str, kind: str, category: str, total: int,
               parent: str | None = None) -> str:
    """One unit entry of a units file."""
    lines = [f"  - id: {unit_id}", f"    name: {name}", f"    kind: {kind}", f"    category: {category}"]
    if parent:
        lines.append(f"    parent: {parent}")
    lines += ["    members:", f"      total: {total}", f"      exempt: {total // 12}",
              f"      retired: {total // 9}", f"      new: {total % 3}"]
    return "\n".join(lines) + "\n"


def organisation_file(index: int, cells: int) -> tuple[str, str, int]:
    """(file name, YAML text, member total) of one grassroots organisation and its cells."""
    category, prefix, cell_prefix = _SHAPES[index % len(_SHAPES)]
    place = place_name(index)
    org_id = slug(f"{category} {place}")
    totals = [12 + (index * 7 + j * 13) % 45 for j in range(cells)]
    total = sum(totals) + 5
    parts = [f"# Đảng bộ {prefix} {place} và các chi bộ trực thuộc (số liệu giả định).\n",
             f"parent: {org_id}\nunits:\n",
             unit_block(org_id, f"Đảng bộ {prefix} {place}", "dang-bo-co-so", category, total, "huyen")]
    for j, cell_total in enumerate(totals, start=1):
        parts.append(unit_block(f"{org_id}-{j:02d}", f"Chi bộ {cell_prefix} {_SYLLABLES[j % len(_SYLLABLES)]} {j}",
                                "chi-bo-truc-thuoc", "ap", cell_total))
    return f"{org_id}.yaml", "".join(parts), total


def write_tree(root: Path, n: int, dense: bool = True) -> Path:
    """Write a valid content folder of exactly ``n`` units under ``root``; returns it.

    ``dense`` (the default) adds the example's other forms (:data:`FORMS`), so a
    unit gets about as many documents as in the example; ``dense=False`` keeps
    the one collective form (tests whose expected output lists the forms).
    """
    root = Path(root)
    for folder in ("units", "directives", "plans", "forms", "guidance"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    grand_total = 0
    for index, cells in enumerate(organisation_sizes(n)):
        name, text, total = organisation_file(index, cells)
        (root / "units" / name).write_text(text, encoding="utf-8")
        grand_total += total
    (root / "units" / "huyen.yaml").write_text(
        "units:\n" + unit_block("huyen", "Đảng bộ huyện Tổng Hợp", "dang-bo-huyen", "huyen", grand_total + 50),
        encoding="utf-8")
    (root / "organisation.yaml").write_text(ORGANISATION, encoding="utf-8")
    for directive_id, number, code, kind, issuer, day in DIRECTIVES:
        (root / "directives" / f"{directive_id}.yaml").write_text(DIRECTIVE.format(
            id=directive_id, number=number, code=code, type=kind, issuer=issuer, date=day), encoding="utf-8")
    plan = PLAN if dense else PLAN[:PLAN.index(_DENSE_FORMS)] + PLAN[PLAN.rindex("illustrative: true"):]
    (root / "plans" / "ke-hoach-2022.yaml").write_text(plan, encoding="utf-8")
    (root / "forms" / "mau-tap-the.yaml").write_text(FORM, encoding="utf-8")
    for form_id, text in FORMS.items() if dense else ():
        (root / "forms" / f"{form_id}.yaml").write_text(text, encoding="utf-8")
    (root / "guidance" / "quy-trinh.md").write_text(GUIDANCE, encoding="utf-8")
    return root
