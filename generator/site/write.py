"""The writer stage: generated docs tree -> mkdocs build -> `site/`, swapped in atomically.

The generator hands over ``{relative path: bytes}`` for the docs tree. This
module refuses bad paths before anything is written, syncs the tree into
``build/docs/`` (the ``docs_dir`` of the static ``mkdocs.yml``) together with
the static files of ``templates/site/docs/``, builds the site with MkDocs into
a temporary folder next to ``site/`` and swaps that folder in. A failed, broken
or killed build leaves the previous ``site/`` whole.
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import logging
import os
import re
import shutil
import tempfile
import time
import unicodedata
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timezone
from functools import partial
from pathlib import Path
from types import EllipsisType

from generator.cache import CACHE_DIR, site_key
from generator.site import linking, partial_build, state
from generator.site.folder import check_site_folder, mode_for_umask, write_marker
from generator.site.listing import Listing
from generator.errors import SotayError
from generator.forking import Outcome, alongside, may_fork
from generator.folders import template_files
from generator.site.search_index import PageMemo, build_index, count_entries
from generator.site.search_terms import load_search_terms, search_terms_key

DOCS_DIR = Path("build") / "docs"  # must match docs_dir in mkdocs.yml
OVERRIDES_DIR = Path("build") / "overrides"  # must match theme.custom_dir in mkdocs.yml
CONFIG_FILE = "mkdocs.yml"
SEARCH_MEMO = CACHE_DIR / "search-pages.txt"  # each page's search entries (public content)
# MkDocs' own warning on every dirty build; partial_build makes ours safe.
DIRTY_WARNING = "A 'dirty' build is being performed"

# Absolute, a "", "." or ".." part, a backslash or a control character: one search per path.
_BAD_PATH = re.compile(r"(?:^|/)\.{0,2}(?:/|$)|[\\\x00-\x1f\x7f]")
Outputs = Mapping[str, bytes] | Iterable[tuple[str, bytes]]


@dataclass(frozen=True)
class Linked:
    """A docs file whose bytes a file of the cache holds: hard-linked, never copied.

    The docs tree and the site then share one inode with the cache's blob, so
    nothing may open such a file for writing: it is replaced (unlink, then
    link or write), never written in place.
    """

    source: str  # the cache's blob file
    sha256: str
    size: int
    inode: tuple[int, int] | None = None  # (inode, device) of source, if known (else stat when needed)

    def read(self) -> bytes:
        with open(self.source, "rb") as stream:
            return stream.read()


class Contents(Mapping):
    """``{path: bytes}`` over a docs tree whose linked files are read when asked for."""

    def __init__(self, tree: Mapping[str, "bytes | Linked"]):
        self.tree = tree

    def __getitem__(self, path: str) -> bytes:
        data = self.tree[path]
        return data.read() if isinstance(data, Linked) else data

    def __iter__(self) -> Iterator[str]:
        return iter(self.tree)

    def __len__(self) -> int:
        return len(self.tree)


def sha256_of(data: "bytes | Linked") -> str:
    """The sha256 of a docs file's bytes (known without reading for a linked one)."""
    return data.sha256 if isinstance(data, Linked) else hashlib.sha256(data).hexdigest()


class WriteError(SotayError):
    """The docs tree or the site could not be written; `site/` is unchanged."""


@dataclass(frozen=True)
class WriteReport:
    """What one :func:`write_site` call did."""

    site_dir: Path
    pages: int  # Markdown pages in the docs tree (generated + static)
    files: int  # other files in the docs tree (downloads, assets)
    written: int  # docs-tree files created or changed by this call
    removed: int  # stale docs-tree files deleted by this call
    search_entries: int  # sections in the search index
    warnings: tuple[str, ...]  # MkDocs warnings (broken links, …)
    seconds: float


