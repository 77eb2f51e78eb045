"""``sotay build``: the whole pipeline, top to bottom.

load and check → derive the campaign (:mod:`generator.campaign`, once) → render
the outputs whose inputs changed (the kinds of :mod:`generator.outputs.registry`,
each keyed by the value it renders from, kept by :mod:`generator.cache`) → write
the site atomically. Nothing touches ``site/`` until every output exists, so a
content error or a crash leaves the previous site whole.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path

from generator import build_inputs
from generator.cache import Cache
from generator.campaign import Campaign, derive_campaign, history
from generator.check.links import broken_links
from generator.check.rules import check
from generator.errors import Problem
from generator.folders import ProjectFolder, project_templates
from generator.outputs import registry
from generator.outputs.kind import Blobs, Fingerprint, jobs
from generator.progress import Progress
from generator.render_docx import shelved
from generator.site.publish import publish
from generator.site.sanitise import guidance_warnings
from generator.site.write import check_target

# Outputs rendered in a build before their garbage is collected ahead of the site step (a full
# collection of a large tree's objects costs a third of a second; a few outputs leave little).
GARBAGE_AFTER = 256
# Allocations between young cycle collections while a build runs (CPython's default: 700). A build
# makes objects in long runs that nearly all survive (values, entries, pages, the index): at 700,
# a one-unit edit at 3,000 units ran 1,400 young and 9 full collections, 0.5 s, to free almost
# nothing. Full collections follow young ones, so they became rare too.
YOUNG_COLLECTION_AFTER = 10_000


@dataclass(frozen=True)
class BuildReport:
    """What a build made; ``summary`` is the one line the CLI prints."""

    units: int
    documents: int
    pages: int
    seconds: float
    warnings: list[Problem]
    rendered: int = 0  # outputs rendered anew (the others came from the cache)
    removed: int = 0  # outputs of the previous build that no longer exist
    unchanged: bool = False  # nothing changed: nothing was written

    @property
    def summary(self) -> str:
        if self.unchanged:
            return (f"Không có gì thay đổi: trang web giữ nguyên ({self.units} đơn vị, "
                    f"{self.documents} tài liệu, {self.pages} trang; kiểm tra trong {self.seconds:.1f} giây).")
        return (f"Đã dựng trang: {self.units} đơn vị, {self.documents} tài liệu, "
                f"{self.pages} trang ({self.rendered} tệp tạo mới, {self.removed} tệp bỏ) "
                f"trong {self.seconds:.1f} giây.")


def render_changed(campaign: Campaign, progress: Progress, cache: Cache,
                   settle: Callable[[], None] = lambda: None) -> None:
    """Every output into ``cache``: rendered only when its key (its input value) changed.

    ``settle()`` runs after each phase: the entries made so far live to the end of the build.
    """
    fingerprint = Fingerprint()
    units = f"({len(campaign.units)} đơn vị)"
    with progress.stage("Tài liệu", units), shelved(cache.shelf()):
        documents = cache.run(jobs(registry.DOCUMENTS, campaign, {}, fingerprint))
        settle()
        documents |= cache.run(jobs(registry.BUNDLES, campaign, Blobs(dict(documents), cache.data), fingerprint))
    settle()
    sizes = {path: entry.size for path, entry in documents.items()}
    with progress.stage("Trang", units):
        cache.run(jobs(registry.PAGES, campaign, sizes, fingerprint))


def build(content_dir: Path, site_dir: Path, project_dir: Path | None = None,
          progress: Progress | None = None, record: bool = True) -> BuildReport:
    """Check the content, render what changed, then swap the new site in (or write nothing).

    ``record``: write the publication into the project's history file
    (:mod:`generator.campaign.history`); ``sotay serve`` previews without it.
    """
    with _long_lived() as settle:  # what exists at each settle() lives to the end of the build
        return _build(content_dir, site_dir, project_dir, progress, record, settle)


def _build(content_dir: Path, site_dir: Path, project_dir: Path | None, progress: Progress | None,
           record: bool, settle: Callable[[], None]) -> BuildReport:
    started = time.perf_counter()
    progress = progress or Progress.for_terminal()
    project_dir = (project_dir or Path.cwd()).resolve()
    # Before any input is read; a preview (serve) neither uses nor leaves a record.
    inputs = build_inputs.of(content_dir, project_dir, site_dir) if record else None
    project, warnings = check(content_dir)
    settle()
    check_target(project_dir, site_dir, content_dir)  # before any output is stored
    published_before = history.load(project_dir)
    cache = Cache.for_project(project_dir)
    if build_inputs.unchanged(inputs, project_dir, site_dir, cache):
        return _nothing_to_do(project, warnings, list(cache.old), started)
    build_inputs.forget(project_dir)
    with project_templates(ProjectFolder(project_dir)):  # the plan wording is a template too
        campaign = derive_campaign(project)
        campaign = replace(campaign, history=history.advance(published_before, campaign, history.moment()))
        settle()
        render_changed(campaign, progress, cache, settle)
    warnings = warnings + broken_links(project, cache.entries) + guidance_warnings(project.guidance, project.sources)
    units, published_now = len(project.units), campaign.history
    del project, campaign  # MkDocs runs next (on two processes): neither needs the content in memory
    if cache.counts()[0] >= GARBAGE_AFTER:  # many outputs rendered: their garbage goes before MkDocs' pages come
        gc.unfreeze()  # the content's cycles, if any, are garbage now too
        gc.collect()
    settle()  # the cache's entries, each holding its job's value
    # The manifest is written once the new site is live (the outputs' blobs; the site's own state is
    # generator.site.state's), beside the next build's copy of the site when there is one to make.
    published = publish(cache.files(), project_dir, site_dir, content_dir, progress, then=cache.save)
    if record and published_now != published_before:
        history.save(project_dir, published_now)
    rendered, removed = cache.counts()
    if published.unchanged and (rendered or removed):
        cache.save()
    build_inputs.remember(inputs, project_dir)
    documents, pages = _counts(list(cache.entries))
    return BuildReport(units, documents, pages, time.perf_counter() - started,
                       warnings, rendered, removed, published.unchanged)


@contextmanager
def _long_lived() -> Iterator[Callable[[], None]]:
    """Yield ``settle()``: the objects that exist when it is called are no longer walked by cycle collections.

    The content, the campaign and the cache's entries (each holding the
    value its output is made from) are hundreds of thousands of objects that
    live until the build ends; each full collection walked all of them again:
    about 1 s of a one-unit edit at 3,000 units (:func:`gc.freeze`, meant
    for this). Young collections come less often too (:data:`YOUNG_COLLECTION_AFTER`).
    All is handed back to the collector when the build ends, also on error:
    ``sotay serve`` builds again in the same process.
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(max(thresholds[0], YOUNG_COLLECTION_AFTER), *thresholds[1:])
    try:
        yield gc.freeze
    finally:
        gc.set_threshold(*thresholds)
        gc.unfreeze()


def _nothing_to_do(project, warnings: list[Problem], files: list[str], started: float) -> BuildReport:
    """The report of a build whose inputs are those of the last one: its outputs are the cache's."""
    warnings = warnings + broken_links(project, set(files)) + guidance_warnings(project.guidance, project.sources)
    documents, pages = _counts(files)
    return BuildReport(len(project.units), documents, pages, time.perf_counter() - started,
                       warnings, unchanged=True)


def _counts(files: list[str]) -> tuple[int, int]:
    """(documents, pages) among the docs-tree paths of a build's outputs."""
    pages = sum(1 for path in files if path.endswith(".md"))
    return len(files) - pages, pages
