"""The published campaign's history: what changed for each unit, publication after publication.

Unit pages say what changed for the unit, the changes page lists moved
deadlines and changed forms and plans, and calendars raise an event's
SEQUENCE each time its step moves. All of that needs the state published
before, while the site stays a function of its inputs (an incremental build
equals a clean one). So the previous state is an input as well:
``sotay-history.json`` in the project folder, owned by sotay and committed by
the publisher next to ``content/``. It holds

* the last published state, per unit: name, step dates, forms, one digest
  per plan section, and its accepted results report in figures (received
  date, members and cells by level, proposed level; never a member's name) (the comparison's :class:`~generator.campaign.changes.State`,
  with plans shortened so the file stays small);
* the revisions, oldest first: each is the
  :func:`~generator.campaign.changes.compare` report between two published
  states (the same comparison ``sotay changes`` prints), stamped with the
  moment a build first saw it.

:func:`advance` appends a revision when the derived campaign differs from the
last state (the moment is ``SOURCE_DATE_EPOCH`` when set, else the clock);
``sotay build`` writes the file after the site is published, ``sotay serve``
shows pending changes without recording them. A new current plan starts a new
history: dates of another year's plan are not "moved".
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from generator.cache import atomic_write
from generator.campaign.changes import DateChange, ResultsState, State, UnitState, compare, state_of
from generator.errors import ContentError, Problem, display_path

FILE = "sotay-history.json"
FORMAT = 1
ABOUT = ("sotay: lịch sử các lần phát hành (do sotay build ghi; hãy commit cùng content/, "
         "đừng sửa tay)")
_SECTION = "## "  # a plan section's heading line in changes.plan_markdown
_HEADER = "(đầu văn bản)"  # the lines before the first section
VIETNAM = timezone(timedelta(hours=7))


@dataclass(frozen=True)
class UnitChange:
    """What one revision changed for one unit (a :class:`changes.UnitChanges`, frozen and short)."""

    unit_id: str
    name: str
    status: str  # "added", "removed" or "changed"
    old_name: str  # the name before, when it changed; else ""
    dates: tuple[DateChange, ...]
    forms_added: tuple[tuple[str, str, str], ...]  # (id, code, title)
    forms_removed: tuple[tuple[str, str, str], ...]
    forms_renamed: tuple[tuple[str, tuple[str, str], tuple[str, str]], ...]
    plan_sections: tuple[str, ...]  # headings of the plan sections that changed
    results: tuple[str, ...] = ()  # what changed in its results report, in words (aggregates only)


@dataclass(frozen=True)
class Revision:
    """One publication that changed something: when, and for which units."""

    at: datetime  # UTC
    units: tuple[UnitChange, ...]


@dataclass(frozen=True)
class History:
    """The current plan's published states: the last one, and every revision before it."""

    plan_id: str
    state: State
    revisions: tuple[Revision, ...] = ()

    def of_unit(self, unit_id: str) -> tuple[tuple[datetime, UnitChange], ...]:
        """The unit's changes, newest first."""
        return tuple((revision.at, change) for revision in reversed(self.revisions)
                     for change in revision.units if change.unit_id == unit_id)

    def step_revisions(self, unit_id: str) -> dict[str, tuple[int, datetime]]:
        """step id -> (how many times its dates moved, when they last did)."""
        found: dict[str, tuple[int, datetime]] = {}
        for revision in self.revisions:
            for change in revision.units:
                if change.unit_id == unit_id:
                    for moved in change.dates:
                        if moved.old is None or moved.new is None:
                            continue  # a new step starts at SEQUENCE 0; a gone one has no event
                        count = found.get(moved.step, (0, revision.at))[0]
                        found[moved.step] = (count + 1, revision.at)
        return found


def local_day(at: datetime) -> date:
    """The day a moment falls on for readers in Vietnam (UTC+7, no daylight saving)."""
    return at.astimezone(VIETNAM).date()


def local_moment(at: datetime) -> str:
    """A moment as readers in Vietnam write it: "13/12/2022 08:30"."""
    return at.astimezone(VIETNAM).strftime("%d/%m/%Y %H:%M")


