"""The results page of the site: reporting progress and results, aggregates only.

Charts are SVG files beside the page, each followed by the same numbers in a
table. Every content text is escaped (it is data in HTML).
"""

from __future__ import annotations

from html import escape

from generator.outputs.markdown_text import heading_id
from generator.workdays import vn_date
from generator.results.labels import STATE_ORDER, STATES
from generator.results.summary import Summary

SECTION = "ket-qua"
PAGE = f"{SECTION}/index.md"
REPORT_DOCX = f"{SECTION}/bao-cao-ket-qua.docx"
STATS_XLSX = f"{SECTION}/thong-ke-ket-qua.xlsx"
CHARTS = {"members": f"{SECTION}/bieu-do-dang-vien.svg", "cells": f"{SECTION}/bieu-do-chi-bo.svg",
          "progress": f"{SECTION}/bieu-do-tien-do.svg"}


def chart_values(summary: Summary) -> dict[str, tuple[str, tuple[str, ...], tuple[int, ...]]]:
    """(title, labels, values) of each chart."""
    counts = tuple(sum(1 for s in summary.progress if s.state == state) for state in STATE_ORDER)
    return {"members": ("Đảng viên theo mức xếp loại", summary.levels, summary.total.rated),
            "cells": ("Chi bộ theo mức xếp loại", summary.levels, summary.total.cells),
            "progress": ("Tiến độ báo cáo", tuple(STATES[s] for s in STATE_ORDER), counts)}


def _table(head: tuple[str, ...], rows) -> str:
    cells = "".join(f"<th>{escape(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>"


def _figure(key: str, summary: Summary) -> str:
    title, labels, values = chart_values(summary)[key]
    image = CHARTS[key].rsplit("/", 1)[-1]
    table = _table(("Mức" if key != "progress" else "Tình trạng", "Số"), zip(labels, values))
    return (f'<div class="sotay-chart"><img src="{image}" alt="{escape(title)}" width="640">'
            f"{table}</div>")


def page_markdown(summary: Summary, sizes: dict[str, str], unit_links: dict[str, str],
                  illustrative: bool = False) -> bytes:
    """The page; ``sizes`` labels the downloads, ``unit_links`` maps unit ids to page links."""
    from generator.outputs.templating import render as render_template

    received = sum(1 for s in summary.progress if s.state != "missing")
    note = render_template("pages/_illustrative.md.j2", illustrative=illustrative)
    lines = [_heading("#", f"Kết quả kiểm điểm, xếp loại năm {summary.year}"), "", note,
             f"Tổng hợp từ báo cáo của các tổ chức cơ sở đảng trực thuộc {escape(summary.publisher)}: "
             f"đã nhận {received}/{len(summary.progress)} báo cáo. Trang này chỉ có số liệu tổng hợp.", "",
             f"- [Báo cáo tổng hợp (Word)](bao-cao-ket-qua.docx) · {sizes['docx']}",
             f"- [Bảng thống kê (Excel)](thong-ke-ket-qua.xlsx) · {sizes['xlsx']}", "",
             _heading("##", "Tiến độ báo cáo"), "", _figure("progress", summary), "", _progress_table(summary, unit_links), "",
             _heading("##", "Đảng viên theo mức xếp loại"), "", _figure("members", summary), "",
             _heading("##", "Chi bộ theo mức xếp loại"), "", _figure("cells", summary), "",
             _heading("##", "Theo tổ chức cơ sở đảng"), "", _organisation_table(summary), "",
             _heading("##", "Kiểm tra quy định"), "", f"Tỷ lệ xuất sắc tối đa: {escape(summary.cap)}.", "",
             *(f"- {escape(line)}" for line in summary.outcome), ""]
    return "\n".join(lines).encode("utf-8")


def _heading(marks: str, text: str) -> str:
    """A heading with an explicit id that keeps "đ" as "d" (Python-Markdown's slug drops it)."""
    return f"{marks} {text} {{#{heading_id(text)}}}"


def _progress_table(summary: Summary, unit_links: dict[str, str]) -> str:
    head = "<tr><th>Tổ chức cơ sở đảng</th><th>Hạn</th><th>Ngày gửi</th><th>Tình trạng</th></tr>"
    rows = []
    for line, state in zip(summary.by_organisation, summary.progress):
        name = f'<a href="{escape(unit_links[line.unit_id])}">{escape(line.label)}</a>'
        rows.append(f"<tr><td>{name}</td><td>{_day(state.deadline)}</td><td>{_day(state.received)}</td>"
                    f'<td class="sotay-state sotay-state--{state.state}">{escape(STATES[state.state])}</td></tr>')
    return f"<table><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"


def _organisation_table(summary: Summary) -> str:
    head = ("Tổ chức cơ sở đảng", "Đảng viên", *summary.levels, "Tự đề xuất")
    rows = [(line.label, line.members, *line.rated, line.proposed or STATES[line.state])
            for line in summary.by_organisation]
    return _table(head, rows)


def _day(value) -> str:
    return vn_date(value) if value else "–"