def write_site(
    files: Outputs,
    project_dir: Path,
    site_dir: Path | None = None,
    *,
    build_date: date | None = None,
    content_dir: Path | None = None,
    previous: state.SiteState | None | EllipsisType = ...,
    then: Callable[[], None] = lambda: None,
) -> WriteReport:
    """Write the docs tree, build it with MkDocs and swap the result into ``site_dir``.

    ``files`` maps POSIX paths relative to the docs root ("don-vi/chau-hung.md")
    to their bytes. ``site_dir`` defaults to ``project_dir/site``; it must be
    missing, empty or a site sotay built (:mod:`generator.site.folder`).
    ``build_date`` is the date the sitemap states for every page (default:
    ``SOURCE_DATE_EPOCH`` or 1970-01-01), so equal input gives equal bytes.
    Raises :class:`WriteError` (a :class:`SotayError`) and leaves ``site/``
    untouched on any failure. Cheap to call again: unchanged docs files are
    not rewritten, and an intact site gets only its changed pages rebuilt.
    The search index is built here from the Markdown pages (with the
    abbreviations and topic words of ``content_dir/search/``). ``previous``
    is the recorded state (:func:`state.load`) if the caller has read it.
    ``then`` runs once the new site is live (the caller's own records: the
    build's cache manifest), while the second core readies the next build's copy.
    """
    started = time.perf_counter()
    project_dir = project_dir.resolve()
    site_dir = (site_dir or project_dir / "site").resolve()
    check_target(project_dir, site_dir, content_dir)
    tree = collect_tree(files, static_files("site/docs"))
    engine = engine_key(project_dir, build_date, content_dir)
    if previous is ...:
        previous = state.load(project_dir, site_dir)
    # The live site, if it may be reused, is linked into the next one on the second core meanwhile.
    with _early_copy(previous, engine, tree, project_dir, site_dir) as early:
        with _head_start(tree, project_dir / DOCS_DIR, free=early.temp is None) as synced:
            memo = PageMemo(project_dir / SEARCH_MEMO, lambda path: sha256_of(tree[path]))
            search = build_index(Contents(tree), load_search_terms(content_dir) if content_dir else None, memo)
        tree.add(search.items(), "search")
        written, removed = sync_tree(tree, project_dir / DOCS_DIR)
        written += synced.value or 0
        sync_tree(dict(static_files("site/overrides")), project_dir / OVERRIDES_DIR)
        current = state.SiteState(engine, {path: sha256_of(data) for path, data in tree.items()})
    if early.temp is not None and early.outcome.value and (changed := previous.changed_docs(current)) is not None:
        built, warnings = _build_changed_into(early.temp, project_dir, build_date, changed, tree.keys())
    else:
        if early.temp is not None:  # made for nothing: a full build
            shutil.rmtree(early.temp, ignore_errors=True)
        changed = previous.changed_docs(current) if early.temp is None and previous and previous.holds(site_dir) \
            else None
        built, warnings = _build_into_temp(project_dir, site_dir, build_date, changed, tree.keys())
    entries = count_entries(search)
    write_marker(built)
    state.forget(project_dir)
    old_site = swap_in(built, site_dir)
    # The next build's copy of the site is made ready on the second core while the new one is recorded.
    link = partial_build.links_allowed(project_dir / CONFIG_FILE)
    with alongside(partial(partial_build.keep_as_spare, old_site, site_dir, link)):
        state.save(project_dir, site_dir, current)
        then()
    pages = sum(1 for path in tree if path.endswith(".md"))
    return WriteReport(
        site_dir, pages, len(tree) - pages, written, removed, entries,
        tuple(warnings), round(time.perf_counter() - started, 3),
    )


def check_target(project_dir: Path, site_dir: Path, content_dir: Path | None = None) -> None:
    """Raise (nothing written) unless ``site_dir`` is a folder a build may replace.

    ``sotay build`` asks before rendering anything: outputs go to the cache as
    they are made, and a refused folder must leave the project as it was.
    """
    project_dir, site_dir = project_dir.resolve(), site_dir.resolve()
    _check_site_dir(site_dir, project_dir)
    check_site_folder(site_dir, project_dir, content_dir)


