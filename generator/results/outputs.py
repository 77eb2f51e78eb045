"""The results outputs as output kinds of the registry (:mod:`generator.outputs.kind`).

Each file is rendered from one gathered value and keyed by its digest: a
unit's blank sheet from its :class:`~.sheet.SheetValue`; the summary DOCX from
its document spec; the statistics XLSX and the charts from the summary's
numbers; the page from the summary and the labels of its two downloads. A
new returned sheet changes the summary only, so it re-renders the summary
outputs and the one unit page that shows the unit's reporting state.
"""

from __future__ import annotations

from generator.outputs import paths
from generator.outputs.kind import OutputKind
from generator.outputs.page import PAGE_TEMPLATES, download_label
from generator.render_docx import render
from generator.results import page as results_page
from generator.results.charts import bar_chart
from generator.results.labels import STATES
from generator.results.report_docx import report_spec
from generator.results.sheet import reporting_units, sheet_bytes, sheet_value
from generator.results.stats_xlsx import stats_bytes
from generator.workdays import vn_date


def _ready(campaign):
    """The campaign's results when they can be summarised, else None."""
    results = getattr(campaign, "results", None)
    return results if results is not None and results.summary is not None else None


def gather_sheets(campaign, sizes):
    results = _ready(campaign)
    if results is None:
        return
    for unit in reporting_units(campaign.project):
        yield (paths.results_sheet(unit, results.plan.year),
               sheet_value(campaign.project, unit, results.plan, results.rules))


def gather_report(campaign, sizes):
    results = _ready(campaign)
    if results is not None:
        yield results_page.REPORT_DOCX, report_spec(campaign.project, results.plan, results.summary)


def gather_stats(campaign, sizes):
    results = _ready(campaign)
    if results is not None:
        yield results_page.STATS_XLSX, results.summary


def gather_charts(campaign, sizes):
    results = _ready(campaign)
    if results is not None:
        for key, value in results_page.chart_values(results.summary).items():
            yield results_page.CHARTS[key], value


def gather_page(campaign, sizes):
    results = _ready(campaign)
    if results is None:
        return
    labels = {kind: download_label(path, sizes[path])
              for kind, path in (("docx", results_page.REPORT_DOCX), ("xlsx", results_page.STATS_XLSX))}
    links = {u.id: paths.relative(results_page.PAGE, paths.unit_page(u)).replace(".md", ".html")
             for u in reporting_units(campaign.project)}
    yield results_page.PAGE, (results.summary, labels, links, campaign.project.organisation.illustrative)


def unit_note(campaign, unit_id: str) -> str:
    """One line for a unit's page: whether its results report was received, and when."""
    results = _ready(campaign)
    state = next((s for s in results.summary.progress if s.unit_id == unit_id), None) if results else None
    if state is None:
        return ""
    when = f", ngày gửi {vn_date(state.received)}" if state.received else ""
    deadline = f" (hạn {vn_date(state.deadline)})" if state.deadline else ""
    return f"Báo cáo kết quả xếp loại năm {results.plan.year}: {STATES[state.state].lower()}{when}{deadline}."


SHEET = OutputKind("results-sheet", "documents", gather_sheets, sheet_bytes)
REPORT = OutputKind("results-report", "documents", gather_report, render)
STATS = OutputKind("results-stats", "documents", gather_stats, stats_bytes)
CHARTS = OutputKind("results-chart", "documents", gather_charts, lambda value: bar_chart(*value))
PAGE = OutputKind("results-page", "pages", gather_page, lambda value: results_page.page_markdown(*value),
                  templates=PAGE_TEMPLATES)
KINDS = (SHEET, REPORT, STATS, CHARTS, PAGE)