# --- advancing ------------------------------------------------------------------------


def moment() -> datetime:
    """Now, in UTC to the second; ``SOURCE_DATE_EPOCH`` (reproducible builds) when set."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), timezone.utc)
    return datetime.now(timezone.utc).replace(microsecond=0)


def advance(history: History | None, campaign, at: datetime) -> History:
    """The history once ``campaign`` is published: a revision more when something changed for a unit."""
    plan_id = campaign.plan.id if campaign.plan is not None else ""
    state = shortened(state_of(campaign))
    if history is None or history.plan_id != plan_id:
        return History(plan_id, state)
    report = compare(history.state, state)
    units = tuple(_unit_change(found, history.state) for found in report.units)
    revisions = history.revisions + ((Revision(at, units),) if units else ())
    return History(plan_id, state, revisions)


def shortened(state: State) -> State:
    """The state with each plan as one line per section (heading and digest), directives left out."""
    units = {unit_id: UnitState(unit.name, unit.steps, unit.forms, plan_sections(unit.plan), unit.results)
             for unit_id, unit in state.units.items()}
    return State(units, {})


def plan_sections(lines: tuple[str, ...]) -> tuple[str, ...]:
    """"heading #digest" for the header and every section of a plan's Markdown lines."""
    if not lines:
        return ()
    sections: list[tuple[str, list[str]]] = [(_HEADER, [])]
    for line in lines:
        if line.startswith(_SECTION):
            sections.append((line[len(_SECTION):].strip(), []))
        sections[-1][1].append(line)
    return tuple(f"{heading} #{_digest(body)}" for heading, body in sections)


def _digest(lines: list[str]) -> str:
    return hashlib.blake2b("\n".join(lines).encode("utf-8", "surrogatepass"), digest_size=6).hexdigest()


def _unit_change(found, before: State) -> UnitChange:
    old = before.units.get(found.id)
    renamed = old is not None and found.status == "changed" and old.name != found.name
    sections = [line[1:].rsplit(" #", 1)[0] for line in found.plan_diff
                if line[:1] in "+-" and not line.startswith(("+++", "---"))]
    return UnitChange(found.id, found.name, found.status, old.name if renamed else "", tuple(found.dates),
                      tuple(found.forms_added), tuple(found.forms_removed), tuple(found.forms_renamed),
                      tuple(dict.fromkeys(sections)), tuple(found.results))


# --- the file ---------------------------------------------------------------------------


def load(project_dir: Path) -> History | None:
    """The project's history, or None when it has none yet (raises ContentError if it is damaged)."""
    path = project_dir / FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError:
        raise _damaged(path, 0, 0, "không phải văn bản UTF-8") from None
    except json.JSONDecodeError as error:
        raise _damaged(path, error.lineno, error.colno, f"không đọc được JSON ({error.msg})") from None
    try:
        return from_json(data)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        raise _damaged(path, 0, 0, "không đúng định dạng lịch sử của sotay") from None


def _damaged(path: Path, line: int, column: int, what: str) -> ContentError:
    return ContentError([Problem(display_path(path), line, column, f"tệp lịch sử phát hành hỏng: {what}",
                                 "lấy lại bản đúng từ git (git checkout -- " + FILE + ") hoặc xóa tệp "
                                 "để bắt đầu lịch sử mới từ lần dựng này")])


def save(project_dir: Path, history: History) -> None:
    """Write the history file atomically (the same history gives the same bytes)."""
    atomic_write(project_dir / FILE, to_text(history).encode("utf-8"))


