"""What changed between two content states, per unit: dates, forms, plan text, results.

``sotay changes`` loads the old state (a git revision of ``content/`` or
another folder) and the new one, derives both fully (check, schedules, unit
plans) and compares them unit by unit: changed dates (old → new), forms
added, removed or renamed, the returned results report (received, withdrawn,
counts by level changed; aggregates only, never a member's name), and a
unified diff of each changed plan, written
as readable Markdown. :func:`format_text` prints it in Vietnamese, grouped by
unit with counts at the top; :func:`to_json` is the same for machines.

"""

from __future__ import annotations

import difflib
import io
import subprocess
import tarfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from generator.campaign import unit_plan
from generator.campaign.schedule import top_down
from generator.workdays import vn_date
from generator.errors import SotayError, UsageError

Dates = tuple[date | None, date]


# --- one state --------------------------------------------------------------------


@dataclass(frozen=True)
class ResultsState:
    """A unit's accepted results report as the comparison sees it: aggregates only, never a name."""

    received: date | None
    members: tuple[tuple[str, int], ...]  # (level's short name, members rated at it), top level first
    cells: tuple[tuple[str, int], ...]  # (level's short name, cells rated at it)
    proposed: str  # the level the unit proposes for itself (short name), "" if none


@dataclass(frozen=True)
class UnitState:
    """What the comparison looks at for one unit."""

    name: str
    steps: dict[str, tuple[str, Dates]]  # step id -> (title, (start, end))
    forms: dict[str, tuple[str, str]]  # form id -> (code, title)
    plan: tuple[str, ...]  # the plan as Markdown lines; () if the unit issues none
    results: ResultsState | None = None  # its accepted results report; None: none (yet)


@dataclass(frozen=True)
class State:
    """A whole content state: units in tree order, and the directives."""

    units: dict[str, UnitState]
    directives: dict[str, tuple[str, str, date, tuple[str, ...]]]  # id -> (type, symbol, date, supersedes)


def snapshot(content_dir: Path) -> State:
    """Check ``content_dir`` and derive what every unit gets (raises ContentError)."""
    from generator.check.rules import check

    from generator.campaign import derive_campaign

    project, _ = check(content_dir)
    return state_of(derive_campaign(project))


def state_of(campaign) -> State:
    """What every unit of a derived campaign gets (the site's history compares these too)."""
    project = campaign.project
    units = {}
    results = results_states(campaign.results)
    for unit in top_down(project):
        schedule = campaign.schedules.get(unit.id)
        steps = {s.id: (s.title, (s.start, s.end)) for s in getattr(schedule, "steps", ())}
        forms = {f.id: (f.code, f.title) for f in campaign.forms_of[unit.id]}
        plan = campaign.unit_plans.get(unit.id)
        units[unit.id] = UnitState(unit.name, steps, forms, plan_markdown(plan) if plan else (),
                                   results.get(unit.id))
    known = project.directives
    directives = {d.id: (d.type, d.symbol, d.date, tuple(known[i].symbol if i in known else i for i in d.supersedes))
                  for d in known.values()}
    return State(units, directives)


def results_states(results) -> dict[str, ResultsState]:
    """Each unit's accepted report (a :class:`generator.results.Results`), summed by level."""
    if results is None or results.summary is None:
        return {}
    summary = results.summary
    return {line.unit_id: ResultsState(results.reports[line.unit_id].received,
                                       tuple(zip(summary.levels, line.rated)), tuple(zip(summary.levels, line.cells)),
                                       line.proposed)
            for line in summary.by_organisation if line.unit_id in results.reports}


def plan_markdown(plan: unit_plan.UnitPlan) -> tuple[str, ...]:
    """A unit plan as plain Markdown lines (no escaping: this is for reading diffs)."""
    lines = [plan.superior, plan.issuer, plan.number, plan.place_date, "",
             f"# {plan.type_name}", plan.summary, ""]
    for block in plan.blocks:
        if block.kind == "timeline":
            lines.append("| " + " | ".join(plan.columns) + " |")
            lines += [f"| {r.number} | {r.title} | {r.who} | {r.start} | {r.end} |" for r in plan.timeline]
        else:
            lines.append({"h1": "## ", "h2": "### ", "li": "- "}.get(block.kind, "") + block.text)
    return tuple(lines + ["", *plan.signature, *plan.recipients])


