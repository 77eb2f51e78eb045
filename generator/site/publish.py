"""The site step of ``sotay build``: one call that decides and does it.

:func:`publish` asks the build state (:mod:`generator.site.state`) whether
``site/`` is already what these outputs make — same engine, same docs tree,
and the folder still holds exactly the recorded files — and otherwise builds
it (:func:`generator.site.write.write_site`, partial when it can). Output
digests come from the cache without reading the outputs, so a build where
nothing changed reads no output and writes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.progress import Progress
from generator.site import state
from generator.site.write import WriteReport, engine_key, static_files, write_site


@dataclass(frozen=True)
class Published:
    """What :func:`publish` did: nothing (``unchanged``), or the write report."""

    unchanged: bool
    report: WriteReport | None = None


def publish(files: Mapping[str, bytes], project_dir: Path, site_dir: Path,
            content_dir: Path | None = None, progress: Progress | None = None,
            then: Callable[[], None] = lambda: None) -> Published:
    """Make ``site_dir`` the site of ``files``; do nothing if it already is.

    ``then`` runs once a new site is live, beside the last of the site's own
    work (:func:`~generator.site.write.write_site`); not at all if nothing changed.
    """
    project_dir, site_dir = project_dir.resolve(), site_dir.resolve()
    previous = state.load(project_dir, site_dir)
    if previous is not None and previous.same_build(_planned(files, project_dir, content_dir)) \
            and previous.holds(site_dir):
        return Published(unchanged=True)
    progress = progress or Progress(None)
    with progress.stage("Dựng trang web", "(MkDocs)"):
        report = write_site(files, project_dir, site_dir, content_dir=content_dir, previous=previous, then=then)
    return Published(unchanged=False, report=report)


def _planned(files: Mapping[str, bytes], project_dir: Path, content_dir: Path | None) -> state.SiteState:
    """The state a site built now would have (digests from the cache when it has them)."""
    digest = getattr(files, "digest", None) or (lambda path: hashlib.sha256(files[path]).hexdigest())
    docs = {path: digest(path) for path in files}
    docs |= {path: hashlib.sha256(data).hexdigest() for path, data in static_files("site/docs")}
    return state.SiteState(engine_key(project_dir, None, content_dir), docs)
