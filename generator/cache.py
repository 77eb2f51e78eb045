"""The incremental build cache: every output stored under a key of its inputs.

A :class:`Job` is one output of the docs tree: its path, a key (a hash of
exactly the inputs it depends on) and a function that renders it. The
:class:`Cache` keeps, outside ``site/`` and ``content/`` (``.cache/sotay/``),
a manifest ``{path: (key, blob hash, size)}`` and the bytes of every output
as content-addressed blobs. A job whose key is in the manifest is not
rendered again; its bytes are read back (and checked) only when the site has
to be written.

Nothing in the cache is trusted blindly: a manifest that is not valid JSON,
has another format or generator version, or names a missing or altered blob
is ignored (the output is rendered again). The manifest is written last and
atomically (temporary file, fsync, rename), after the site was swapped in, so
a build killed at any moment leaves either the old manifest (and its blobs)
or the new one.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import pickle
import re
import tempfile
import time
import traceback
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from generator.errors import SotayError
from generator.folders import template_files
from generator.forking import claimed, claims, may_fork

FORMAT = 2  # 2: the site's state moved to generator.site.state
CACHE_DIR = Path(".cache") / "sotay"
MANIFEST = "manifest.json"
SHARE_AFTER = 64  # outputs rendered in one run before the rest is shared with a second process
# Outputs keyed in one run before the rest is shared even if none had to be rendered: each
# process hashes its share (and gathers those of the values kinds give as Later). The jobs before the
# fork are keyed on one core; forking costs milliseconds. A one-unit edit at 3,000 units, quiet
# machine, alternating rounds: 10.7 s against 11.6 s on one process (medians of 5), at 256.
SHARE_KEYED = 64
# Jobs a process claims at a time once a run is shared. Each process claims the next chunk when it
# is done with its own, so the one that gets ahead takes more: split by parity, a clean 3,000-unit
# build's parent waited about 1 s of the documents' 7 s for its child (kinds that make an even
# number of files per unit gave the heavier ones to one side).
SHARE_CHUNK = 16
PACKAGE_DIR = Path(__file__).resolve().parent
_BLOB_NAME = re.compile("[0-9a-f]{64}")  # a blob's name: the sha256 of its bytes
_NEW_BLOB = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC | getattr(os, "O_NOFOLLOW", 0)
# Libraries whose version changes output bytes (DOCX, .ics, Markdown, the site).
LIBRARIES = ("sotay", "python-docx", "jinja2", "mkdocs", "mkdocs-material", "pydantic")


class CacheError(SotayError):
    """The cache was changed by someone else while a build was using it."""


# --- keys -------------------------------------------------------------------


def digest(*parts: Any) -> str:
    """A stable hex hash of values: models by their JSON, bytes as is, the rest by repr.

    ``repr`` is stable for the dataclasses, tuples, dates and insertion-ordered
    dicts the pipeline passes; content order is part of the input anyway.
    """
    hasher = hashlib.blake2b(digest_size=20)
    for part in parts:
        if isinstance(part, BaseModel):
            data = part.model_dump_json().encode("utf-8")
        elif isinstance(part, bytes):
            data = part
        else:
            data = repr(part).encode("utf-8")
        hasher.update(len(data).to_bytes(8, "little"))
        hasher.update(data)
    return hasher.hexdigest()


def blob_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=1)
def generator_version() -> str:
    """The generator's own version: its source code and the libraries' versions."""
    sources = sorted(PACKAGE_DIR.rglob("*.py"))
    versions = []
    for name in LIBRARIES:
        try:
            versions.append((name, metadata.version(name)))
        except metadata.PackageNotFoundError:
            versions.append((name, None))
    return digest(versions, *((p.relative_to(PACKAGE_DIR).as_posix(), p.read_bytes()) for p in sources))


def templates_key(*folders: str) -> str:
    """Hash of every file under these folders of the layered templates (names and bytes).

    Read anew on every call (once per output kind and build): a template edited
    between two builds of one process (``sotay serve``) must change the keys.
    """
    return digest(*((name, path.read_bytes()) for folder in folders
                     for name, path in template_files(folder).items()))


def site_key(project_dir: Path) -> str:
    """What the site engine reads besides the docs tree: its config, static files, theme overrides."""
    project_dir = project_dir.resolve()
    config = project_dir / "mkdocs.yml"
    return digest(generator_version(), config.read_bytes() if config.is_file() else None,
                  *((name, path.read_bytes()) for name, path in template_files("site").items()))


# --- jobs -------------------------------------------------------------------


class Job:
    """One output: docs-tree path, the key of its inputs, and how to render it.

    ``key`` may be given as a function: it is then worked out when first
    asked for, by the process that takes the job (:meth:`Cache._run_shared`
    shares the hashing of a large tree's values, not only their rendering).
    """

    __slots__ = ("path", "_key", "render")

    def __init__(self, path: str, key: str | Callable[[], str], render: Callable[[], bytes]):
        self.path, self._key, self.render = path, key, render

    @property
    def key(self) -> str:
        if not isinstance(self._key, str):
            self._key = self._key()
        return self._key

    def __repr__(self) -> str:
        return f"Job({self.path!r})"

    @classmethod
    def ready(cls, path: str, data: bytes) -> "Job":
        """An output already rendered (cheap, site-wide pages): keyed by its own bytes."""
        return cls(path, "=" + blob_hash(data), lambda: data)


@dataclass
class Entry:
    """The outcome of one job: its key, its size and the blob holding its bytes.

    An output rendered in this build drops its job once stored: the job holds
    the output's whole value, and a build of 10,000 units must not keep every
    value alive to the end. An output known from the manifest keeps it, to be
    rendered again if its blob turns out altered.
    """

    key: str
    size: int
    blob: str
    fresh: bool = False  # rendered in this build (its key was not in the cache)
    job: Job | None = None


# --- the store ----------------------------------------------------------------


class Cache:
    """The manifest of the last complete build and the blob store behind it."""

    def __init__(self, root: Path):
        self.root = root
        self.blobs = root / "blobs"
        self._blobs_prefix = f"{os.fspath(self.blobs)}/"  # joined per output: os.path.join costs more
        self.old: dict[str, list] = {}
        self.entries: dict[str, Entry] = {}
        self.problem = ""  # why the previous manifest was not used ("" if it was, or none)
        self.verified_ns = 0  # every blob of the manifest was checked at this time (0: unknown)
        self._sourced: set[str] = set()  # outputs whose blob source() checked in this build
        self._listed: dict[str, set[str]] = {}  # a store folder's blob names, listed when first asked
        self._inodes: dict[str, tuple[int, int]] = {}  # output -> (inode, device) of its blob, as source() saw it
        self._load()

    def shelf(self) -> Path:
        """Where this code version keeps laid-out document masters (:mod:`generator.render_docx.shelf`).

        Named by the code and the Word templates (``base.docx``): a master read
        from there is the one laying the spec out would give.
        """
        return self.root / "masters" / digest(generator_version(), templates_key("word"))

    @classmethod
    def for_project(cls, project_dir: Path) -> "Cache":
        return cls(project_dir / CACHE_DIR)

    def _load(self) -> None:
        path = self.root / MANIFEST
        if not path.is_file():
            return
        try:
            manifest = json.loads(path.read_text(encoding="utf-8"))
            valid = (isinstance(manifest, dict) and manifest.get("format") == FORMAT
                     and isinstance(manifest.get("outputs"), dict))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError):
            valid = False
        if not valid:
            self.problem = "bộ nhớ đệm hỏng, dựng lại toàn bộ"
        elif manifest.get("generator") != generator_version():
            self.problem = "phiên bản bộ sinh đã đổi, dựng lại toàn bộ"
        else:
            self.old = {p: v for p, v in manifest["outputs"].items()
                        if isinstance(v, list) and len(v) == 3}
            verified = manifest.get("verified")
            self.verified_ns = verified if isinstance(verified, int) else 0

    def run(self, jobs: Iterable[Job]) -> dict[str, Entry]:
        """Each job's entry: from the manifest when its key is known, else rendered now.

        Once :data:`SHARE_AFTER` outputs had to be rendered (a full build, a
        changed template) or :data:`SHARE_KEYED` were keyed (a large tree,
        whatever changed), the rest of the jobs is shared with a forked second
        process when that is safe (:func:`generator.forking.may_fork`): see
        :meth:`_run_shared`. Entries come back in job order either way.
        """
        out: dict[str, Entry] = {}
        iterator, rendered = iter(jobs), 0
        for keyed, job in enumerate(iterator, 1):
            entry = out[job.path] = self.entries[job.path] = self._entry(job)
            rendered += entry.fresh
            if (rendered == SHARE_AFTER or keyed == SHARE_KEYED) and may_fork():
                self._run_shared(iterator, out)
                break
        return out

    def _entry(self, job: Job) -> Entry:
        known = self.old.get(job.path)
        if known and known[0] == job.key and self._has_blob(known[1]):
            return Entry(job.key, known[2], known[1], job=job)
        entry = Entry(job.key, 0, "", fresh=True)
        self._store(entry, job.render())
        return entry

    def _run_shared(self, iterator: Iterator[Job], out: dict[str, Entry]) -> None:
        """The remaining jobs on two processes: this one and a forked child, in chunks each claims in turn.

        Both go through the same job stream (the child is forked mid-iteration,
        so it continues from the same point), gathering every value but
        keying and rendering only the chunks they claimed (:func:`~generator.forking.claimed`); a value is gathered in each
        process, so nothing is pickled but the child's answer: the key, blob
        and size of each of its jobs, stored by the child itself (blobs are content-addressed,
        written atomically). Each output is still rendered from its value
        alone, so the bytes are those of a one-process build.
        """
        context = multiprocessing.get_context("fork")
        receive, send = context.Pipe(duplex=False)
        counter = claims()  # chunk 0 is this process's, chunk 1 the child's: then the first free
        child = context.Process(target=self._child_share, args=(iterator, counter, send), daemon=True)
        child.start()
        send.close()
        theirs: list[Entry] = []
        try:
            for job, mine in claimed(iterator, counter, 0, SHARE_CHUNK):
                if mine:
                    entry = self._entry(job)
                else:  # keyed and made by the child: filled in from its answer
                    entry = Entry("", 0, "", job=job)
                    theirs.append(entry)
                out[job.path] = self.entries[job.path] = entry
            answer = receive.recv()
        except EOFError:
            answer = ("error", CacheError("tiến trình con dựng tài liệu dừng bất thường; hãy chạy lại sotay build"))
        except BaseException:
            child.kill()
            raise
        finally:
            child.join()
        self._take_share(theirs, answer)

    def _child_share(self, iterator: Iterator[Job], counter, send) -> None:
        """The forked share: store the output of every job it claimed, answer with (key, blob, size, fresh) of each."""
        try:
            made = [self._entry(job) for job, mine in claimed(iterator, counter, 1, SHARE_CHUNK) if mine]
            send.send(("ok", [(entry.key, entry.blob, entry.size, entry.fresh) for entry in made]))
        except BaseException as error:  # the parent raises it: a child must always answer
            send.send(("error", _portable(error)))
        finally:
            send.close()

    def _take_share(self, theirs: list[Entry], answer: tuple[str, Any]) -> None:
        status, made = answer
        if status == "error":
            raise made
        if len(made) != len(theirs):
            raise CacheError("tiến trình con dựng tài liệu trả về sai số tệp; hãy chạy lại sotay build")
        for entry, (key, blob, size, fresh) in zip(theirs, made):
            entry.key, entry.blob, entry.size, entry.fresh = key, blob, size, fresh
            if fresh:
                entry.job = None  # as for the outputs rendered here: no value kept alive

    def _has_blob(self, blob: str) -> bool:
        """True if the store holds a blob of that name (its bytes are checked when they are used).

        Each of the store's folders is listed once per build (256 listings, not
        a stat per output: this runs for every output of every build).
        """
        if not isinstance(blob, str) or not _BLOB_NAME.fullmatch(blob):  # a name, never a path
            return False
        names = self._listed.get(blob[:2])
        if names is None:
            try:
                names = set(os.listdir(os.path.join(self.blobs, blob[:2])))
            except OSError:  # no such folder yet
                names = set()
            self._listed[blob[:2]] = names
        return blob in names

    def _blob_path(self, blob: str) -> str:
        """Where a blob is stored: ``blobs/<first two hex digits>/<hash>`` (a string: os.path is cheaper)."""
        return f"{self._blobs_prefix}{blob[:2]}/{blob}"

    def _store(self, entry: Entry, data: bytes) -> None:
        """Write a rendered output's blob at once: a build holds no output's bytes for long."""
        entry.blob, entry.size = blob_hash(data), len(data)
        self._write_blob(entry.blob, data)

    def data(self, path: str) -> bytes:
        """The bytes of an output of this build: read back and verified, or re-rendered."""
        entry = self.entries[path]
        stored = self._read_blob(entry.blob)
        if stored is None:  # missing or altered since the manifest was written
            stored = self._render_again(path, entry)
        return stored

    def _render_again(self, path: str, entry: Entry) -> bytes:
        if entry.job is None:  # stored by this very build, then altered by someone else
            raise CacheError(f"tệp «{path}» trong bộ nhớ đệm {self.blobs} bị sửa hoặc xoá trong lúc dựng; "
                             "hãy chạy lại sotay build")
        data = entry.job.render()
        self._store(entry, data)
        return data

    def source(self, path: str) -> str:
        """The file holding an output's bytes (verified), for hard links into the docs tree and site.

        Whoever links it must never write through the link: replace the link, never open it for writing.
        """
        entry = self.entries[path]
        source = self._blob_path(entry.blob)
        if not entry.fresh and not self._unwritten_since_verified(path, source) \
                and self._read_blob(entry.blob) is None:  # fresh: just written
            self._render_again(path, entry)
            self._inodes.pop(path, None)
        self._sourced.add(path)
        return source

    def inode(self, path: str) -> tuple[int, int] | None:
        """(inode, device) of the blob :meth:`source` gave for ``path``, if it looked (None: not known)."""
        return self._inodes.get(path)

    def _unwritten_since_verified(self, path: str, source: str) -> bool:
        """True if the blob's bytes were not written since every blob was last checked.

        Writing into a file (an editor saving through a hard link) sets its
        mtime; linking and unlinking do not. A blob written before the last
        build that checked every blob holds the bytes that build checked, so it
        is not read and hashed again (a partial build links thousands of them).
        The blob's inode is kept: the docs tree's sync compares its files with it.
        """
        try:
            stat = os.stat(source)
        except OSError:
            return False
        if stat.st_mtime_ns < self.verified_ns:
            self._inodes[path] = (stat.st_ino, stat.st_dev)
            return True
        return False

    def _read_blob(self, blob: str) -> bytes | None:
        try:
            data = Path(self._blob_path(blob)).read_bytes()
        except OSError:
            return None
        return data if blob_hash(data) == blob else None

    def files(self) -> "LazyFiles":
        """Every output of this build so far, as ``{path: bytes}`` read on demand."""
        return LazyFiles(self)

    def counts(self) -> tuple[int, int]:
        """(outputs rendered in this build, outputs of the last build that are gone)."""
        rendered = sum(1 for entry in self.entries.values() if entry.fresh)
        return rendered, len(set(self.old) - set(self.entries))

    def save(self) -> None:
        """Write the manifest (atomically, last: blobs were stored as outputs were made), drop unused blobs."""
        checked = all(e.fresh or p in self._sourced for p, e in self.entries.items())
        # Fresh blobs were made by this build. A second back: file times come from a coarser
        # clock, which may lag time_ns(); a blob written later must never look older than this.
        verified = time.time_ns() - 1_000_000_000 if checked else self.verified_ns
        manifest = {"format": FORMAT, "generator": generator_version(), "verified": verified,
                    "outputs": {p: [e.key, e.blob, e.size] for p, e in sorted(self.entries.items())}}
        atomic_write(self.root / MANIFEST, json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
        keep = {e.blob for e in self.entries.values()}
        if not self.old or self.counts()[0] >= SHARE_AFTER:
            self._collect_garbage(keep)
        else:  # few outputs rendered: the unused blobs are those the last manifest named
            for blob in {entry[1] for entry in self.old.values()} - keep:
                if isinstance(blob, str) and _BLOB_NAME.fullmatch(blob):  # a name, never a path
                    Path(self._blob_path(blob)).unlink(missing_ok=True)

    def _write_blob(self, blob: str, data: bytes) -> None:
        """Store ``data`` as the blob ``blob``, unless the store holds it intact already.

        Written whole under a name of this process's, then renamed (never
        half-written; the store's collector removes a name a killed build left).
        A blob its folder's listing does not name is written without a look,
        and the folder is made only when the first write into it fails: a
        clean build stores tens of thousands of blobs, and a failed open, a
        folder made, a random temporary name and its mode set each cost more
        than the write itself. Without ``fchmod`` the new file gets 0666 less
        the umask, as readable as any file MkDocs writes (blobs are linked
        into the docs tree and the site).
        """
        if self._has_blob(blob) and self._read_blob(blob) is not None:  # else missing, or altered through a link
            return
        target = self._blob_path(blob)
        temp = f"{target}.{os.getpid()}.tmp"  # the parent's and the child's never meet
        try:
            handle = os.open(temp, _NEW_BLOB, 0o666)
        except FileNotFoundError:  # the folder's first blob
            os.makedirs(os.path.dirname(target), exist_ok=True)
            handle = os.open(temp, _NEW_BLOB, 0o666)
        try:
            with open(handle, "wb") as stream:
                stream.write(data)
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        self._listed[blob[:2]].add(blob)

    def _collect_garbage(self, keep: set[str]) -> None:
        """Every blob in the store that no output uses goes (also those of a build killed before its manifest).

        Only after a build without a usable manifest or one that rendered many
        outputs (as the build after a killed one does, when the killed one had
        stored many): listing the store costs as much as the rest of a small
        edit's save. Otherwise the blobs the last manifest named and this one
        does not are the garbage.
        """
        if not self.blobs.is_dir():
            return
        for path in self.blobs.glob("*/*"):
            if path.name not in keep:
                path.unlink(missing_ok=True)


def _portable(error: BaseException) -> BaseException:
    """``error`` if it survives pickling (to be raised in the parent as is), else its traceback as text."""
    try:
        pickle.loads(pickle.dumps(error))
        return error
    except Exception:  # any pickling failure: the text still says what went wrong
        return RuntimeError("".join(traceback.format_exception(error)))


class LazyFiles(Mapping):
    """Read-only ``{path: bytes}`` over a build's entries; bytes loaded when asked for."""

    def __init__(self, cache: Cache):
        self.cache = cache

    def __getitem__(self, path: str) -> bytes:
        return self.cache.data(path)

    def __iter__(self) -> Iterator[str]:
        return iter(self.cache.entries)

    def __len__(self) -> int:
        return len(self.cache.entries)

    def __contains__(self, path: object) -> bool:
        return path in self.cache.entries

    def digest(self, path: str) -> str:
        """The sha256 of the output's bytes without reading them."""
        return self.cache.entries[path].blob

    def size(self, path: str) -> int:
        """The output's size without reading it."""
        return self.cache.entries[path].size

    def source(self, path: str) -> str:
        """The blob file holding the output's bytes (see :meth:`Cache.source`)."""
        return self.cache.source(path)

    def inode(self, path: str) -> tuple[int, int] | None:
        """(inode, device) of that blob file, when :meth:`source` saw it (see :meth:`Cache.inode`)."""
        return self.cache.inode(path)