# --- the comparison ---------------------------------------------------------------


@dataclass(frozen=True)
class DateChange:
    step: str
    title: str
    old: Dates | None  # None: the step is new
    new: Dates | None  # None: the step is gone


@dataclass
class UnitChanges:
    """Everything that changes for one unit."""

    id: str
    name: str
    status: str  # "added", "removed" or "changed"
    dates: list[DateChange] = field(default_factory=list)
    forms_added: list[tuple[str, str, str]] = field(default_factory=list)  # (id, code, title)
    forms_removed: list[tuple[str, str, str]] = field(default_factory=list)
    forms_renamed: list[tuple[str, tuple[str, str], tuple[str, str]]] = field(default_factory=list)
    plan_diff: list[str] = field(default_factory=list)
    results: list[str] = field(default_factory=list)  # what changed in its results report, in words


@dataclass
class Report:
    old_label: str
    new_label: str
    units: list[UnitChanges]
    directives_added: list[tuple[str, str, str, date, tuple[str, ...]]]  # (id, type, symbol, date, supersedes)
    directives_removed: list[tuple[str, str, str, date, tuple[str, ...]]]

    def counts(self) -> dict[str, int]:
        """The figures printed at the top."""
        units = self.units
        return {
            "units_changed": sum(1 for u in units if u.status == "changed"),
            "units_added": sum(1 for u in units if u.status == "added"),
            "units_removed": sum(1 for u in units if u.status == "removed"),
            "dates": sum(len(u.dates) for u in units),
            "forms_added": sum(len(u.forms_added) for u in units),
            "forms_removed": sum(len(u.forms_removed) for u in units),
            "forms_renamed": sum(len(u.forms_renamed) for u in units),
            "plans": sum(1 for u in units if u.plan_diff),
            "results": sum(1 for u in units if u.results),
            "directives_added": len(self.directives_added),
            "directives_removed": len(self.directives_removed),
        }


def compare(old: State, new: State, old_label: str = "trước", new_label: str = "sau") -> Report:
    """Per unit (new tree order, then removed units), what differs between two states."""
    units = []
    for unit_id in [*new.units, *(u for u in old.units if u not in new.units)]:
        before, after = old.units.get(unit_id), new.units.get(unit_id)
        found = compare_unit(unit_id, before, after, old_label, new_label)
        if found is not None:
            units.append(found)
    added = [(i, *new.directives[i]) for i in new.directives if i not in old.directives]
    removed = [(i, *old.directives[i]) for i in old.directives if i not in new.directives]
    return Report(old_label, new_label, units, added, removed)


def compare_unit(unit_id: str, before: UnitState | None, after: UnitState | None,
                 old_label: str, new_label: str) -> UnitChanges | None:
    """One unit's changes, or None when nothing it gets differs."""
    status = "added" if before is None else "removed" if after is None else "changed"
    empty = UnitState("", {}, {}, ())
    before, after = before or empty, after or empty
    found = UnitChanges(unit_id, after.name or before.name, status)
    found.dates = date_changes(before.steps, after.steps)
    for form_id, (code, title) in after.forms.items():
        if form_id not in before.forms:
            found.forms_added.append((form_id, code, title))
        elif before.forms[form_id] != (code, title):
            found.forms_renamed.append((form_id, before.forms[form_id], (code, title)))
    found.forms_removed = [(i, *v) for i, v in before.forms.items() if i not in after.forms]
    if before.plan != after.plan:
        found.plan_diff = list(difflib.unified_diff(
            before.plan, after.plan, f"{old_label}/{unit_id}", f"{new_label}/{unit_id}", n=1, lineterm=""))
    found.results = results_changes(before.results, after.results)
    changed = (found.dates or found.forms_added or found.forms_removed or found.forms_renamed
               or found.plan_diff or found.results or before.name != after.name)
    return found if changed or status != "changed" else None


