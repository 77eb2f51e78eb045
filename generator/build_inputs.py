"""The inputs of a whole build as one digest: a build whose inputs did not change has nothing to do.

Every output is keyed by its own value (:mod:`generator.outputs.kind`), and a
no-op build proves nothing changed by gathering and keying every output again:
at 3,000 units most of its time. One level up, the same rule holds for the
build itself: its outputs are made from the files it reads, so if none of them
changed since the last complete build, and that build's site is still intact,
there is nothing to render and nothing to publish.

The digest is of whole folders, never of a list of the files some reader is
known to open: every file under the content folder and under the layered
templates (the project's ``templates/`` and the package's), the generator's code
and library versions, ``mkdocs.yml``, the project's
publication history, ``SOURCE_DATE_EPOCH`` and the folders involved. A symbolic
link anywhere in the user's folders makes the inputs unnamed (the shortcut is not
taken): what it points to may change without anything here changing. (The
package's own links, in a development checkout, are read through.)

The record is dropped before a build changes anything and written after it
ended, so a build that is killed never leaves a record that vouches for a site
made from other inputs.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from generator.cache import CACHE_DIR, Cache, atomic_write, generator_version
from generator.campaign import history
from generator.folders import PACKAGE_TEMPLATES
from generator.site import state

RECORD = CACHE_DIR / "inputs.txt"
SKIPPED = frozenset({".git", ".hg", ".svn", "__pycache__"})  # tool metadata and bytecode, never read as content


class _Unnamed(Exception):
    """A symbolic link, pipe or device among the inputs: they cannot be named by their bytes."""


def of(content_dir: Path, project_dir: Path, site_dir: Path) -> str | None:
    """The digest of everything a build reads but its history file, or None if it cannot be named."""
    hasher = hashlib.blake2b(digest_size=20)
    for part in (generator_version(), str(content_dir.resolve()), str(site_dir.resolve()),
                 os.environ.get("SOURCE_DATE_EPOCH", "")):
        _add(hasher, part.encode("utf-8"))
    try:
        user = (content_dir.resolve(), (project_dir / "templates").resolve())  # the folders themselves may be links
        for folder, own in ((user[0], False), (user[1], False), (PACKAGE_TEMPLATES, True)):
            _add(hasher, str(folder).encode("utf-8"))
            _add_folder(hasher, folder, own)
    except (_Unnamed, OSError):  # a link, a pipe, a file gone while read: the build itself says what is wrong
        return None
    config = project_dir / "mkdocs.yml"
    _add(hasher, config.read_bytes() if config.is_file() else b"")
    return hasher.hexdigest()


def _add_folder(hasher, folder: Path, own: bool) -> None:
    """Every file below ``folder`` (names and bytes, in a fixed order); _Unnamed at a link unless ``own``."""
    if not folder.is_dir():
        return
    for root, subfolders, names in os.walk(folder):
        subfolders[:] = sorted(name for name in subfolders if name not in SKIPPED)
        if not own and any(os.path.islink(os.path.join(root, name)) for name in names + subfolders):
            raise _Unnamed(root)
        for name in sorted(names):
            path = os.path.join(root, name)
            if not stat.S_ISREG(os.stat(path).st_mode):  # a pipe or a device: opening it could block
                raise _Unnamed(path)
            _add(hasher, os.path.relpath(path, folder).encode("utf-8", "surrogateescape"))
            with open(path, "rb") as stream:
                _add(hasher, stream.read())


def _add(hasher, data: bytes) -> None:
    hasher.update(len(data).to_bytes(8, "little"))
    hasher.update(data)


def _with_history(inputs: str, project_dir: Path) -> str:
    """The inputs with the publication history as it is now (a build may have advanced it)."""
    path = project_dir / history.FILE
    recorded = path.read_bytes() if path.is_file() else b""
    return hashlib.blake2b(inputs.encode("ascii") + b"\0" + recorded, digest_size=20).hexdigest()


def unchanged(inputs: str | None, project_dir: Path, site_dir: Path, cache: Cache) -> bool:
    """True if the last complete build read exactly these inputs, and its cache and site are intact."""
    if inputs is None or cache.problem or not cache.old:
        return False
    try:
        recorded = (project_dir / RECORD).read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        return False
    if recorded != _with_history(inputs, project_dir):
        return False
    previous = state.load(project_dir, site_dir)
    return previous is not None and previous.holds(site_dir)


def forget(project_dir: Path) -> None:
    """Drop the record: from here on this build may change the cache and the site."""
    (project_dir / RECORD).unlink(missing_ok=True)


def remember(inputs: str | None, project_dir: Path) -> None:
    """Record the inputs of the build that just ended (its history saved, its site swapped in)."""
    if inputs is not None:
        atomic_write(project_dir / RECORD, (_with_history(inputs, project_dir) + "\n").encode("ascii"))
