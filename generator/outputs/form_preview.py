"""A form's structure as readable, searchable page text (Markdown and escaped HTML)."""

from __future__ import annotations

import html

from generator import model
from generator.model import Form
from generator.outputs.form_spec import BLANKS, DOTS, PLACEHOLDER
from generator.outputs.markdown_text import heading_id, md_escape
from generator.outputs.page import CONTROL_CHARS

#: Anchors the form page template uses itself (form headings must not take them).
PAGE_ANCHORS = ("mau", "tai-ve", "xem-truoc", "ban-dien-san")
#: Who a form is for, as readers name them.
AUDIENCE_NAMES = {
    "collective": "Tập thể (cấp ủy, chi bộ, tập thể lãnh đạo)",
    "leader": "Đảng viên giữ chức vụ lãnh đạo, quản lý",
    "member": "Đảng viên không giữ chức vụ lãnh đạo, quản lý",
    "outside": "Đảng viên ngoài hệ thống chính trị (hưu trí, học sinh, sinh viên, khu vực tư nhân)",
    "individual": "Mọi đảng viên (một bản kiểm điểm chung)",
    "unit": "Tổ chức đảng",
}


def preview(form: Form) -> str:
    """The form's structure as Markdown and escaped HTML, blanks shown as dots."""
    parts = [_header(form), _center(_h(form.title.upper()), bold=True)]
    if form.subtitle:
        parts.append(_center(_h(form.subtitle), bold=True))
    used = set(PAGE_ANCHORS)
    for block in form.blocks:
        if isinstance(block, model.HeadingBlock):
            parts.append(_heading(block, used))
        else:
            parts.append(_PREVIEW[type(block)](block))
    return "\n\n".join(parts) + "\n"


def _plain(text: str) -> str:
    """Content text with placeholders shown as the blank form shows them."""
    return CONTROL_CHARS.sub("", PLACEHOLDER.sub(lambda m: BLANKS.get(m.group(1), DOTS), text))


def _h(text: str) -> str:
    return html.escape(_plain(text), quote=True)


# Form tables carry a class, so the theme leaves them unstyled: layout is inline.
_HALF = "width:50%;text-align:center;vertical-align:top;border:none"


def _center(escaped: str, bold: bool = False, italic: bool = False) -> str:
    inner = f"<strong>{escaped}</strong>" if bold else escaped
    inner = f"<em>{inner}</em>" if italic else inner
    return f'<p style="text-align:center">{inner}</p>'


def _header(form: Form) -> str:
    number = f"<br>Số &nbsp;&nbsp;&nbsp;-{_h(form.type_code)}/…" if form.type_code else ""
    return (
        f'<table class="sotay-form-header" style="width:100%"><tr>'
        f'<td style="{_HALF}">{DOTS}<br><strong>{DOTS}</strong><br>*{number}</td>'
        f'<td style="{_HALF}"><small><em>{_h(form.code)}</em></small><br>'
        "<strong>ĐẢNG CỘNG SẢN VIỆT NAM</strong><br>"
        f"<em>{DOTS}, ngày … tháng … năm 20…</em></td>"
        "</tr></table>")


def _text(block: model.TextBlock) -> str:
    text = md_escape(_plain(block.text))
    return {"guidance": f"*{text}*", "bold": f"**{text}**"}.get(block.style, text)


def _heading(block: model.HeadingBlock, used: set[str]) -> str:
    """Parts and sections as page headings (h3, h4) with unique anchors; level 3 as in Word."""
    text = md_escape(_plain(block.heading))
    if block.level == 3:
        return f"***{text}***"
    anchor, count = heading_id(_plain(block.heading)), 1
    while anchor in used:
        count += 1
        anchor = f"{heading_id(_plain(block.heading))}-{count}"
    used.add(anchor)
    return "#" * (block.level + 2) + f" {text} {{#{anchor}}}"


def _fill(block: model.FillBlock) -> str:
    dots = "…" * 40
    # A label's own line keeps room for it, so the line does not wrap on a desktop screen.
    first = f"{_h(block.fill)} {'…' * max(8, 40 - len(block.fill) * 2 // 3)}" if block.fill else dots
    lines = [first] + [dots] * (block.lines - 1)
    return '<p class="sotay-fill">' + "<br>".join(lines) + "</p>"


def _table(block: model.TableBlock) -> str:
    grouped = any(isinstance(c, model.ColumnGroup) for c in block.columns)
    top, bottom = [], []
    for column in block.columns:
        if isinstance(column, model.ColumnGroup):
            top.append(f'<th colspan="{len(column.columns)}">{_h(column.group)}</th>')
            bottom.extend(f"<th>{_h(c)}</th>" for c in column.columns)
        else:
            top.append(f'<th rowspan="2">{_h(column)}</th>' if grouped else f"<th>{_h(column)}</th>")
    head = "<tr>" + "".join(top) + "</tr>" + ("<tr>" + "".join(bottom) + "</tr>" if grouped else "")
    width = len(block.leaf_columns)
    rows = [[_h(cell) for cell in row] for row in block.body]
    rows += [[str(n) if block.numbered else ""] + [""] * (width - 1) for n in range(1, block.rows + 1)]
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    # No class: the theme styles it like every content table (borders, header shading).
    return f"<table><thead>{head}</thead><tbody>{body}</tbody></table>"


def _checkboxes(block: model.CheckboxBlock) -> str:
    label = md_escape(_plain(block.label)) + "\n\n" if block.label else ""
    return label + "\n".join(f"- ☐ {md_escape(_plain(item))}" for item in block.checkboxes)


def _score(block: model.ScoreBlock) -> str:
    label = md_escape(_plain(block.score))
    label = f"**{label}**" if block.total else label
    return f"{label} ……/{block.max} điểm"


def _signatures(block: model.SignatureBlock) -> str:
    cells = []
    for item in block.signatures:
        lines = [f"<strong>{_h(line.upper())}</strong>" for line in item.title]
        if item.note:
            lines.append(f"<em>{_h(item.note)}</em>")
        cells.append(f'<td style="{_HALF}">' + "<br>".join(lines) + "</td>")
    if len(cells) == 1:
        cells.insert(0, f'<td style="{_HALF}"></td>')
    return '<table class="sotay-form-signatures" style="width:100%"><tr>' + "".join(cells) + "</tr></table>"


_PREVIEW = {model.TextBlock: _text, model.FillBlock: _fill,
            model.TableBlock: _table, model.CheckboxBlock: _checkboxes, model.ScoreBlock: _score,
            model.SignatureBlock: _signatures}