def engine_key(project_dir: Path, build_date: date | None = None, content_dir: Path | None = None) -> str:
    """What the site engine reads besides the docs tree, the build date and the search vocabulary."""
    return f"{site_key(project_dir)}:{build_date}:{search_terms_key(content_dir)}"


def collect_tree(files: Outputs, static: Iterable[tuple[str, bytes]] = ()) -> "DocsTree":
    """Validated docs tree: the generated files plus the static files.

    Refuses paths that are absolute, contain ``..``/``.``/empty parts,
    backslashes or control characters, and two outputs at one path (also when
    they differ only in case or Unicode form, as on Windows and macOS).
    """
    items = _linked_items(files) if hasattr(files, "source") else \
        files.items() if isinstance(files, Mapping) else files
    tree = DocsTree()
    tree.add(items, "generated")
    tree.add(static, "static")
    return tree


class DocsTree(dict):
    """``{path: bytes | Linked}`` whose every path was validated; more can be added (and validated) later."""

    def __init__(self) -> None:
        super().__init__()
        self._seen: dict[str, str] = {}  # NFC, case-folded path -> the path

    def add(self, pairs: Iterable[tuple[str, "bytes | Linked"]], origin: str) -> "DocsTree":
        """Add ``pairs`` (see :func:`collect_tree` for what is refused); returns the tree."""
        for path, data in pairs:
            clean = _checked_path(path)
            # Most paths are ASCII slugs: for those, NFC changes nothing and casefold is lower.
            key = clean.lower() if clean.isascii() else unicodedata.normalize("NFC", clean).casefold()
            if key in self._seen:
                raise WriteError(
                    f"hai tệp cùng ghi vào một chỗ: '{self._seen[key]}' và '{clean}' ({origin})"
                )
            if not isinstance(data, (bytes, Linked)):
                raise WriteError(f"nội dung của '{clean}' phải là bytes")
            self._seen[key] = clean
            self[clean] = data
        return self


def _linked_items(files) -> Iterator[tuple[str, Linked]]:
    """The outputs of a cache (:class:`generator.cache.LazyFiles`) as links to its blobs."""
    for path in files:
        yield path, Linked(files.source(path), files.digest(path), files.size(path), files.inode(path))


def static_files(folder: str) -> Iterator[tuple[str, bytes]]:
    """The static files of a templates folder (project overrides first), in a stable order."""
    prefix = folder.rstrip("/") + "/"
    for name, path in template_files(folder).items():
        yield name[len(prefix):], path.read_bytes()


def _checked_path(path: str) -> str:
    """The path if it stays inside the docs tree, else WriteError."""
    if not isinstance(path, str) or not path:
        raise WriteError(f"đường dẫn tệp không hợp lệ: {path!r}")
    if _BAD_PATH.search(path) or ":" in path.partition("/")[0]:
        raise WriteError(f"đường dẫn tệp ra ngoài thư mục trang web: {path!r}")
    return path


def sync_tree(tree: Mapping[str, "bytes | Linked"], docs_dir: Path, remove: bool = True) -> tuple[int, int]:
    """Make ``docs_dir`` hold exactly ``tree`` (with ``remove=False``: at least); return (written, removed).

    Unchanged files keep their bytes and mtime (cheap rebuilds, quiet
    `mkdocs serve`). Symlinks in the way are refused, never followed.
    :class:`Linked` files become hard links to the cache's blobs (a copy
    where the file system cannot link); a changed file is always replaced,
    never rewritten in place, since it may be such a link.
    Works on plain strings and ``os`` calls: it runs over every output of
    every build, thousands of files. The folder is listed once
    (:class:`~generator.site.listing.Listing`); a file linked to a blob whose inode is known is then
    compared by the inode number of its listing (one file system: the
    folder's), any other looked at with one ``lstat``.
    """
    docs_dir.mkdir(parents=True, exist_ok=True)
    root = str(docs_dir.resolve())
    listing = Listing.of(root)
    present, empty = listing.files, listing.empty
    links = {path for path, entry in present.items() if entry.is_symlink()}
    device = os.stat(root).st_dev
    written = 0
    for path, data in tree.items():
        if links:
            _refuse_links(root, path, links)
        entry = present.get(path)
        if entry is not None and _holds(entry, data, device):
            continue
        target = os.path.join(root, path)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        place(target, data)
        written += 1
    return written, _remove_stale(root, present, empty, tree) if remove else 0