def to_text(history: History) -> str:
    """The file's text: one unit and one revision a line, so git diffs stay readable."""
    units = history.state.units
    titles = {step: title for unit in units.values() for step, (title, _) in unit.steps.items()}
    forms = {form: value for unit in units.values() for form, value in unit.forms.items()}
    lines = ["{", f' "about": {_json(ABOUT)},', f' "format": {FORMAT},', f' "plan": {_json(history.plan_id)},',
             f' "steps": {_json(titles)},', f' "forms": {_json(forms)},', ' "units": {']
    lines += [f"  {_json(i)}: {_json(_unit_json(u))}," for i, u in units.items()]
    lines[-1] = lines[-1].removesuffix(",") if units else lines[-1]
    lines += [" },", ' "revisions": [']
    lines += [f"  {_json(_revision_json(r))}," for r in history.revisions]
    lines[-1] = lines[-1].removesuffix(",") if history.revisions else lines[-1]
    return "\n".join(lines + [" ]", "}", ""])


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _unit_json(unit: UnitState) -> dict:
    data = {"name": unit.name, "steps": {s: _dates(d) for s, (_, d) in unit.steps.items()},
            "forms": list(unit.forms), "plan": list(unit.plan)}
    return data | ({"results": _results_json(unit.results)} if unit.results else {})


def _results_json(results: ResultsState) -> list:
    """[received, [[level, members]…], [[level, cells]…], proposed]: figures only."""
    return [results.received and results.received.isoformat(), [list(x) for x in results.members],
            [list(x) for x in results.cells], results.proposed]


def _read_results(value) -> ResultsState | None:
    if value is None:
        return None
    received, members, cells, proposed = value
    return ResultsState(date.fromisoformat(received) if received else None,
                        tuple((str(level), int(n)) for level, n in members),
                        tuple((str(level), int(n)) for level, n in cells), str(proposed))


def _dates(dates) -> list | None:
    return None if dates is None else [dates[0] and dates[0].isoformat(), dates[1].isoformat()]


def _revision_json(revision: Revision) -> dict:
    titles = {d.step: d.title for c in revision.units for d in c.dates}  # once, not once per unit
    return {"at": revision.at.strftime("%Y-%m-%dT%H:%M:%SZ"), "steps": titles, "units": [
        {"id": c.unit_id, "name": c.name, "status": c.status, "old_name": c.old_name,
         "dates": [[d.step, _dates(d.old), _dates(d.new)] for d in c.dates],
         "forms_added": [list(f) for f in c.forms_added], "forms_removed": [list(f) for f in c.forms_removed],
         "forms_renamed": [[i, list(o), list(n)] for i, o, n in c.forms_renamed],
         "plan_sections": list(c.plan_sections)} | ({"results": list(c.results)} if c.results else {})
        for c in revision.units]}


def from_json(data: dict) -> History:
    """A history from the file's parsed JSON (KeyError, TypeError or ValueError if malformed)."""
    if data["format"] != FORMAT:
        raise ValueError("format")
    titles, forms = data["steps"], data["forms"]
    units = {str(i): UnitState(str(u["name"]),
                               {s: (str(titles[s]), _read_dates(d)) for s, d in u["steps"].items()},
                               {f: (str(forms[f][0]), str(forms[f][1])) for f in u["forms"]},
                               tuple(str(line) for line in u["plan"]), _read_results(u.get("results")))
             for i, u in data["units"].items()}
    revisions = tuple(Revision(_read_moment(r["at"]), tuple(_read_change(c, r["steps"]) for c in r["units"]))
                      for r in data["revisions"])
    return History(str(data["plan"]), State(units, {}), revisions)


def _read_dates(value):
    if value is None:
        return None
    start, end = value
    return (date.fromisoformat(start) if start else None, date.fromisoformat(end))


def _read_moment(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)


def _read_change(c: dict, titles: dict) -> UnitChange:
    return UnitChange(
        str(c["id"]), str(c["name"]), str(c["status"]), str(c["old_name"]),
        tuple(DateChange(str(s), str(titles[s]), _read_dates(o), _read_dates(n)) for s, o, n in c["dates"]),
        tuple((str(i), str(k), str(t)) for i, k, t in c["forms_added"]),
        tuple((str(i), str(k), str(t)) for i, k, t in c["forms_removed"]),
        tuple((str(i), (str(o[0]), str(o[1])), (str(n[0]), str(n[1]))) for i, o, n in c["forms_renamed"]),
        tuple(str(s) for s in c["plan_sections"]), tuple(str(line) for line in c.get("results", ())))
