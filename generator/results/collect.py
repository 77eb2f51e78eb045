"""Collect stage: read the campaign's results folder, check it, summarise it.

``content/results/<plan-id>/`` holds ``settings.yaml`` and the returned
reports (``.xlsx`` or ``.yaml``, any file name). No folder: no results yet,
nothing is reported. Every problem comes back at once; the caller decides
(``sotay check`` adds them to the content's problems).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator import model
from generator.campaign.schedule import current_plan
from generator.errors import WARNING, Problem, display_path
from generator.results import checks
from generator.results.read import read_report
from generator.results.settings import RuleView, Settings, rule_view
from generator.results.sheet import reporting_units
from generator.results.summary import Summary, summarise
from generator.results.values import Loc, Report

SETTINGS = "settings.yaml"
REPORT_SUFFIXES = (".xlsx", ".xlsm", ".yaml", ".yml")


@dataclass(frozen=True)
class Results:
    """Everything the results outputs read, built once per run."""

    plan: model.Plan
    rules: RuleView
    settings: Settings
    reports: dict[str, Report]  # accepted reports by unit id
    summary: Summary
    problems: tuple[Problem, ...]


def results_dir(project: model.Project, plan: model.Plan) -> Path:
    """Where the publisher drops the returned reports of a campaign."""
    return Path(project.content_dir) / "results" / plan.id


def report_files(folder: Path) -> list[Path]:
    """Returned reports in the folder, in name order (lock and hidden files skipped)."""
    return sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES
                  and p.name != SETTINGS and not p.name.startswith((".", "~$")))


def collect(project: model.Project, schedules: dict) -> Results | None:
    """The checked results of the current plan, or None when it has no results folder."""
    plan = current_plan(project)
    folder = results_dir(project, plan) if plan else None
    if folder is None or not folder.is_dir():
        return None
    settings, problems = load_settings(folder / SETTINGS)
    where = Loc(display_path(folder / SETTINGS), 1, 1)
    ruleset = project.ruleset_of(plan)
    if settings is not None and ruleset is None:
        problems.append(where.problem(f"đợt «{plan.id}» (năm {plan.year}) không có bộ quy định để kiểm tra kết quả",
                                      "thêm bộ quy định vào content/rulesets/ hoặc ghi «ruleset» trong kế hoạch"))
    if settings is None or ruleset is None:
        return Results(plan, None, None, {}, None, tuple(problems))  # type: ignore[arg-type]
    rules = rule_view(settings, ruleset)
    reports = _read_all(folder, rules, problems)
    accepted, statuses = _check_all(project, plan, schedules, settings, rules, reports, problems, where)
    problems += checks.district_cap(rules, list(accepted.values()), where)
    summary = summarise(project, plan, rules, accepted, statuses, outcome(problems, settings, project))
    return Results(plan, rules, settings, accepted, summary, tuple(problems))


def load_settings(path: Path) -> tuple[Settings | None, list[Problem]]:
    """The settings file, validated; problems located at file:line:col."""
    from generator.load import content, readers

    loaded = content.Loaded(path.parent)
    if not path.is_file():
        return None, [Problem(display_path(path), 0, 0, "thiếu tệp cấu hình kết quả settings.yaml",
                              "tạo tệp này (xem README, phần kết quả kiểm điểm)")]
    document = readers.read_yaml(path, loaded)
    data = document.data if document is not None else None
    settings = content.validate(data, Settings, path, loaded) if data is not None else None
    return settings, loaded.resolve()


def _read_all(folder: Path, rules: RuleView, problems: list[Problem]) -> list[tuple[Report, bool]]:
    """Every report read, with whether reading it went wrong (it is still checked)."""
    reports = []
    for path in report_files(folder):
        report, found = read_report(path, display_path(path), rules)
        problems += found
        if report is not None:
            reports.append((report, any(p.is_error for p in found)))
    return reports


def _check_all(project, plan, schedules, settings: Settings, rules: RuleView, reports, problems, where):
    returned = {item.unit: item.note for item in settings.returned}
    by_unit: dict[str, Report] = {}
    failed: set[str] = set()  # units whose report has errors: reported there, not as missing
    for report, unreadable in reports:
        found = checks.check_report(project, plan, rules, report)
        if report.unit_id in by_unit and not found:
            found = [report.loc("unit").problem(f"đơn vị «{report.unit_id}» đã có báo cáo trong «{by_unit[report.unit_id].file}»",
                                                "giữ một tệp cho mỗi đơn vị")]
        if report.unit_id in returned:
            found = [Problem(p.file, p.line, p.column, "(báo cáo đã trả lại) " + p.message, p.hint, WARNING) for p in found]
        problems += found
        if unreadable or any(p.is_error for p in found):
            failed.add(report.unit_id)
        elif report.unit_id not in by_unit:
            by_unit[report.unit_id] = report
    return _statuses(project, schedules, settings, by_unit, returned, problems, where, failed)


def _statuses(project, schedules, settings, by_unit, returned, problems, where, failed=frozenset()):
    statuses, accepted = [], {}
    for unit in reporting_units(project):
        if unit.id in failed and unit.id not in by_unit:
            statuses.append(checks.Status(unit.id, None, None, checks.MISSING))
            continue
        step = schedules[unit.id].step(settings.report_step) if unit.id in schedules else None
        report = by_unit.get(unit.id)
        state = checks.status(unit, step.end if step else None, report, unit.id in returned)
        problems += checks.timeliness(unit, state, report.loc("received") if report else where)
        statuses.append(state)
        if report is not None and unit.id not in returned:
            accepted[unit.id] = report
    return accepted, statuses


def outcome(problems: list[Problem], settings: Settings, project: model.Project) -> list[str]:
    """The rule checks' outcome in words, for the summary report."""
    lines = [f"Báo cáo của «{project.units[r.unit].name}» đã trả lại để sửa: {r.note}"
             for r in settings.returned if r.unit in project.units]
    lines += [p.message for p in problems if not p.is_error]
    return lines or ["Các báo cáo đã nhận không vi phạm quy định."]
