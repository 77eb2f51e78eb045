"""Render stage: each plan-issuing unit's plan as a web page and as a Word document.

Both come from the same :class:`generator.unit_plan.UnitPlan`. Word documents
are laid out by :mod:`generator.render_docx`: the plan is turned into a spec
whose every text is a field, so plans of the same shape (same sections, same
number of rows) share one python-docx master and each unit is a fast XML
fill. Output is deterministic: same content, same bytes.
"""

from __future__ import annotations

import dataclasses
import re

from generator.outputs import paths

from generator.campaign import unit_plan
from generator.outputs.markdown_text import heading_id, md_escape
from generator.model import Project
from generator.outputs.pages import download_label
from generator.render_docx import (Cell, DocSpec, DocStyle, Field, Heading, Master, Paragraph, PartyHeader,
                          Recipients, Signature, SignatureBlock, Summary, Table, Title,
                          build_master)
from generator.outputs.templating import render as render_template
from generator.campaign.unit_plan import UnitPlan

# Share of the text width taken by each timeline column: TT, work, who, from, deadline.
TIMELINE_SHARES = (0.07, 0.39, 0.22, 0.15, 0.17)
TIMELINE_SIZE = 13.0
# Dataclass fields that are layout, not text: never turned into fields.
_LAYOUT_FIELDS = {"align", "party", "paper", "font", "lang", "unit"}
_SPACE_RUN = re.compile(r" {2,}")


def render(project: Project, schedules: dict) -> dict[str, bytes]:
    """Plan pages (``paths.plan_page``), plan DOCX (``paths.plan_docx``) and the plans index."""
    plans = unit_plan.build_all(project, schedules)
    masters: dict[DocSpec, Master] = {}
    files: dict[str, bytes] = {}
    for plan in plans:
        unit = project.units[plan.unit_id]
        docx_path = paths.plan_docx(unit, plan.year)
        files[docx_path] = docx_bytes(project, plan, masters)
        files[paths.plan_page(unit)] = page_markdown(project, plan, docx_path, len(files[docx_path]))
    if plans:
        files[paths.section_index(paths.PLANS)] = index_markdown(project, plans)
    return files


# --- Word ---------------------------------------------------------------------


def docx_bytes(project: Project, plan: UnitPlan, masters: dict | None = None) -> bytes:
    """The plan's DOCX; ``masters`` caches one master per document shape across calls."""
    spec, values = parametrize(docx_spec(project, plan))
    masters = {} if masters is None else masters
    if spec not in masters:
        masters[spec] = build_master(spec)
    return masters[spec].fill(values)


def docx_style(project: Project) -> DocStyle:
    """The organisation's document style (paper, margins, font, size, language)."""
    style = project.organisation.document_style
    margins = style.margins_mm
    return DocStyle(paper=style.paper, margin_top=margins.top, margin_bottom=margins.bottom,
                    margin_left=margins.left, margin_right=margins.right, font=style.font,
                    size=style.size_pt, lang=style.language)


def docx_spec(project: Project, plan: UnitPlan) -> DocSpec:
    """The Party-format document (Hướng dẫn 36-HD/VPTW) describing one plan."""
    style = docx_style(project)
    header = PartyHeader(issuer=plan.issuer, superior=plan.superior, number=plan.number,
                         place_date=plan.place_date)
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


# --- Markdown -----------------------------------------------------------------


def page_markdown(project: Project, plan: UnitPlan, docx_path: str, docx_size: int) -> bytes:
    """The plan's web page: the same header, sections, table and closing as the DOCX."""
    unit = project.units[plan.unit_id]
    page = paths.plan_page(unit)
    text = render_template(
        "plan/page.md.j2", plan=plan, blocks=_page_blocks(plan),
        number=md_spaced(plan.number), place_date=md_spaced(plan.place_date),
        docx_link=paths.relative(page, docx_path), docx_label=download_label(docx_path, docx_size),
        unit_link=paths.relative(page, paths.unit_page(unit)), unit=unit,
        illustrative=project.organisation.illustrative)
    return text.encode("utf-8")


def _page_blocks(plan: UnitPlan) -> list[dict]:
    """Body blocks with unique heading anchors."""
    used: set[str] = set()
    blocks = []
    for block in plan.blocks:
        anchor = ""
        if block.kind in ("h1", "h2"):
            anchor = base = heading_id(block.text)
            number = 2
            while anchor in used:
                anchor, number = f"{base}-{number}", number + 1
            used.add(anchor)
        blocks.append({"kind": block.kind, "text": block.text, "anchor": anchor})
    return blocks


def md_spaced(text: str) -> str:
    """Escaped Markdown that keeps runs of spaces (the blank number and day) visible."""
    parts = _SPACE_RUN.split(text)
    gaps = _SPACE_RUN.findall(text)
    out = md_escape(parts[0])
    for gap, part in zip(gaps, parts[1:]):
        out += "&nbsp;" * len(gap) + md_escape(part)
    return out


def index_markdown(project: Project, plans: list[UnitPlan]) -> bytes:
    """The plans section: the publisher's plan, then every unit's, in tree order."""
    index = paths.section_index(paths.PLANS)
    rows = []
    for plan in plans:
        unit = project.units[plan.unit_id]
        rows.append({"name": unit.name, "body": plan.issuer,
                     "page": paths.relative(index, paths.plan_page(unit)),
                     "docx": paths.relative(index, paths.plan_docx(unit, plan.year))})
    text = render_template("plan/index.md.j2", rows=rows, year=plans[0].year,
                           illustrative=project.organisation.illustrative)
    return text.encode("utf-8")