@contextlib.contextmanager
def _head_start(tree: Mapping[str, "bytes | Linked"], docs_dir: Path, free: bool) -> Iterator[Outcome]:
    """While the block runs (the search index is made), the docs tree's files are synced on the second core.

    Only if that core is ``free`` (no early copy on it) and forking is safe.
    ``sync_tree`` after the block, which writes the search files and removes
    stale ones, then finds these in place: about a second of a clean 3,000-unit
    build, when one core would otherwise be idle. A head start only: it
    removes nothing, and if it fails, the sync after the block does all of it
    and reports what went wrong. ``value``: the files it wrote (None if none).
    """
    if not (free and may_fork()):
        yield Outcome()
        return
    with alongside(partial(_sync_quietly, tree, docs_dir)) as outcome:
        yield outcome


def _sync_quietly(tree: Mapping[str, "bytes | Linked"], docs_dir: Path) -> int:
    """Files of ``tree`` written into ``docs_dir``, none removed; 0 on any error (the next sync reports it)."""
    try:
        return sync_tree(tree, docs_dir, remove=False)[0]
    except (OSError, WriteError):
        return 0


def _refuse_links(root: str, path: str, links: set[str]) -> None:
    """WriteError if ``path`` or one of its folders below root is a symlink (``links``: those found).

    Paths were validated (no ``..``, not absolute), so without symlinks they
    cannot leave root.
    """
    parts = path.split("/")
    for depth in range(1, len(parts) + 1):
        relative = "/".join(parts[:depth])
        if relative in links:
            raise WriteError(f"không ghi qua liên kết tượng trưng: {os.path.join(root, relative)}")


