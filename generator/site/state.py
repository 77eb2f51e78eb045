"""The one record of build state: what ``site/`` holds and what it was built from.

``build/site-state.json`` is written after each swap and says, for the
current ``site/``: the engine key (site engine inputs and build date), the
digest of every docs-tree file it was built from, and the size and mtime of
every file in it. It alone decides a build's site step:

* nothing to do: same engine, same docs tree, and ``site/`` still holds
  exactly the recorded files (sizes and mtimes: stat only, no reading);
* partial: same engine and set of docs files, ``site/`` intact; only the
  changed pages go through MkDocs (:mod:`generator.site.partial_build`);
* full: anything else, including a ``site/`` edited or damaged by hand, which
  the full build then repairs.

It also vouches that a ``site/`` without the marker file was built by an
older sotay (see :mod:`generator.site.folder`).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from generator.site.listing import Listing, files_below

STATE_FILE = Path("build") / "site-state.json"
FORMAT = 2


@dataclass(frozen=True)
class SiteState:
    """What a built ``site/`` was made from, and what it holds."""

    engine: str  # engine configuration and build date
    docs: Mapping[str, str]  # docs path -> sha256 of its bytes
    files: Mapping[str, list[int]] = field(default_factory=dict)  # site path -> [size, mtime_ns]

    def same_build(self, other: "SiteState") -> bool:
        """True if ``other`` would build the same site (engine and docs tree).

        The search index is left out: it is made from the other docs files and
        the search vocabulary (part of the engine key), so it cannot differ alone.
        """
        return self.engine == other.engine and _authored(self.docs) == _authored(other.docs)

    def holds(self, site_dir: Path, listing: Listing | None = None) -> bool:
        """True if ``site_dir`` (walked now, or as ``listing`` found it) has exactly the recorded files, sizes and mtimes."""
        return bool(self.files) and scan(site_dir, listing) == dict(self.files)

    def may_reuse(self, engine: str, paths: Iterable[str]) -> bool:
        """True if a site of this engine and these docs files (search files aside) may start from this one."""
        return self.engine == engine and _authored(self.docs).keys() == set(paths)

    def changed_docs(self, current: "SiteState") -> set[str] | None:
        """Docs files whose bytes changed, appeared or went, or None when a full build is needed.

        Only search files may appear or go (a word with new first letters
        makes a shard): no page links to them. Any other file appearing or
        going may change links and the sitemap anywhere: a full build.
        """
        if self.engine != current.engine or not self.may_reuse(current.engine, _authored(current.docs)):
            return None
        changed = {path for path, digest in current.docs.items() if self.docs.get(path) != digest}
        return changed | (self.docs.keys() - current.docs.keys())


def scan(site_dir: Path, listing: Listing | None = None) -> dict[str, list[int]]:
    """{relative path: [size, mtime_ns]} of every file below site_dir (links count as files)."""
    found: dict[str, list[int]] = {}
    for path, entry in (listing.files.items() if listing else files_below(str(site_dir))):
        stat = entry.stat(follow_symlinks=False)
        found[path] = [stat.st_size, stat.st_mtime_ns]
    return found


def load(project_dir: Path, site_dir: Path) -> SiteState | None:
    """The recorded state, if it is about ``site_dir``; None if missing, unreadable or another folder's."""
    try:
        data = json.loads((project_dir / STATE_FILE).read_text(encoding="utf-8"))
        if data["format"] != FORMAT or data["site"] != str(site_dir.resolve()):
            return None
        return SiteState(str(data["engine"]), dict(data["docs"]), dict(data["files"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save(project_dir: Path, site_dir: Path, state: SiteState) -> None:
    """Record the state of the site just swapped in, with what it holds now (atomically)."""
    from generator.cache import atomic_write_json, file_mode

    data = {"format": FORMAT, "site": str(site_dir.resolve()), "engine": state.engine,
            "docs": dict(state.docs), "files": scan(site_dir)}
    atomic_write_json(project_dir / STATE_FILE, data, mode=file_mode(), sort_keys=True)


def forget(project_dir: Path) -> None:
    """Drop the record (before a swap: a crash then means a full build next time)."""
    with contextlib.suppress(FileNotFoundError):
        (project_dir / STATE_FILE).unlink()


DERIVED = "assets/sotay/search/"  # docs files made from the others (the search index)


def _authored(docs) -> dict[str, str]:
    return {path: digest for path, digest in docs.items() if not path.startswith(DERIVED)}
