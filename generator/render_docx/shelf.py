"""Masters kept between builds: a spec's layout on disk, read back instead of laid out again.

Laying a form or a plan's document out with python-docx takes 20-60 ms a
shape (plus loading python-docx); filling it takes well under one. A
one-unit edit refills that unit's five forms and laid their masters out
again in each build. :func:`laid_out` keeps each master in memory for the
process and, inside :func:`shelved`, on disk: one file per spec, named by the
digest of the spec's ``repr`` (the whole input of the layout: a frozen tree
of dataclasses, tuples, strings, numbers and dates) in a folder named by the
code's version (sotay's sources and the libraries that change bytes), so a
master read back is byte for byte the one :func:`build_master` would make.

Only documents that are published whole are laid out here (forms, plans):
their masters hold what the site's Word files hold, never a member's data.
A shelf file that is unreadable, altered or of another format is laid out
again and replaced; nothing else reads the folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import shutil
import zipfile
from collections.abc import Iterator
from pathlib import Path

from .master import Master, build_master
from .spec import DocSpec, Field

FORMAT = 1
INDEX = "sotay-master.json"
KEPT = 256  # distinct layouts kept, in memory and on the shelf: forms × table sizes, plans' shapes

_memo: dict[DocSpec, tuple[str, Master]] = {}  # spec -> (its file name on a shelf, its master)
_shelf: list[Path] = []  # the folder of the build running now, if it keeps masters
_on_shelf: set[tuple[Path, str]] = set()  # (folder, name) known to hold the master, in this process


@contextlib.contextmanager
def shelved(folder: Path) -> Iterator[None]:
    """Keep the masters laid out inside the block in ``folder`` (a build's cache), and read them from there.

    Other folders beside ``folder`` are shelves of other code versions: they go
    when a master is first stored.
    """
    _shelf.append(folder)
    try:
        yield
    finally:
        _shelf.remove(folder)


def laid_out(spec: DocSpec) -> Master:
    """The master of ``spec``: from this process's memory, else from the shelf, else laid out now.

    Inside :func:`shelved`, the shelf holds it afterwards, also when it came
    from memory (``sotay serve`` builds again in one process, maybe another project).
    """
    folder = _shelf[-1] if _shelf else None
    known = _memo.get(spec)
    if known is None:
        if len(_memo) >= KEPT:
            _memo.clear()
            _on_shelf.clear()
        from generator.cache import digest  # not at import: sotay check loads this package too

        name = f"{digest(spec)}.zip"  # the digest of the spec's repr
        master = _read(folder / name) if folder else None
        if master is None:
            master = build_master(spec)
            if folder:
                _store(folder, name, master)
        known = _memo[spec] = (name, master)
    elif folder and (folder, known[0]) not in _on_shelf and not (folder / known[0]).is_file():
        _store(folder, *known)
    if folder:
        _on_shelf.add((folder, known[0]))
    return known[1]


def to_bytes(master: Master) -> bytes:
    """The master as a ZIP: its parts (fields as tokens) and an index of fields, stamp and digests."""
    index = {"format": FORMAT, "stamp": list(master.stamp),
             "fields": [[field.key, field.blank, field.upper] for field in master.slots],
             "parts": [[name, hashlib.sha256(data).hexdigest()] for name, data in master.parts.items()]}
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(INDEX, json.dumps(index, ensure_ascii=False))
        for number, data in enumerate(master.parts.values()):
            archive.writestr(f"{number}", data)
    return buffer.getvalue()


def from_bytes(data: bytes) -> Master | None:
    """The master :func:`to_bytes` wrote, or None if ``data`` is not one (damaged, altered, other format)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            index = json.loads(archive.read(INDEX))
            if index.get("format") != FORMAT:
                return None
            parts = {}
            for number, (name, digest) in enumerate(index["parts"]):
                part = archive.read(f"{number}")
                if hashlib.sha256(part).hexdigest() != digest:
                    return None
                parts[str(name)] = part
            fields = [Field(str(key), str(blank), bool(upper)) for key, blank, upper in index["fields"]]
            stamp = tuple(int(value) for value in index["stamp"])
    except (OSError, ValueError, KeyError, TypeError, zipfile.BadZipFile):
        return None
    return Master(parts, fields, stamp) if len(stamp) == 2 else None


def _read(path: Path) -> Master | None:
    try:
        data = path.read_bytes()
    except OSError:
        return None
    return from_bytes(data)


def _store(folder: Path, name: str, master: Master) -> None:
    """Write the master under ``name`` (atomically, under a temporary name of its own: a second
    process may store the same bytes at the same time)."""
    try:
        if not folder.is_dir():
            _drop_other_versions(folder)
            folder.mkdir(parents=True, exist_ok=True)
        elif sum(1 for _ in os.scandir(folder)) >= KEPT:  # shapes of long ago: lay them out again if met
            for entry in os.scandir(folder):
                with contextlib.suppress(OSError):
                    os.unlink(entry.path)
        from generator.cache import atomic_write

        atomic_write(folder / name, to_bytes(master), sync=False)
    except OSError:
        pass  # a speed-up only: a read-only or full cache lays masters out again next time


def _drop_other_versions(folder: Path) -> None:
    """Remove the shelves of other code versions beside ``folder`` (their masters are never read)."""
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder.parent):
            if entry.is_dir(follow_symlinks=False) and entry.name != folder.name:
                shutil.rmtree(entry.path, ignore_errors=True)
