"""Invented, deterministic results for every reporting unit of a tree.

Used by the example content (``python -m bench.results_data content``), the
synthetic-district tests and the results benchmark. Counts always add up and
respect a 20% cap; the caller bends them to make broken cases.
"""

from __future__ import annotations

import sys
from datetime import timedelta
from pathlib import Path

from generator import model
from generator.results.settings import RuleView
from generator.results.sheet import filled_sheet, prefill, rated_cells


def cell_counts(cell: model.Unit, rules: RuleView, index: int) -> dict[str, object]:
    """A cell's row: members split over the levels within the cap (4 levels assumed at least)."""
    values = prefill(cell, rules)
    total = int(values.get("members", 0) or 0)
    not_rated = {key: int(values.get(key, 0) or 0) for key in rules.not_rated}
    rated = max(total - sum(not_rated.values()), 0)
    top, good, fair, poor = rules.level_ids[:4]
    failing = 1 if rated > 25 and index % 5 == 0 else 0
    n_good = (rated - failing) * 65 // 100
    n_top = min(n_good * 20 // 100, (rated + 5) // 10)
    counts = {top: n_top, good: n_good, fair: rated - failing - n_top - n_good, poor: failing}
    level = top if index % 6 == 5 else (fair if index % 11 == 10 else good)
    values = {**values, **not_rated, "members": total, **counts, "level": level}
    for rule in rules.local_rules:
        values[rule.id] = 1 if level in rule.unless_cell_level else 0
    return values


def unit_rows(project: model.Project, unit: model.Unit, rules: RuleView) -> list[dict[str, object]]:
    """Rows for every cell of a reporting unit."""
    return [cell_counts(cell, rules, index) for index, cell in enumerate(rated_cells(project, unit))]


def write_reports(project: model.Project, plan: model.Plan, schedules: dict, rules: RuleView, folder: Path,
                  units: list[model.Unit], late: set[str] = frozenset(), step: str = "bao-cao-co-so") -> list[Path]:
    """A filled XLSX per unit into ``folder``: on time unless in ``late``."""
    written = []
    for index, unit in enumerate(units):
        deadline = schedules[unit.id].step(step).end
        received = deadline + timedelta(days=3) if unit.id in late else deadline - timedelta(days=index % 4)
        proposed = rules.level_ids[0] if index % 7 == 3 else rules.level_ids[1]
        data = filled_sheet(project, unit, plan, rules, unit_rows(project, unit, rules), proposed, received)
        path = folder / f"ket-qua-{unit.id}.xlsx"
        path.write_bytes(data)
        written.append(path)
    return written


#: The example's 2019–2022 rule set: four levels, only exempt members not rated.
RULESET = Path(__file__).resolve().parent.parent / "content" / "rulesets" / "qd-132-2019.yaml"
SETTINGS = """\
# Cấu hình kết quả của cây tổng hợp (số liệu giả định).
report_step: bao-cao-co-so
labels: {xuat-sac: Xuất sắc, tot: Tốt, hoan-thanh: Hoàn thành, khong-hoan-thanh: Không hoàn thành}
local_rules:
  - id: chu-chot-xuat-sac
    title: Cấp ủy viên, trưởng, phó không được xếp loại xuất sắc nếu chi bộ không đạt xuất sắc.
    column: Cấp ủy viên, trưởng, phó xếp loại xuất sắc
    unless_cell_level: [xuat-sac]
"""


def write_synthetic_results(content: Path) -> list[Path]:
    """The 2019 rule set, settings and an on-time XLSX report for every reporting unit of a synthetic tree."""
    import shutil

    (content / "rulesets").mkdir(exist_ok=True)
    shutil.copyfile(RULESET, content / "rulesets" / RULESET.name)
    from generator.campaign.schedule import current_plan, derive
    from generator.check.rules import check
    from generator.results.collect import SETTINGS as NAME, load_settings, results_dir
    from generator.results.settings import rule_view
    from generator.results.sheet import reporting_units

    project, _ = check(content)
    plan = current_plan(project)
    folder = results_dir(project, plan)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / NAME).write_text(SETTINGS, encoding="utf-8")
    settings, _ = load_settings(folder / NAME)
    rules = rule_view(settings, project.ruleset_of(plan))
    return write_reports(project, plan, derive(project), rules, folder, reporting_units(project))


def main(argv: list[str]) -> int:
    """Write the example campaign's illustrative results (run from the project root)."""
    from generator.campaign.schedule import current_plan, derive
    from generator.check.rules import check
    from generator.results.collect import SETTINGS, load_settings, results_dir
    from generator.results.settings import rule_view
    from generator.results.sheet import reporting_units

    project, _ = check(Path(argv[0] if argv else "content"))
    plan, schedules = current_plan(project), derive(project)
    folder = results_dir(project, plan)
    settings, _ = load_settings(folder / SETTINGS)
    units = reporting_units(project)
    missing = {units[-1].id, units[-4].id}
    late = {units[2].id, units[6].id}
    written_as_yaml = {p.stem.removeprefix("ket-qua-") for p in folder.glob("*.yaml")}
    write_reports(project, plan, schedules, rule_view(settings, project.ruleset_of(plan)), folder,
                  [u for u in units if u.id not in missing | written_as_yaml], late)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
