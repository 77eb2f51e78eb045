"""One unit's implementation plan as data: built once, rendered twice (Markdown and DOCX).

The wording comes from one Jinja2 template, ``templates/plan/wording.txt.j2``,
whose output is a list of tagged lines ("@h1 I. MỤC ĐÍCH, YÊU CẦU",
"@li …"). :func:`build` parses them into a :class:`UnitPlan`; the web page
and the Word document are both made from that object, so the two cannot
drift: same sections, same dates, same words.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from generator import model
from generator.errors import SotayError
from generator.campaign.schedule import UnitSchedule, children_label, top_down
from generator.workdays import vn_date

WORDING = "plan/wording.txt.j2"
BLANK_NUMBER = "     "  # left blank for the registry to write the number in
BLANK_DAY = "     "
ELLIPSIS = "…"
BODY_TAGS = ("p", "h1", "h2", "li", "timeline")
SINGLE_TAGS = ("superior", "issuer", "number", "place_date", "type_name", "summary", "signer")
LIST_TAGS = ("signature", "recipient")
_LINE_BREAKS = re.compile(r"\s*[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]+\s*")


@dataclass(frozen=True)
class Block:
    """A piece of the body: "p", "h1", "h2", "li" (an item) or "timeline" (the table's place)."""

    kind: str
    text: str


@dataclass(frozen=True)
class TimelineRow:
    """One row of section IV, every cell as printed."""

    number: str
    title: str
    who: str
    start: str
    end: str


@dataclass(frozen=True)
class UnitPlan:
    """Everything printed in one unit's plan, in reading order."""

    unit_id: str
    year: int
    date: date
    page_title: str
    superior: str
    issuer: str
    number: str
    place_date: str
    type_name: str
    summary: str
    blocks: tuple[Block, ...]
    columns: tuple[str, ...]
    timeline: tuple[TimelineRow, ...]
    signature: tuple[str, ...]
    signer: str
    recipients: tuple[str, ...]


def plan_units(project: model.Project, plan: model.Plan) -> list[model.Unit]:
    """Units that issue their own plan (``plan_kinds``, else kinds with ``issues_plan``), top down."""
    kinds = set(plan.plan_kinds) if plan.plan_kinds is not None else {
        kind.id for kind in project.organisation.kinds if kind.issues_plan}
    return [unit for unit in top_down(project) if unit.kind in kinds or unit.id == plan.issuer]


def build(project: model.Project, plan: model.Plan, unit: model.Unit, schedule: UnitSchedule,
          issuing: set[str] | frozenset, forms_of: Mapping[str, tuple[model.Form, ...]]) -> UnitPlan:
    """One unit's plan; ``issuing`` holds the ids of units that issue plans (for the basis),
    ``forms_of`` the forms each unit uses (the campaign's)."""
    context = wording_context(project, plan, unit, schedule, issuing, forms_of)
    text = _environment().get_template(WORDING).render(**context)
    single, lists, blocks, columns = parse_wording(text)
    rows = tuple(TimelineRow(str(n), row.title, row.who, vn_date(row.start), vn_date(row.end))
                 for n, row in enumerate(schedule.rows, start=1))
    return UnitPlan(
        unit_id=unit.id, year=plan.year, date=plan.date,
        page_title=f"{single['type_name'].capitalize()} năm {plan.year} của {unit.issuing_body}",
        superior=single["superior"], issuer=single["issuer"], number=single["number"],
        place_date=single["place_date"], type_name=single["type_name"], summary=single["summary"],
        blocks=blocks, columns=columns, timeline=rows, signature=tuple(lists["signature"]),
        signer=single.get("signer", ""), recipients=_recipient_lines(lists["recipient"]))


def _environment():
    from generator.outputs.templating import environment  # Jinja2: not needed by ``sotay check``

    return _one_line_overlay(environment())


@lru_cache(maxsize=4)
def _one_line_overlay(base):
    # Each inserted value goes on one line, so content text cannot break the tag lines.
    return base.overlay(finalize=_one_line)


def _one_line(value):
    return _LINE_BREAKS.sub(" ", value) if isinstance(value, str) else value


def parse_wording(text: str) -> tuple[dict, dict, tuple[Block, ...], tuple[str, ...]]:
    """Split the rendered wording into header values, lists, body blocks and table columns."""
    single: dict[str, str] = {}
    lists: dict[str, list[str]] = {tag: [] for tag in LIST_TAGS}
    blocks: list[Block] = []
    columns: tuple[str, ...] = ()
    for tag, value in _tagged_lines(text):
        if tag == "timeline":
            columns = tuple(part.strip() for part in value.split(" | "))
            blocks.append(Block(tag, ""))
        elif tag in BODY_TAGS:
            blocks.append(Block(tag, value))
        elif tag in SINGLE_TAGS:
            single[tag] = value
        elif tag in LIST_TAGS:
            lists[tag].append(value)
        else:
            raise SotayError(f"mẫu {WORDING}: thẻ không rõ «@{tag}»")
    return single, lists, tuple(blocks), columns


def _tagged_lines(text: str) -> list[tuple[str, str]]:
    """(tag, text) per "@tag text" line; untagged lines continue the previous one."""
    lines: list[tuple[str, str]] = []
    for raw in text.splitlines():
        if raw.startswith("@"):
            tag, _, value = raw[1:].partition(" ")
            lines.append((tag, value.strip()))
        elif raw.strip() and lines:
            tag, value = lines[-1]
            lines[-1] = (tag, f"{value} {raw.strip()}")
    return lines


def _recipient_lines(lines: list[str]) -> tuple[str, ...]:
    """"- Ban Thường vụ Tỉnh ủy (báo cáo)," … "- Lưu." as official documents list them."""
    stripped = [line.rstrip(" ,.;") for line in lines]
    return tuple(f"- {line}{'.' if n == len(stripped) - 1 else ','}" for n, line in enumerate(stripped))


# --- what the wording template is given ---------------------------------------


def wording_context(project, plan: model.Plan, unit: model.Unit, schedule: UnitSchedule,
                    issuing, forms_of: Mapping[str, tuple[model.Form, ...]]) -> dict:
    """The values the wording template reads: plain data, computed once here."""
    is_issuer = unit.id == plan.issuer
    signature = _signature(project, unit)
    return {
        "plan": plan,
        "is_issuer": is_issuer,
        "header": header_values(project, plan, unit),
        "basis": basis(project, plan),
        "superior_plan": None if is_issuer else superior_plan(project, plan, unit, issuing),
        "unit": unit_values(project, unit),
        "forms": forms_used(project, unit, forms_of),
        "report_steps": schedule.steps,
        "children_deadlines": sorted(schedule.children, key=lambda c: (c.end, c.start or c.end)),
        "signature": (signature.on_behalf, signature.title),
        "signer": signature.name,
        "recipients": plan.recipients if is_issuer else _grassroots_recipients(project, unit),
    }


def header_values(project, plan: model.Plan, unit: model.Unit) -> dict:
    """Left and right header lines (HD 36): superior, issuer, number, place and date."""
    parent = project.units.get(unit.parent or "")
    superior = parent.name if parent else project.organisation.superior.header_name
    is_issuer = unit.id == plan.issuer
    day = plan.date
    when = (f"ngày {_dd(day.day)} tháng {_mm(day.month)} năm {day.year}" if is_issuer
            else f"ngày{BLANK_DAY}tháng {_mm(day.month)} năm {day.year}")
    return {"superior": superior, "issuer": unit.issuing_body,
            "number": (plan.number or BLANK_NUMBER) if is_issuer else BLANK_NUMBER,
            "body_code": project.kinds[unit.kind].body_code, "place": place(project, unit),
            "date": when}


def _dd(day: int) -> str:
    return f"{day:02d}"


def _mm(month: int) -> str:
    # Official dates write months 1 and 2 with a leading zero (tháng 01, tháng 02).
    return f"{month:02d}" if month < 3 else str(month)


def place(project, unit: model.Unit) -> str:
    """The place name of the date line: the unit's own, else its nearest ancestor's."""
    for holder in [unit, *project.ancestors(unit)]:
        if holder.place:
            return holder.place
    return ELLIPSIS


def basis(project, plan: model.Plan) -> list[dict]:
    """The directives the plan rests on that are still in force, as the basis lines cite them."""
    superseded = {old for directive in project.directives.values() for old in directive.supersedes}
    cited = []
    for directive_id in plan.basis:
        directive = project.directives.get(directive_id)
        if directive is None or directive_id in superseded:
            continue
        # A summary line reads on from "… của <issuer>": "Về việc …" becomes "về việc …".
        about = _lower_first(directive.title) if directive.title.startswith("Về ") else directive.title
        cited.append({"type": directive.type, "symbol": directive.symbol, "date": directive.date,
                      "issuer": directive.issuer, "about": about})
    return cited


def superior_plan(project, plan: model.Plan, unit: model.Unit, issuing) -> dict | None:
    """The plan of the nearest plan-issuing unit above: number, date and body as cited."""
    above = next((u for u in project.ancestors(unit) if u.id in issuing), None)
    if above is None:
        return None
    code = f"{plan.type_code}/{project.kinds[above.kind].body_code}"
    if above.id == plan.issuer:
        return {"number": f"{plan.number or ELLIPSIS}-{code}", "date": vn_date(plan.date),
                "body": above.issuing_body}
    return {"number": f"{ELLIPSIS}-{code}", "date": f"{ELLIPSIS}/{_dd(plan.date.month)}/{plan.year}",
            "body": above.issuing_body}


def forms_used(project, unit: model.Unit, forms_of: Mapping[str, tuple[model.Form, ...]]) -> list[str]:
    """The forms the unit and the units under it use, in content order: "Mẫu 2B: …"."""
    used = {form.id for holder in (unit.id, *project.children.get(unit.id, ())) for form in forms_of[holder]}
    lines = []
    for form in project.forms.values():
        if form.id in used:
            about = getattr(form, "description", None) or form.title.capitalize()
            lines.append(f"{form.code}: {about}")
    return lines


def unit_values(project, unit: model.Unit) -> dict:
    """The unit as the wording names it: bodies, children and member counts."""
    children = [project.units[c] for c in project.children.get(unit.id, ())]
    label = children_label(project, unit.id)
    return {"name": unit.name, "body": unit.issuing_body, "has_children": bool(children),
            "children": [child.name for child in children], "children_label": label,
            "children_label_cap": label[:1].upper() + label[1:], "has_committee": bool(unit.body),
            "members": unit.members}


def _signature(project, unit: model.Unit) -> model.Signature:
    kind = project.kinds[unit.kind]
    return unit.signature or kind.signature or model.Signature(
        on_behalf=f"T/M {unit.issuing_body.upper()}", title="BÍ THƯ")


def _grassroots_recipients(project, unit: model.Unit) -> list[str]:
    lines = []
    parent = project.units.get(unit.parent or "")
    if parent is not None:
        lines.append(f"{parent.issuing_body} (báo cáo)")
    if project.children.get(unit.id):
        lines.append(f"Các {children_label(project, unit.id)}")
    lines.append("Lưu hồ sơ")
    return lines


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