def place(target: str, data: "bytes | Linked") -> None:
    """Put ``data`` at ``target``: a new hard link or a new file, never a write into the old one."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)
    if isinstance(data, Linked):
        try:
            os.link(data.source, target)
            return
        except OSError:  # another file system, or links not allowed: a copy then
            data = data.read()
    with open(target, "xb") as stream:
        stream.write(data)


def _holds(entry: os.DirEntry, data: "bytes | Linked", device: int) -> bool:
    """True if the file listed as ``entry`` (on ``device``) already has exactly these bytes (or is that very link)."""
    try:
        if isinstance(data, Linked) and data.inode is not None:  # no stat: a symlink has an inode of its own
            return (entry.inode(), device) == data.inode
        here = entry.stat(follow_symlinks=False)
        if isinstance(data, Linked):
            blob = os.stat(data.source)
            return (here.st_ino, here.st_dev) == (blob.st_ino, blob.st_dev)
        if here.st_size != len(data):
            return False
        with open(entry.path, "rb") as stream:
            return stream.read() == data
    except (FileNotFoundError, NotADirectoryError, IsADirectoryError):
        return False


def _remove_stale(root: str, present: Mapping[str, os.DirEntry], empty: set[str],
                  keep: Mapping[str, object]) -> int:
    """Delete the listed files and links not in keep, then the folders left empty (and those found empty)."""
    removed = 0
    emptied = set(empty)
    for path in present:
        if path not in keep:
            os.unlink(os.path.join(root, path))
            removed += 1
            emptied.add(path.rpartition("/")[0])
    for folder in emptied:
        _remove_empty(root, folder)
    return removed


def _remove_empty(root: str, folder: str) -> None:
    """Remove ``folder`` and then each parent below root while they are empty."""
    while folder:
        try:
            os.rmdir(os.path.join(root, folder))
        except OSError:  # not empty (or gone): its parents are not empty either
            return
        folder = folder.rpartition("/")[0]


def _check_site_dir(site_dir: Path, project_dir: Path) -> None:
    """Refuse a site folder that would replace the project or its sources."""
    docs_dir = project_dir / DOCS_DIR
    if project_dir.is_relative_to(site_dir) or site_dir.is_relative_to(docs_dir):
        raise WriteError(f"thư mục trang web không hợp lệ: {site_dir}")
    if site_dir.is_relative_to(project_dir) and site_dir.relative_to(project_dir).parts[0] in (
        "content", "templates", "generator", "tests", ".git",
    ):
        raise WriteError(f"thư mục trang web không được nằm trong mã nguồn: {site_dir}")


@dataclass
class _Early:
    """The copy of the live site :func:`_early_copy` started: its folder and, after the block, whether it was made."""

    temp: Path | None = None
    outcome: Outcome | None = None


@contextlib.contextmanager
def _early_copy(previous: state.SiteState | None, engine: str, tree: Mapping[str, object],
                project_dir: Path, site_dir: Path) -> Iterator[_Early]:
    """While the block makes the docs tree, link the live site into the spare (or a new folder) on the second process.

    Only when the next site can be built from it: same engine, same docs
    files (the search files aside, not made yet), and a configuration whose
    builds replace files and never write into them
    (:func:`generator.site.partial_build.links_allowed`). After the block,
    ``outcome.value`` says whether the copy was made (False: the live site
    was changed since it was recorded).
    """
    early = _Early()
    if previous is None or not previous.may_reuse(engine, tree) \
            or not partial_build.links_allowed(project_dir / CONFIG_FILE):
        yield early
        return
    early.temp = _new_temp(site_dir, spare=True, empty=False)
    prepare = partial(partial_build.prepare_copy, previous, site_dir, early.temp)
    try:
        with alongside(prepare) as early.outcome:
            yield early
    except BaseException:
        shutil.rmtree(early.temp, ignore_errors=True)
        raise


def _new_temp(site_dir: Path, spare: bool = False, empty: bool = True) -> Path:
    """A new folder beside site_dir for the next site: the spare folder tree when asked and kept, else empty."""
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(site_dir)
    prefix = f".{site_dir.name}.new-{os.getpid()}-"
    temp = (partial_build.take_spare(site_dir, prefix, empty=empty) if spare else None) \
        or Path(tempfile.mkdtemp(prefix=prefix, dir=site_dir.parent))
    os.chmod(temp, mode_for_umask())  # mkdtemp makes it 0700: a web server could not read it
    return temp


def _build_changed_into(temp: Path, project_dir: Path, build_date: date | None, changed: set[str],
                        paths: Collection[str]) -> tuple[Path, list[str]]:
    """Write into ``temp`` (the live site's copy, :func:`_early_copy`) what the ``changed`` docs files make.

    A changed file that is no longer in ``paths`` (a search file gone) leaves the copy.
    """
    try:
        for gone in changed.difference(paths):
            os.unlink(temp / partial_build.output_path(gone))
        with _fixed_build_date(build_date), _captured_warnings() as warnings:
            _mkdocs_build(project_dir, temp, changed, paths)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return temp, [w for w in warnings if not w.startswith(DIRTY_WARNING)]


def _build_into_temp(
    project_dir: Path, site_dir: Path, build_date: date | None, changed: set[str] | None = None,
    paths: Collection[str] = (),
) -> tuple[Path, list[str]]:
    """Build the site with MkDocs into a new temporary folder beside site_dir.

    With ``changed`` (docs files changed since the current site was built),
    only those pages are rendered; the rest is reused from ``site_dir``.
    ``paths``: the docs folder's files, when the caller just wrote exactly these.
    """
    temp = _new_temp(site_dir, spare=changed is not None)
    try:
        with _fixed_build_date(build_date), _captured_warnings() as warnings:
            if changed is None:
                _mkdocs_build(project_dir, temp)
            else:  # copies: a plugin sotay does not know may write into a file with open()
                partial_build.copy_previous(site_dir, temp, changed, project_dir / DOCS_DIR,
                                            link=partial_build.links_allowed(project_dir / CONFIG_FILE))
                partial_build.prune_folders(temp, site_dir)
                _mkdocs_build(project_dir, temp, changed, paths)
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return temp, [w for w in warnings if not w.startswith(DIRTY_WARNING)]


def _mkdocs_build(project_dir: Path, temp: Path, changed: set[str] | None = None,
                  paths: Collection[str] = ()) -> None:
    """Run `mkdocs build` in-process with site_dir pointed at temp.

    With ``changed``, temp holds (or is being given) the current site's
    other files: only what these docs files make is written.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    from generator.site import engine

    try:
        config = load_config(str(project_dir / CONFIG_FILE), site_dir=str(temp))
        if Path(config.docs_dir).resolve() != (project_dir / DOCS_DIR).resolve():
            raise WriteError(f"mkdocs.yml phải có docs_dir: {DOCS_DIR.as_posix()}")
        # Always "not dirty" for the plugins: Material's search plugin would
        # otherwise keep this build's index and merge it into the next build
        # run in the same process (sotay serve); partial_build merges instead.
        config.plugins[linking.NAME] = linking.LinkStatic()  # in-process only: mkdocs.yml stays plain
        if changed is not None:  # the new site starts as hard links to the live one: replace, never write into
            config.plugins[partial_build.NAME] = partial_build.ReplaceWrites()
        config.plugins.on_startup(command="build", dirty=False)
        try:
            if changed is None and engine.can_split(config):
                engine.build_split(config)  # the same site, on both cores
            elif changed is not None and engine.can_drive(config):
                engine.build_changed(config, changed, paths)
            else:
                build(config, dirty=changed is not None)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as error:
        raise WriteError(f"MkDocs không dựng được trang web: {error}") from error


@contextlib.contextmanager
def _fixed_build_date(build_date: date | None) -> Iterator[None]:
    """Set SOURCE_DATE_EPOCH for MkDocs (sitemap dates, gzip mtime), then restore it."""
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    if build_date is not None:
        moment = datetime(build_date.year, build_date.month, build_date.day, tzinfo=timezone.utc)
        os.environ["SOURCE_DATE_EPOCH"] = str(int(moment.timestamp()))
    elif previous is None:
        os.environ["SOURCE_DATE_EPOCH"] = "0"
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous


class _ListHandler(logging.Handler):
    def __init__(self, sink: list[str]):
        super().__init__(logging.WARNING)
        self.sink = sink

    def emit(self, record: logging.LogRecord) -> None:
        self.sink.append(record.getMessage())


@contextlib.contextmanager
def _captured_warnings() -> Iterator[list[str]]:
    """Collect MkDocs warnings instead of letting them print mid-progress."""
    logger = logging.getLogger("mkdocs")
    sink: list[str] = []
    handler, propagate = _ListHandler(sink), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield sink
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def swap_in(new: Path, site_dir: Path) -> Path | None:
    """Replace site_dir by new atomically; return where the old tree is now (None if there was none).

    Uses renameat2(RENAME_EXCHANGE) where the kernel has it (one atomic step);
    otherwise two renames, so at worst a kill leaves the old tree beside it.
    The caller keeps the old tree's empty folders for the next partial build
    (:func:`generator.site.partial_build.keep_as_spare`), which also deletes
    its files; a kill before that leaves it as an abandoned temporary folder.
    """
    if not site_dir.exists() and not site_dir.is_symlink():
        os.rename(new, site_dir)
        return None
    if _exchange(new, site_dir):
        return new
    old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}-{new.name[-8:]}")
    os.rename(site_dir, old)
    os.rename(new, site_dir)
    return old


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths (Linux renameat2); False if unsupported."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def _remove_abandoned(site_dir: Path) -> None:
    """Delete temporary trees left by killed builds (whose process is gone)."""
    for prefix in (f".{site_dir.name}.new-", f".{site_dir.name}.old-"):
        for path in site_dir.parent.glob(prefix + "*"):
            pid = path.name[len(prefix):].split("-")[0]
            if pid.isdigit() and not _alive(int(pid)):
                shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    """True if a process with this id exists."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
