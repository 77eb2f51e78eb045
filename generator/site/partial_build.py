"""Partial site rebuilds: reuse the previous ``site/`` for pages that did not change.

MkDocs has no page cache, and ``mkdocs build --dirty`` writes a search index
that holds only the pages it rebuilt. This module makes a dirty build safe:

1. a state file (``build/site-state.json``, written after each swap) records
   which docs tree, engine configuration and build date the current ``site/``
   was built from, and the identity of that ``site/`` folder;
2. when only page *contents* changed (same set of files, same engine), the
   new site starts as a hard-linked copy of the old one without the outputs
   of the changed files, and MkDocs runs in dirty mode, rendering only those;
   while it runs, MkDocs' writers unlink before writing, so a shared inode of
   the old site is never modified;
3. the search index is merged: the old entries in their (full build) order,
   with the rebuilt pages' entries put in their place.

Anything else (first build, a file added or removed, another engine key, a
``site/`` that is not the one recorded) falls back to a full build. The
result is byte-identical to a full build; a test holds it to that.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

STATE_FILE = Path("build") / "site-state.json"
SEARCH_JSON = Path("search") / "search_index.json"
SEARCH_JS = Path("search") / "search_index.js"
# Written by MkDocs and its plugins on every build, some with a plain open():
# never shared with the old site.
ALWAYS_WRITTEN = ("search/search_index.json", "search/search_index.js", "sitemap.xml",
                  "sitemap.xml.gz", "404.html")
FORMAT = 1


@dataclass(frozen=True)
class SiteState:
    """What a built ``site/`` was made from."""

    engine: str  # engine configuration and build date
    docs: Mapping[str, str]  # docs path -> sha256 of its bytes


def tree_state(tree: Mapping[str, bytes], engine: str) -> SiteState:
    """The state a site built now from ``tree`` will have."""
    return SiteState(engine, {path: hashlib.sha256(data).hexdigest() for path, data in tree.items()})


def _identity(site_dir: Path) -> list[int] | None:
    try:
        stat = site_dir.stat()
    except OSError:
        return None
    return [stat.st_ino, stat.st_mtime_ns]


def load_state(project_dir: Path, site_dir: Path) -> SiteState | None:
    """The recorded state of ``site_dir``, or None if unknown or not trustworthy."""
    try:
        data = json.loads((project_dir / STATE_FILE).read_text(encoding="utf-8"))
        if data["format"] != FORMAT or data["site"] != _identity(site_dir):
            return None
        if not (site_dir / SEARCH_JSON).is_file():
            return None
        return SiteState(str(data["engine"]), dict(data["docs"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_state(project_dir: Path, site_dir: Path, state: SiteState) -> None:
    """Record the state of the site just swapped in (atomically)."""
    path = project_dir / STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {"format": FORMAT, "site": _identity(site_dir), "engine": state.engine, "docs": dict(state.docs)}
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
    os.replace(temp, path)


def forget_state(project_dir: Path) -> None:
    """Drop the record (before a swap: a crash then means a full build next time)."""
    with contextlib.suppress(FileNotFoundError):
        (project_dir / STATE_FILE).unlink()


def changed_docs(previous: SiteState | None, current: SiteState) -> set[str] | None:
    """Docs files whose bytes changed, or None when a full build is needed."""
    if previous is None or previous.engine != current.engine:
        return None
    if previous.docs.keys() != current.docs.keys():
        return None  # pages appeared or went: links and the sitemap may change anywhere
    return {path for path, digest in current.docs.items() if previous.docs[path] != digest}


def output_path(docs_path: str) -> str:
    """Where a docs file lands in the site (``use_directory_urls: false``)."""
    return docs_path[:-3] + ".html" if docs_path.endswith(".md") else docs_path


def link_previous(old_site: Path, new_site: Path, changed: set[str]) -> int:
    """Hard-link the old site into ``new_site``, minus what will be rebuilt."""
    skip = {output_path(path) for path in changed} | set(ALWAYS_WRITTEN)
    old_root, new_root = str(old_site), str(new_site)
    linked = 0
    for folder, _subfolders, names in os.walk(old_root):
        relative = os.path.relpath(folder, old_root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        target_folder = os.path.join(new_root, relative)
        os.makedirs(target_folder, exist_ok=True)
        for name in names:
            if prefix + name not in skip:
                os.link(os.path.join(folder, name), os.path.join(target_folder, name))
                linked += 1
    return linked


@contextlib.contextmanager
def copy_on_write() -> Iterator[None]:
    """Make MkDocs unlink a file before writing it, so shared inodes stay intact.

    MkDocs, its file copier and Material's search plugin write through
    ``mkdocs.utils.write_file`` / ``copy_file``; the few plain ``open()``
    writers are covered by :data:`ALWAYS_WRITTEN`.
    """
    from mkdocs import utils

    real_write, real_copy = utils.write_file, utils.copy_file

    def write_file(content: bytes, output_path: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(output_path)
        real_write(content, output_path)

    def copy_file(source_path: str, output_path: str) -> None:
        with contextlib.suppress(FileNotFoundError, IsADirectoryError):
            os.unlink(output_path)
        real_copy(source_path, output_path)

    utils.write_file, utils.copy_file = write_file, copy_file
    try:
        yield
    finally:
        utils.write_file, utils.copy_file = real_write, real_copy


def _page(location: str) -> str:
    return location.split("#", 1)[0]


def merge_search_index(old_site: Path, new_site: Path) -> None:
    """Old entries in their order, with the rebuilt pages' entries in place."""
    old = json.loads((old_site / SEARCH_JSON).read_text(encoding="utf-8"))
    new = json.loads((new_site / SEARCH_JSON).read_text(encoding="utf-8"))
    fresh: dict[str, list] = {}
    for entry in new["docs"]:
        fresh.setdefault(_page(entry["location"]), []).append(entry)
    merged, placed = [], set()
    for entry in old["docs"]:
        page = _page(entry["location"])
        if page not in fresh:
            merged.append(entry)
        elif page not in placed:
            merged.extend(fresh[page])
            placed.add(page)
    merged.extend(e for page, entries in fresh.items() if page not in placed for e in entries)
    # Same serialisation as Material's search and offline plugins.
    data = json.dumps({"config": new["config"], "docs": merged}, separators=(",", ":"), default=str)
    for path in (SEARCH_JSON, SEARCH_JS):
        (new_site / path).unlink(missing_ok=True)
    (new_site / SEARCH_JSON).write_text(data, encoding="utf-8")
    (new_site / SEARCH_JS).write_text(f"var __index = {data}", encoding="utf-8")
