"""The district's summary report as a Party document (same style and signature as the plans).

A spec for :mod:`generator.render_docx` (the only place touching python-docx)
built from the :class:`~.summary.Summary` alone, plus the publisher's header
and signature.
"""

from __future__ import annotations

from generator import model
from generator.campaign import unit_plan
from generator.outputs.plan_document import docx_style
from generator.render_docx import (Cell, DocSpec, Heading, Paragraph, PartyHeader, Recipients, Signature,
                                   SignatureBlock, Summary as SummaryLine, Table, Title, render)
from generator.results.labels import STATE_ORDER, STATES
from generator.results.summary import Line, Summary

TABLE_SIZE = 12.0
RECIPIENTS = ("- Ban Thường vụ Tỉnh ủy (báo cáo),", "- Ban Tổ chức Tỉnh ủy,", "- Lưu Văn phòng.")


def report_bytes(project: model.Project, plan: model.Plan, summary: Summary) -> bytes:
    """The summary report's DOCX (the build renders :func:`report_spec`'s value itself)."""
    return render(report_spec(project, plan, summary))


def report_spec(project: model.Project, plan: model.Plan, summary: Summary) -> DocSpec:
    """The document: header, title, progress, results, tables, rule checks, signature."""
    style = docx_style(project.organisation.document_style)
    unit = project.publisher
    code = project.kinds[unit.kind].body_code
    header = PartyHeader(issuer=unit.issuing_body, superior=project.organisation.superior.name,
                         number=f"Số      -BC/{code}",
                         place_date=f"{unit_plan.place(project, unit)}, ngày …  tháng …  năm …")
    signature = unit.signature or project.kinds[unit.kind].signature or model.Signature(
        on_behalf=f"T/M {unit.issuing_body.upper()}", title="BÍ THƯ")
    width = style.text_width_mm
    blocks = [Title("BÁO CÁO"),
              SummaryLine(f"Kết quả kiểm điểm, đánh giá, xếp loại chất lượng tổ chức đảng và đảng viên "
                          f"năm {summary.year}"),
              *progress_blocks(summary), *member_blocks(summary, width), *table_blocks(summary, width),
              *rule_blocks(summary),
              SignatureBlock((Signature(title=(signature.on_behalf, signature.title), name=signature.name),),
                             recipients=Recipients(RECIPIENTS))]
    return DocSpec(title=f"Báo cáo kết quả xếp loại năm {summary.year}", date=plan.date, blocks=tuple(blocks),
                   header=header, style=style)


def progress_blocks(summary: Summary) -> list:
    counts = {state: sum(1 for s in summary.progress if s.state == state) for state in STATE_ORDER}
    parts = ", ".join(f"{STATES[state].lower()} {n}" for state, n in counts.items() if n)
    return [Heading("I. TÌNH HÌNH BÁO CÁO"),
            Paragraph(f"Có {len(summary.progress)} tổ chức cơ sở đảng phải báo cáo kết quả: {parts}.")]


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%".replace(".", ",") if whole else "–"


def member_blocks(summary: Summary, width: float) -> list:
    total = summary.total
    rated = sum(total.rated)
    not_rated = "; ".join(f"{label.lower()}: {n}" for label, n in summary.not_rated)
    rows = tuple((Cell(name), Cell(str(n), align="center"), Cell(_percent(n, rated), align="center"))
                 for name, n in zip(summary.level_names, total.rated))
    cells = tuple((Cell(name), Cell(str(n), align="center"), Cell(_percent(n, sum(total.cells)), align="center"))
                  for name, n in zip(summary.level_names, total.cells))
    widths = (round(width * 0.6, 1), round(width * 0.2, 1), round(width * 0.2, 1))
    return [Heading("II. KẾT QUẢ XẾP LOẠI ĐẢNG VIÊN"),
            Paragraph(f"Tổng số đảng viên trong các báo cáo đã nhận: {total.members}; không xếp loại: "
                      f"{total.not_rated} ({not_rated}); được xếp loại: {rated}, trong đó:"),
            Table(widths, (("Mức xếp loại", "Số đảng viên", "Tỷ lệ"),), rows, TABLE_SIZE),
            Heading("III. KẾT QUẢ XẾP LOẠI CHI BỘ"),
            Table(widths, (("Mức xếp loại", "Số chi bộ", "Tỷ lệ"),), cells, TABLE_SIZE)]


def level_table(summary: Summary, first: str, lines: tuple[Line, ...], width: float, proposed: bool) -> Table:
    """Members by level per line (and the organisation's own proposal)."""
    extra = ("Tự đề xuất",) if proposed else ()
    header = (first, "Đảng viên", *summary.levels, *extra)
    name_share = 0.3
    rest = round(width * (1 - name_share) / (len(header) - 1), 1)
    widths = (round(width * name_share, 1), *(rest,) * (len(header) - 1))
    rows = tuple((Cell(line.label), Cell(str(line.members), align="center"),
                  *(Cell(str(n), align="center") for n in line.rated),
                  *((Cell(line.proposed or STATES[line.state], align="center"),) if proposed else ()))
                 for line in lines)
    return Table(widths, (header,), rows, TABLE_SIZE)


def table_blocks(summary: Summary, width: float) -> list:
    return [Heading("IV. KẾT QUẢ THEO LOẠI HÌNH TỔ CHỨC CƠ SỞ ĐẢNG"),
            level_table(summary, "Loại hình", summary.by_category, width, False),
            Heading("V. KẾT QUẢ THEO TỔ CHỨC CƠ SỞ ĐẢNG VÀ MỨC TỰ ĐỀ XUẤT"),
            level_table(summary, "Tổ chức cơ sở đảng", summary.by_organisation, width, True)]


def rule_blocks(summary: Summary) -> list:
    return [Heading("VI. KIỂM TRA VIỆC THỰC HIỆN QUY ĐỊNH"),
            Paragraph(f"Tỷ lệ đảng viên hoàn thành xuất sắc nhiệm vụ tối đa: {summary.cap}."),
            *(Paragraph(f"- {line}") for line in summary.outcome)]