def file_mode() -> int:
    """The mode a new file gets under the process umask (0644 under umask 022).

    Blobs are hard-linked into the docs tree and the site: they must be as
    readable as a file MkDocs writes, not 0600 like a bare temporary file.
    """
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write(target: Path, data: bytes, sync: bool = True, mode: int | None = None) -> None:
    """Write ``data`` to ``target`` through a temporary file and a rename (never half-written)."""
    with _replacing(target, mode) as handle, os.fdopen(handle, "wb") as stream:
        stream.write(data)
        if sync:
            stream.flush()
            os.fsync(stream.fileno())


def atomic_write_json(target: Path, value: Any, depth: int = 2, mode: int | None = None, **options: Any) -> None:
    """Write ``value`` as ``json.dumps(value, **options)`` would, like :func:`atomic_write` (not synced).

    The text is streamed in pieces (see :func:`json_pieces`): a large
    tree's record is tens of MB as one text, and ``json.dump`` to a stream,
    which avoids that, goes through the pure-Python encoder (ten times slower).
    """
    with _replacing(target, mode) as handle, open(handle, "w", encoding="utf-8") as stream:
        stream.writelines(json_pieces(value, depth, options))


JSON_SLICE = 256  # members encoded at once at the deepest level opened by json_pieces


def json_pieces(value: Any, depth: int, options: Mapping[str, Any]) -> Iterator[str]:
    """The text of ``json.dumps(value, **options)``, in pieces each made by the C encoder.

    Objects are opened here down to ``depth`` levels, member by member; an
    array at any of those levels, and an object at the deepest, is encoded a
    slice of members at a time; anything below, whole. Keys of opened objects
    must be strings, as in every record sotay writes.
    """
    if depth <= 0 or not isinstance(value, (dict, list)) or not value:
        yield json.dumps(value, **options)
        return
    comma, colon = options.get("separators") or (", ", ": ")
    is_object = isinstance(value, dict)
    members = (sorted(value.items()) if options.get("sort_keys") else list(value.items())) if is_object \
        else value
    yield "{" if is_object else "["
    if depth == 1 or not is_object:
        for start in range(0, len(members), JSON_SLICE):
            piece = members[start:start + JSON_SLICE]
            yield (comma if start else "") + json.dumps(dict(piece) if is_object else piece, **options)[1:-1]
    else:
        for number, (key, member) in enumerate(members):
            yield (comma if number else "") + json.dumps(key, **options) + colon
            yield from json_pieces(member, depth - 1, options)
    yield "}" if is_object else "]"


@contextlib.contextmanager
def _replacing(target: Path, mode: int | None) -> Iterator[int]:
    """A new file's descriptor; when the block ends well the file replaces ``target``, else it goes."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        if mode is not None:
            os.fchmod(handle, mode)
        yield handle
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