def results_changes(before: ResultsState | None, after: ResultsState | None) -> list[str]:
    """What changed in a unit's results report, one Vietnamese sentence each (aggregates only)."""
    if before == after:
        return []
    if after is None:
        return ["Báo cáo kết quả không còn được tính (đã rút hoặc trả lại để sửa)."]
    if before is None:
        day = f" ngày {vn_date(after.received)}" if after.received else ""
        return [f"Đã nhận báo cáo kết quả{day}: đảng viên {_counts(after.members)}; chi bộ {_counts(after.cells)}"
                + (f"; tự đề nghị mức {after.proposed}." if after.proposed else ".")]
    lines = []
    if before.received != after.received:
        lines.append(f"Ngày nhận báo cáo kết quả: {_day(before.received)} → {_day(after.received)}.")
    for what, old, new in (("Số đảng viên", before.members, after.members), ("Số chi bộ", before.cells, after.cells)):
        if old != new:
            lines.append(f"{what} theo mức thay đổi: {_moved(old, new)}.")
    if before.proposed != after.proposed:
        lines.append(f"Mức tự đề nghị: {before.proposed or '(chưa có)'} → {after.proposed or '(chưa có)'}.")
    return lines


def _counts(by_level: tuple[tuple[str, int], ...]) -> str:
    return ", ".join(f"{level} {count}" for level, count in by_level) or "(không có)"


def _moved(old: tuple[tuple[str, int], ...], new: tuple[tuple[str, int], ...]) -> str:
    before = dict(old)
    return ", ".join(f"{level} {before.get(level, 0)} → {count}" for level, count in new if before.get(level, 0) != count)


def _day(day: date | None) -> str:
    return vn_date(day) if day else "(chưa có)"


def date_changes(before: dict, after: dict) -> list[DateChange]:
    """Steps whose dates differ, in the new plan's order, then steps that are gone."""
    out = []
    for step_id, (title, dates) in after.items():
        old = before.get(step_id, (None, None))[1]
        if old != dates:
            out.append(DateChange(step_id, title, old, dates))
    out += [DateChange(i, title, dates, None) for i, (title, dates) in before.items() if i not in after]
    return out


# --- output -----------------------------------------------------------------------


def span(dates: Dates | None) -> str:
    """"21/11/2022 – 15/12/2022" or "hạn 20/12/2022"; "(chưa có)" for none."""
    if dates is None:
        return "(chưa có)"
    start, end = dates
    return f"{vn_date(start)} – {vn_date(end)}" if start else f"hạn {vn_date(end)}"


def summary_line(counts: dict[str, int]) -> str:
    return (f"Tóm tắt: {counts['units_changed']} đơn vị thay đổi, {counts['units_added']} đơn vị mới, "
            f"{counts['units_removed']} đơn vị bị bỏ; {counts['dates']} mốc thời gian đổi; biểu mẫu: "
            f"{counts['forms_added']} thêm, {counts['forms_removed']} bỏ, {counts['forms_renamed']} đổi tên; "
            f"{counts['plans']} kế hoạch thay đổi; {counts['results']} báo cáo kết quả thay đổi; "
            f"văn bản: {counts['directives_added']} mới, {counts['directives_removed']} bỏ.")


def format_text(report: Report) -> str:
    """The report in Vietnamese: counts first, then directives, then unit by unit."""
    lines = [f"Những thay đổi: {report.old_label} → {report.new_label}", summary_line(report.counts())]
    for _, kind, symbol, day, supersedes in report.directives_added:
        lines.append(f"+ Văn bản mới: {kind} {symbol} ({vn_date(day)})"
                     + (f", thay thế {', '.join(supersedes)}" if supersedes else ""))
    for _, kind, symbol, day, _ in report.directives_removed:
        lines.append(f"- Văn bản bỏ: {kind} {symbol} ({vn_date(day)})")
    if not report.units:
        lines.append("Không đơn vị nào thay đổi.")
    for unit in report.units:
        lines += ["", *unit_text(unit)]
    return "\n".join(lines) + "\n"


