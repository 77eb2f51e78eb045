"""A content form as a DOCX description, and the values that fill it for a unit.

:func:`form_spec` turns a :class:`~generator.model.Form` into the document
spec of :mod:`generator.render_docx` once; every pre-fillable value (the unit's
names, place, year, deadlines; a member's name …) becomes a ``Field``, so one
master per form fills every unit and every roster member at the XML level.
:func:`unit_values` gives a unit's values. Blank forms use the fields' blanks.
"""

from __future__ import annotations

import math
import re
from datetime import date

from generator import model
from generator.render_docx import (Cell, Checkboxes, DocSpec, DocStyle, Field, FillLines, Heading,
                          Paragraph, PartyHeader, ScoreLine, Signature, SignatureBlock, Span,
                          Summary, Table, TextStyle, Title)
from generator.render_docx.measure import fit_name, text_width_mm
from generator.outputs.templating import vn_date

DOTS = "……"
#: What a blank form shows where a value would be pre-filled.
BLANKS = {"unit.name": DOTS, "unit.body": DOTS, "unit.superior": DOTS, "unit.place": DOTS,
          "header.body": DOTS, "header.superior": DOTS,
          "unit.on_behalf": "T/M " + DOTS, "unit.signer": "BÍ THƯ", "plan.year": "20…",
          "unit.body_code": "…"}
DEADLINE_NOTE = "deadline.note"
CELL_PADDING_MM = 4.0  # a table cell's left and right margins in Word and LibreOffice
MIN_LEFT_SHARE = 0.40
SHARE_STEP = 0.05
#: A long place-date line: the right column keeps room for it on one line.
PLACE_DATE_SAMPLE = "Châu Hưng A, ngày … tháng … năm 2022"
PLACEHOLDER = re.compile(r"\{(" + "|".join(re.escape(k) for k in model.PREFILL_KEYS) + r")\}")
CLASSIFICATION_LEVELS = ("Hoàn thành xuất sắc nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
                         "Hoàn thành nhiệm vụ", "Không hoàn thành nhiệm vụ")


def field(key: str) -> Field:
    """The fill slot for a pre-fill key, with its blank."""
    return Field(key, blank=BLANKS.get(key, ""))


def deadline_key(step_id: str) -> str:
    return f"deadline.{step_id}"


def text(value: str):
    """Content text with ``{unit.name}``-style placeholders as fields (a str when none)."""
    parts = PLACEHOLDER.split(value)
    if len(parts) == 1:
        return value
    items = tuple(field(part) if index % 2 else part for index, part in enumerate(parts))
    return tuple(item for item in items if item != "")


def doc_style(style: model.DocumentStyle) -> DocStyle:
    """The organisation's document style for render_docx, every HD 36 element included."""
    margins = style.margins_mm
    elements = tuple((name, TextStyle(size=look.size_pt, caps=look.caps, bold=look.bold,
                                      italic=look.italic, underline=look.underline))
                     for name, look in style.elements)
    return DocStyle(paper=style.paper, margin_top=margins.top, margin_bottom=margins.bottom,
                    margin_left=margins.left, margin_right=margins.right, font=style.font,
                    size=style.size_pt, lang=style.language, elements=elements)


def header_left_share(style: DocStyle, *names: str) -> float:
    """The header's left column share: wide enough for the names, leaving the party line room."""
    width = style.text_width_mm
    party, when = style.element("party"), style.element("place_date")
    right_need = max(text_width_mm("ĐẢNG CỘNG SẢN VIỆT NAM", party.size, party.bold),
                     text_width_mm(PLACE_DATE_SAMPLE, when.size, when.bold)) + CELL_PADDING_MM
    widest = max([text_width_mm(name.upper(), style.element("issuer").size, True) for name in names]
                 or [width])  # no names known (a form shared by every unit): as wide as allowed
    # Shares come in steps, so plans of units with names of similar length share one master.
    share = math.ceil((widest + CELL_PADDING_MM) / width / SHARE_STEP) * SHARE_STEP
    return round(min(max(share, MIN_LEFT_SHARE), (width - right_need) / width), 3)


def header_name(style: DocStyle, name: str, element: str, left_share: float) -> str:
    """A header body name with line breaks where a person would break it, to fit the left column."""
    look = style.element(element)
    usable = style.text_width_mm * left_share - CELL_PADDING_MM
    return fit_name(name, usable, look.size, look.bold, caps=look.caps)


ROW_STEP = 5  # people rows come in steps, so cells of similar size share one laid-out master


