"""The plan as a Party-format Word document (Hướng dẫn 36-HD/VPTW).

A plan is turned into a :mod:`generator.render_docx` spec whose every text is
a field, so plans of the same shape (same sections, same number of rows)
share one python-docx master and each unit's plan is a fast XML fill.
"""

from __future__ import annotations

import dataclasses

from generator import model
from generator.campaign import unit_plan
from generator.campaign.unit_plan import UnitPlan
from generator.outputs.form_spec import doc_style, header_left_share, header_name
from generator.render_docx import (Cell, DocSpec, DocStyle, Field, Heading, Paragraph, PartyHeader,
                                   Recipients, Signature, SignatureBlock, Summary, Table, Title,
                                   laid_out)

# Share of the text width taken by each timeline column: TT, work, who, from, deadline.
TIMELINE_SHARES = (0.07, 0.39, 0.22, 0.15, 0.17)
TIMELINE_SIZE = 13.0
# Dataclass fields that are layout, not text: never turned into fields.
_LAYOUT_FIELDS = {"align", "party", "paper", "font", "lang", "unit"}


def docx_bytes(plan: UnitPlan, style: model.DocumentStyle) -> bytes:
    """The plan's DOCX; one master is laid out per document shape and reused."""
    spec, values = parametrize(docx_spec(plan, style))
    return laid_out(spec).fill(values)


docx_style = doc_style  # one conversion of the organisation's style, shared with the forms


def docx_spec(plan: UnitPlan, document_style: model.DocumentStyle) -> DocSpec:
    """The Party-format document (Hướng dẫn 36-HD/VPTW) describing one plan."""
    style = docx_style(document_style)
    share = header_left_share(style, plan.issuer, plan.superior)
    header = PartyHeader(issuer=header_name(style, plan.issuer, "issuer", share),
                         superior=header_name(style, plan.superior, "superior", share),
                         number=plan.number, place_date=plan.place_date, left_share=share)
    blocks = [Title(plan.type_name), Summary(plan.summary)]
    blocks += [_docx_block(block, plan, style) for block in plan.blocks]
    blocks.append(SignatureBlock((Signature(title=plan.signature, name=plan.signer),),
                                 recipients=Recipients(plan.recipients)))
    return DocSpec(title=plan.page_title, date=plan.date, blocks=tuple(blocks), header=header,
                   style=style)


def _docx_block(block: unit_plan.Block, plan: UnitPlan, style: DocStyle):
    if block.kind == "h1":
        return Heading(block.text, level=1)
    if block.kind == "h2":
        return Heading(block.text, level=2)
    if block.kind == "li":
        return Paragraph(f"- {block.text}")
    if block.kind == "timeline":
        return timeline_table(plan, style)
    return Paragraph(block.text)


def timeline_table(plan: UnitPlan, style: DocStyle) -> Table:
    """Section IV as a bordered table: number, work, who, from, deadline."""
    widths = tuple(round(share * style.text_width_mm, 1) for share in TIMELINE_SHARES)
    rows = tuple((Cell(row.number, align="center"), Cell(row.title), Cell(row.who),
                  Cell(row.start, align="center"), Cell(row.end, align="center", bold=True))
                 for row in plan.timeline)
    return Table(widths=widths, header=(tuple(plan.columns),), rows=rows, size=TIMELINE_SIZE)


def parametrize(spec: DocSpec) -> tuple[DocSpec, dict[str, str]]:
    """The spec with every non-empty text replaced by a numbered field, and the field values.

    Plans that differ only in wording and dates then give equal specs (the
    master cache key); empty texts stay, since they change the layout.
    """
    values: dict[str, str] = {}

    def walk(item):
        if isinstance(item, str):
            if not item:
                return item
            key = f"t{len(values)}"
            values[key] = item
            return Field(key)
        if isinstance(item, tuple):
            return tuple(walk(part) for part in item)
        if dataclasses.is_dataclass(item) and not isinstance(item, (DocStyle, Field)):
            return dataclasses.replace(item, **{f.name: walk(getattr(item, f.name))
                                                for f in dataclasses.fields(item)
                                                if f.name not in _LAYOUT_FIELDS})
        return item

    return walk(spec), values