STATUS = {"added": "đơn vị mới", "removed": "đơn vị bị bỏ", "changed": "thay đổi"}


def unit_text(unit: UnitChanges) -> list[str]:
    lines = [f"== {unit.name} ({unit.id}) — {STATUS[unit.status]} =="]
    if unit.dates:
        lines.append("Mốc thời gian:")
        lines += [f"  {d.title}: {span(d.old)} → {span(d.new)}" for d in unit.dates]
    if unit.forms_added or unit.forms_removed or unit.forms_renamed:
        lines.append("Biểu mẫu:")
        lines += [f"  + thêm {code}: {title} ({i})" for i, code, title in unit.forms_added]
        lines += [f"  - bỏ {code}: {title} ({i})" for i, code, title in unit.forms_removed]
        lines += [f"  ~ đổi tên ({i}): {old[0]}: {old[1]} → {new[0]}: {new[1]}"
                  for i, old, new in unit.forms_renamed]
    if unit.results:
        lines.append("Kết quả kiểm điểm:")
        lines += [f"  {line}" for line in unit.results]
    if unit.plan_diff:
        lines.append("Kế hoạch:")
        lines += [f"  {line}" for line in unit.plan_diff]
    return lines


def to_json(report: Report) -> dict[str, Any]:
    """The report as plain JSON data (dates ISO)."""
    def dates(value: Dates | None):
        return None if value is None else {"start": value[0] and value[0].isoformat(), "end": value[1].isoformat()}

    def directive(item):
        i, kind, symbol, day, supersedes = item
        return {"id": i, "type": kind, "symbol": symbol, "date": day.isoformat(), "supersedes": list(supersedes)}

    units = [{"id": u.id, "name": u.name, "status": u.status,
              "dates": [{"step": d.step, "title": d.title, "old": dates(d.old), "new": dates(d.new)} for d in u.dates],
              "forms": {"added": [{"id": i, "code": c, "title": t} for i, c, t in u.forms_added],
                        "removed": [{"id": i, "code": c, "title": t} for i, c, t in u.forms_removed],
                        "renamed": [{"id": i, "old": {"code": o[0], "title": o[1]}, "new": {"code": n[0], "title": n[1]}}
                                    for i, o, n in u.forms_renamed]},
              "plan_diff": "\n".join(u.plan_diff), "results": list(u.results)} for u in report.units]
    return {"old": report.old_label, "new": report.new_label, "counts": report.counts(),
            "directives": {"added": [directive(d) for d in report.directives_added],
                           "removed": [directive(d) for d in report.directives_removed]},
            "units": units}


# --- the old state from git ---------------------------------------------------------


def export_revision(content_dir: Path, revision: str, dest: Path) -> Path:
    """Write ``content_dir`` as it was at git ``revision`` into ``dest``; the exported folder.

    Uses ``git archive``: the work tree and the index are never touched.
    """
    content_dir = content_dir.resolve()
    top = _git(content_dir, "rev-parse", "--show-toplevel").decode().strip()
    relative = content_dir.relative_to(Path(top).resolve()).as_posix()
    _git(content_dir, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    archive = _git(Path(top), "archive", "--format=tar", revision, "--", relative)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(dest, filter="data")
    exported = dest / relative
    if not exported.is_dir():
        raise UsageError(f"bản {revision} không có thư mục nội dung «{relative}»")
    return exported


def _git(where: Path, *args: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(where), *args], capture_output=True, check=False)
    except FileNotFoundError as error:
        raise SotayError("không tìm thấy lệnh git") from error
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip() or "không rõ lỗi"
        raise UsageError(f"git {' '.join(args[:1])} không chạy được: {detail}")
    return done.stdout
