"""Forms stage: every form as a web page, a blank DOCX and a ready-filled DOCX per unit.

Each form's master is laid out once with python-docx (:mod:`generator.form_spec`
describes it); every unit's copy is an XML-level fill of that master, so a
district of thousands of cells costs milliseconds per form. The page shows the
form's structure as readable, searchable text, with the blank download and a
link to every unit's filled copy, grouped by the unit above.
"""

from __future__ import annotations

import html
import re
from generator import model
from generator.outputs import paths
from generator.outputs.form_spec import BLANKS, DOTS, PLACEHOLDER, blank_values, form_spec, unit_values
from generator.outputs.markdown_text import heading_id, md_escape
from generator.model import Form, Project, Unit
from generator.render_docx import build_master
from generator.outputs.pages import download_label
from generator.campaign.schedule import current_plan
from generator.outputs.templating import render as render_template

#: Anchors the page template uses itself (form headings must not take them).
PAGE_ANCHORS = ("mau", "tai-ve", "xem-truoc", "ban-dien-san")
AUDIENCE_NAMES = {
    "collective": "Tập thể (cấp ủy, chi bộ, tập thể lãnh đạo)",
    "leader": "Đảng viên giữ chức vụ lãnh đạo, quản lý",
    "member": "Đảng viên không giữ chức vụ lãnh đạo, quản lý",
    "outside": "Đảng viên ngoài hệ thống chính trị (hưu trí, học sinh, sinh viên, khu vực tư nhân)",
    "unit": "Tổ chức đảng",
}


def render(project: Project, schedules: dict) -> dict[str, bytes]:
    """Form pages, the forms catalogue, blank DOCX and every unit's filled DOCX."""
    plan = current_plan(project)
    users = form_users(project)
    files: dict[str, bytes] = {}
    for form in project.forms.values():
        master = build_master(form_spec(project, form, plan))
        blank = master.fill(blank_values())
        files[paths.form_blank_docx(form)] = blank
        for unit in users[form.id]:
            values = unit_values(project, unit, plan, schedules, form)
            files[paths.form_filled_docx(unit, form)] = master.fill(values)
        files[paths.form_page(form)] = form_page(project, form, users[form.id], len(blank))
    files[paths.section_index(paths.FORMS)] = catalogue(project, users)
    return files


def form_users(project: Project) -> dict[str, list[Unit]]:
    """Units using each form (by kind, under any plan), in content order."""
    kinds: dict[str, set[str]] = {form_id: set() for form_id in project.forms}
    for plan in project.plans.values():
        for assignment in plan.forms:
            for form_id in assignment.forms:
                kinds.setdefault(form_id, set()).update(assignment.kinds)
    return {form_id: [u for u in project.units.values() if u.kind in kinds[form_id]]
            for form_id in project.forms}


def forms_for_kind(project: Project, kind: str) -> list[Form]:
    """Forms units of ``kind`` use, in content order."""
    users = {form_id for plan in project.plans.values() for a in plan.forms
             if kind in a.kinds for form_id in a.forms}
    return [form for form in project.forms.values() if form.id in users]


# --- pages ----------------------------------------------------------------------


def form_page(project: Project, form: Form, units: list[Unit], blank_size: int) -> bytes:
    """The web page of one form: facts, downloads, preview, filled copies by unit."""
    page = paths.form_page(form)
    blank = paths.form_blank_docx(form)
    text = render_template(
        "forms/page.md.j2", form=form, audience=AUDIENCE_NAMES[form.audience],
        illustrative=form.illustrative or project.organisation.illustrative,
        blank_link=paths.relative(page, blank), blank_label=download_label(blank, blank_size),
        preview=preview(form), groups=unit_groups(project, form, units, page),
        count=len(units))
    return _CONTROL.sub("", text).encode("utf-8")


def catalogue(project: Project, users: dict[str, list[Unit]]) -> bytes:
    """``bieu-mau/index.md``: official forms, then local references."""
    index = paths.section_index(paths.FORMS)
    rows = [{"form": form, "link": paths.relative(index, paths.form_page(form)),
             "audience": AUDIENCE_NAMES[form.audience], "units": len(users[form.id]),
             "blank": paths.relative(index, paths.form_blank_docx(form))}
            for form in project.forms.values()]
    text = render_template("forms/index.md.j2", rows=rows,
                           illustrative=project.organisation.illustrative)
    return _CONTROL.sub("", text).encode("utf-8")


def unit_groups(project: Project, form: Form, units: list[Unit], page: str) -> list[dict]:
    """Filled-copy links grouped under the unit above (the publisher's own first)."""
    groups: dict[str, dict] = {}
    for unit in units:
        parent = project.units.get(unit.parent or "")
        key = parent.id if parent and parent.id != project.organisation.publisher else ""
        title = parent.name if key else project.publisher.name
        group = groups.setdefault(key, {"title": title, "units": []})
        group["units"].append({"name": unit.name,
                               "link": paths.relative(page, paths.form_filled_docx(unit, form))})
    return list(groups.values())


# --- preview ----------------------------------------------------------------------


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
    return _CONTROL.sub("", PLACEHOLDER.sub(lambda m: BLANKS.get(m.group(1), DOTS), text))


def _h(text: str) -> str:
    return html.escape(_plain(text), quote=True)


# Escaped control characters ("\\u0007" in YAML) pass the loader; the DOCX drops them too.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
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

