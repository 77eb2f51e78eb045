"""DOCX benchmark: XML-level fills of a pre-built form against python-docx from scratch.

``bench_fill`` is called by ``make bench``. The sample documents here are
also the fixtures of ``tests/test_render_docx.py``: a review form shaped like
Mẫu 2B and an implementation plan, both with illustrative content.
"""

from __future__ import annotations

import time
from datetime import date

from generator.render_docx import (Cell, Checkboxes, DocSpec, Field, FillLines, Heading,
                                   Paragraph, PartyHeader, Recipients, ScoreLine, Signature,
                                   SignatureBlock, Span, Summary, Table, Title, build_master,
                                   render)

LEVELS = ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
          "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ")


def sample_form() -> DocSpec:
    """An individual review form (shaped like Mẫu 2B) whose unit and member are fields."""
    guide = "(Nêu rõ ưu điểm, kết quả đạt được; đối chiếu với cam kết đầu năm.)"
    blocks = (
        Title("BẢN KIỂM ĐIỂM CÁ NHÂN", size=15),
        Summary(("Năm ", Field("year", blank="20…")), rule=False),
        FillLines("Họ và tên: ", value=Field("member.name")),
        FillLines("Ngày sinh: ", value=Field("member.birth")),
        FillLines("Chức vụ Đảng: ", value=Field("member.posts")),
        FillLines("Đơn vị công tác: ", value=Field("unit.name")),
        FillLines("Sinh hoạt tại chi bộ: ", value=Field("cell.name")),
        Heading("A. ƯU ĐIỂM, KẾT QUẢ ĐẠT ĐƯỢC"),
        Heading("I. Về tư tưởng chính trị; phẩm chất đạo đức, lối sống", level=2),
        Paragraph(guide, italic=True),
        FillLines(lines=3),
        Heading("II. Việc thực hiện chức trách, nhiệm vụ được giao", level=2),
        FillLines(lines=3),
        Heading("B. XẾP LOẠI"),
        ScoreLine("Tiêu chí chung, tự chấm:", 30, value=Field("score.general")),
        ScoreLine("Kết quả thực hiện nhiệm vụ, tự chấm:", 70),
        ScoreLine(Span("Tổng điểm tự chấm:", bold=True), 100),
        Paragraph("Tự xếp loại chất lượng:", indent=False, align="left"),
        Checkboxes(LEVELS),
        SignatureBlock((Signature(title=("Ý kiến của chi ủy",), note="(Ký, ghi rõ họ tên)"),
                        Signature(place_date=(Field("place", blank="……"),
                                              ", ngày … tháng … năm ", Field("year")),
                                  title=("Người tự kiểm điểm",), note="(Ký, ghi rõ họ tên)",
                                  name=Field("member.name")))),
    )
    header = PartyHeader(issuer=Field("unit.name", blank="CHI BỘ ……"),
                         superior=Field("unit.superior", blank="ĐẢNG BỘ ……"), code="Mẫu 2B")
    return DocSpec(title=("Bản kiểm điểm cá nhân – ", Field("member.name")),
                   date=date(2025, 11, 20), blocks=blocks, header=header)


def sample_plan() -> DocSpec:
    """An implementation plan of a grassroots committee (illustrative content)."""
    timeline = Table(
        widths=(12, 68, 45, 40),
        header=((Cell("TT", rowspan=2), Cell("Nội dung", rowspan=2),
                 Cell("Chủ trì", rowspan=2), Cell("Thời gian")),
                (Cell("Hoàn thành trước"),)),
        rows=(("1", "Chi bộ trực thuộc kiểm điểm, xếp loại đảng viên", "Các chi bộ", "05/12/2022"),
              ("2", "Đảng ủy kiểm điểm tập thể và cá nhân", "Ban Thường vụ", "15/12/2022"),
              ("3", "Báo cáo kết quả về Ban Thường vụ Huyện ủy", "Văn phòng Đảng ủy",
               "20/12/2022")))
    blocks = (
        Title("KẾ HOẠCH"),
        Summary("kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên năm 2022"),
        Paragraph("Căn cứ Kế hoạch số 45-KH/HU ngày 10/11/2022 của Ban Thường vụ Huyện ủy "
                  "Vĩnh Lợi (minh họa), Đảng ủy xã Châu Hưng A xây dựng kế hoạch như sau:"),
        Heading("I. MỤC ĐÍCH, YÊU CẦU"),
        Paragraph("Đánh giá đúng thực chất chất lượng tổ chức đảng và đảng viên; "
                  "khắc phục hạn chế, khuyết điểm đã được chỉ ra."),
        Heading("II. THỜI GIAN THỰC HIỆN"),
        timeline,
        Heading("III. TỔ CHỨC THỰC HIỆN"),
        Paragraph("Các chi bộ trực thuộc căn cứ kế hoạch này triển khai thực hiện, "
                  "báo cáo kết quả về Đảng ủy đúng thời gian quy định."),
        SignatureBlock((Signature(title=("T/M ĐẢNG ỦY", "BÍ THƯ"), name="Nguyễn Văn An"),),
                       recipients=Recipients(("- Ban Thường vụ Huyện ủy (b/c),",
                                              "- Các chi bộ trực thuộc,", "- Lưu Văn phòng."))),
    )
    header = PartyHeader(superior="Đảng bộ huyện Vĩnh Lợi", issuer="Đảng ủy xã Châu Hưng A",
                         number="Số     -KH/ĐU",
                         place_date="Châu Hưng A, ngày     tháng 11 năm 2022")
    return DocSpec(title="Kế hoạch kiểm điểm năm 2022 – Đảng ủy xã Châu Hưng A",
                   date=date(2022, 11, 18), blocks=blocks, header=header)


def _unit_values(index: int) -> dict[str, str]:
    return {"unit.name": f"Chi bộ ấp Nhà Dài {index}", "unit.superior": "Đảng bộ xã Châu Hưng A",
            "cell.name": f"Chi bộ ấp Nhà Dài {index}", "member.name": f"Nguyễn Văn {index}",
            "place": "Châu Hưng A", "year": "2025"}


def fill_figures(prefix: str, spec, values: list[dict], scratch: int) -> dict:
    """Fills per second of one master next to python-docx from scratch, same run, one core."""
    start = time.perf_counter()
    master = build_master(spec)
    master_s = time.perf_counter() - start
    start = time.perf_counter()
    for filled in values:
        master.fill(filled)
    fill_s = time.perf_counter() - start
    start = time.perf_counter()
    for filled in values[:scratch]:
        render(spec, filled)
    scratch_each = (time.perf_counter() - start) / scratch
    fill_per_s = len(values) / fill_s
    return {f"{prefix}_fill_{len(values)}_per_s": round(fill_per_s, 1),
            f"{prefix}_scratch_per_s": round(1 / scratch_each, 1),
            f"{prefix}_fill_ratio_to_scratch": round(fill_per_s * scratch_each, 1),
            f"{prefix}_master_build_ms": round(master_s * 1000, 2),
            f"{prefix}_fill_total_s": round(fill_s, 3)}


def bench_fill(n: int = 3000, scratch_n: int = 40) -> dict:
    """The render_docx sample form: XML fills per second against python-docx from scratch."""
    return fill_figures("form", sample_form(), [_unit_values(i) for i in range(n)], scratch_n)


if __name__ == "__main__":
    print(bench_fill())