def people_rows(project: model.Project, unit: model.Unit) -> int | None:
    """Members a cell reviews (one table row each in minutes and ballots), rounded up to a
    step of 5; None above cells."""
    if project.children.get(unit.id) or unit.members is None:
        return None
    reviewed = max(unit.members.total - unit.members.exempt, 1)
    return -(-reviewed // ROW_STEP) * ROW_STEP


def has_people_table(form: model.Form) -> bool:
    """True when the form has a table with one row per member (its layout depends on the unit)."""
    return any(isinstance(b, model.TableBlock) and b.people for b in form.blocks)


def form_spec(document_style: model.DocumentStyle, form: model.Form, plan: model.Plan | None,
              people: int | None = None) -> DocSpec:
    """The document description of ``form``; unit and member values are fields.

    ``people`` (a cell's reviewed members, see :func:`people_rows`) sizes tables marked
    ``people``: one row each plus the spare rows; without it they keep their ``rows``.
    """
    style = doc_style(document_style)
    blocks = [Title(form.title.upper(), size=15)]
    if form.subtitle:
        blocks.append(Summary(text(form.subtitle), rule=False))
    note = [Paragraph(Field(DEADLINE_NOTE), italic=True, align="center", indent=False)]
    for block in form.blocks:
        # The filled copy's deadline goes under the title and its "(Dùng cho …)" line.
        if note and form.deadline and not _is_guidance(block):
            blocks.extend(note)
            note = []
        if people and isinstance(block, model.TableBlock) and block.people:
            block = block.model_copy(update={"rows": min(people + block.spare_rows, 300)})
        blocks.extend(_BLOCKS[type(block)](block, style))
    return DocSpec(title=f"{form.code}: {form.title}", date=plan.date if plan else date(1980, 1, 1),
                   blocks=tuple(blocks), header=party_header(form, style), style=style)


def _is_guidance(block) -> bool:
    return isinstance(block, model.TextBlock) and block.style == "guidance"


def party_header(form: model.Form, style: DocStyle) -> PartyHeader:
    """Hướng dẫn 36 header: superior and own body left, party and place-date right."""
    number = ("Số      -", form.type_code, "/", field("unit.body_code")) if form.type_code else ""
    place_date = (field("unit.place"), ", ngày … tháng … năm ", field("plan.year"))
    # Header names are their own fields: their values carry line breaks chosen to fit.
    return PartyHeader(issuer=field("header.body"), superior=field("header.superior"),
                       number=number, place_date=place_date, code=form.code,
                       left_share=header_left_share(style))


def _text_block(block: model.TextBlock, _style) -> list:
    return [Paragraph(text(block.text), italic=block.style == "guidance",
                      bold=block.style == "bold")]


def _heading_block(block: model.HeadingBlock, _style) -> list:
    return [Heading(text(block.heading), level=block.level)]


def _fill_block(block: model.FillBlock, _style) -> list:
    value = ""
    if block.prefill:
        value = field(block.prefill)
    elif block.deadline:
        value = field(deadline_key(block.deadline))
    label = text(block.fill + " ") if block.fill else ""
    return [FillLines(label, lines=block.lines, value=value)]


def _checkbox_block(block: model.CheckboxBlock, _style) -> list:
    out = [Paragraph(text(block.label), indent=False, align="left")] if block.label else []
    return out + [Checkboxes(tuple(text(item) for item in block.checkboxes))]


def _score_block(block: model.ScoreBlock, _style) -> list:
    label = Span(text(block.score), bold=True) if block.total else text(block.score)
    return [ScoreLine(label, block.max)]


def _signature_block(block: model.SignatureBlock, _style) -> list:
    place_date = (field("unit.place"), ", ngày … tháng … năm ", field("plan.year"))
    # An empty line keeps the signatures off the last line of the form's body.
    return [Paragraph("", indent=False), SignatureBlock(tuple(
        Signature(title=tuple(text(line) for line in item.title), note=item.note or "",
                  name=field(item.name) if item.name else "",
                  place_date=place_date if item.place_date else "")
        for item in block.signatures))]


def _table_block(block: model.TableBlock, style: DocStyle) -> list:
    leaves = block.leaf_columns
    weights = list(block.widths) if len(block.widths) == len(leaves) else [1.0] * len(leaves)
    scale = style.text_width_mm / sum(weights)
    body = [tuple(Cell(text(value), align="center") for value in row) for row in block.body]
    for number in range(1, block.rows + 1):
        first = str(number) if block.numbered else ""
        body.append((Cell(first, align="center"),) + tuple(Cell("") for _ in leaves[1:]))
    return [Table(widths=tuple(round(w * scale, 2) for w in weights), header=table_header(block),
                  rows=tuple(body), size=block.size)]


def table_header(block: model.TableBlock) -> tuple:
    """One header row, or two when columns are grouped under merged cells."""
    grouped = any(isinstance(c, model.ColumnGroup) for c in block.columns)
    if not grouped:
        return (tuple(Cell(text(c)) for c in block.columns),)
    top, bottom = [], []
    for column in block.columns:
        if isinstance(column, model.ColumnGroup):
            top.append(Cell(text(column.group), colspan=len(column.columns)))
            bottom.extend(Cell(text(c)) for c in column.columns)
        else:
            top.append(Cell(text(column), rowspan=2))
    return (tuple(top), tuple(bottom))


_BLOCKS = {model.TextBlock: _text_block, model.HeadingBlock: _heading_block,
           model.FillBlock: _fill_block, model.TableBlock: _table_block,
           model.CheckboxBlock: _checkbox_block, model.ScoreBlock: _score_block,
           model.SignatureBlock: _signature_block}


# --- values -------------------------------------------------------------------


def unit_values(project: model.Project, unit: model.Unit, plan: model.Plan | None,
                schedules: dict, form: model.Form | None = None) -> dict[str, str]:
    """Everything pre-filled for ``unit``: names, superior, place, year, deadlines, counts."""
    return form_values(shared_values(project, unit, plan, schedules), form)


def shared_values(project: model.Project, unit: model.Unit, plan: model.Plan | None,
                  schedules: dict) -> dict[str, str]:
    """The values of ``unit`` every form shares: all of :func:`unit_values` but the form's deadline note.

    Worked out once per unit and build by the filled forms (a unit fills several forms).
    """
    parent = project.units.get(unit.parent or "")
    kind = project.kinds[unit.kind]
    signature = unit.signature or kind.signature
    superior = parent.name if parent else project.organisation.superior.header_name
    values = {
        "unit.name": unit.name, "unit.body": unit.issuing_body, "unit.superior": superior,
        **header_values(project.organisation.document_style, superior, unit.issuing_body),
        "unit.place": place_of(project, unit), "unit.body_code": kind.body_code,
        "plan.year": str(plan.year) if plan else "",
        # A unit without units under it is where members meet: its own cell.
        "member.cell": "" if project.children.get(unit.id) else unit.name,
    }
    if signature:
        values |= {"unit.on_behalf": signature.on_behalf, "unit.signer": signature.title}
    if unit.members:
        values |= {f"unit.members.{part}": str(getattr(unit.members, part))
                   for part in ("total", "exempt", "retired", "new")}
    values |= deadline_values(project, unit, schedules)
    return values


def form_values(shared: dict[str, str], form: model.Form | None) -> dict[str, str]:
    """A form's own copy of a unit's shared values, with the note of the form's deadline (if it has one)."""
    return shared | own_values(shared, form)


def own_values(shared: dict[str, str], form: model.Form | None) -> dict[str, str]:
    """What a form adds to a unit's shared values: the note of the form's deadline, if it has one."""
    if form is not None and form.deadline and deadline_key(form.deadline) in shared:
        return {DEADLINE_NOTE: f"(Hạn hoàn thành theo kế hoạch: {shared[deadline_key(form.deadline)]})"}
    return {}


def header_values(document_style: model.DocumentStyle, superior: str, body: str) -> dict[str, str]:
    """The form header's superior and body lines, broken to fit its left column."""
    style, share = _header_layout(document_style)
    return {"header.superior": header_name(style, superior, "superior", share),
            "header.body": header_name(style, body, "issuer", share)}


_layout: list = []  # [(document style, its DocStyle, header share)]: every form of a build shares it


def _header_layout(document_style: model.DocumentStyle) -> tuple[DocStyle, float]:
    """The style and header column share, worked out once per document style object."""
    if not _layout or _layout[0][0] is not document_style:
        style = doc_style(document_style)
        _layout[:] = [(document_style, style, header_left_share(style))]
    return _layout[0][1], _layout[0][2]


def place_of(project: model.Project, unit: model.Unit) -> str:
    """The place name of the date line: the unit's own, else the nearest ancestor's."""
    for holder in [unit, *project.ancestors(unit)]:
        if holder.place:
            return holder.place
    return ""


def deadline_values(project: model.Project, unit: model.Unit, schedules: dict) -> dict[str, str]:
    """``deadline.<step>`` for every step the unit (or its nearest ancestor) has."""
    values: dict[str, str] = {}
    for holder in reversed([unit, *project.ancestors(unit)]):
        schedule = schedules.get(holder.id)
        for step in getattr(schedule, "steps", ()):
            values[deadline_key(step.id)] = vn_date(step.end)
    return values


def blank_values() -> dict[str, str]:
    """Values of the blank form: none (every field shows its blank)."""
    return {}
