"""Partial site rebuilds: reuse the previous ``site/`` for pages that did not change.

MkDocs has no page cache, and ``mkdocs build --dirty`` writes a search index
that holds only the pages it rebuilt. This module makes a dirty build safe:

1. the build state (:mod:`generator.site.state`) says which docs tree and
   engine the current ``site/`` was built from, and that it is intact;
2. when only page *contents* changed (same set of files, same engine), the
   new site starts as a copy of the old one without the outputs of the
   changed files, and MkDocs runs in dirty mode, rendering only those;
3. the search index needs no merging: sotay builds it into the docs tree
   (``assets/sotay/search/``), so its changed files are rebuilt like any other.

Anything else (first build, a file added or removed, another engine key, a
``site/`` changed since it was recorded) falls back to a full build. The
result is byte-identical to a full build; a test holds it to that.

The next copy is kept ready: after a swap, on the second process, the
replaced site becomes a tree of hard links to the new live site, kept beside
``site/`` (:func:`spare_of`, :func:`keep_as_spare`); after a partial build
that is a few files relinked, since the replaced site was such a copy
already. The next partial build starts from that tree and relinks only what
differs from the live site by then (:func:`link_tree`, comparing inode
numbers from the directory listings), instead of making thousands of
folders and links and deleting as many (removing a folder frees a block,
which costs milliseconds on a disk mounted with ``discard``). Hard links
share the live files' storage, so nothing is stored twice; only sotay
writes there, and it replaces files, never writes into them
(:class:`ReplaceWrites`). Where links are not allowed (a plugin sotay does
not know), the spare keeps its folders only. A folder of that name without
sotay's marker is the user's and is never used or removed.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from generator.site.folder import MARKER, write_marker
from generator.site.linking import link_or_copy, shares_inode
from generator.site.listing import Listing, files_below

# Written by MkDocs and its plugins on every build, some with a plain open():
# never shared with the old site.
ALWAYS_WRITTEN = ("sitemap.xml", "sitemap.xml.gz", "404.html")


def output_path(docs_path: str) -> str:
    """Where a docs file lands in the site (``use_directory_urls: false``)."""
    return docs_path[:-3] + ".html" if docs_path.endswith(".md") else docs_path


def copy_previous(old_site: Path, new_site: Path, changed: set[str], docs_dir: Path | None = None,
                  link: bool = False) -> int:
    """Copy the old site into ``new_site``, minus what will be rebuilt.

    Copies by default: MkDocs or a plugin writing a file in place with a
    plain ``open()`` would otherwise write through into the live ``site/``.
    ``shutil.copy2`` keeps modes and times and lets the kernel copy (sendfile,
    or a reflink where the file system has them). A file that is the docs
    tree's own file (a download linked from the cache,
    :mod:`generator.site.linking`) is linked again; the build links it anyway,
    and only ever replaces such a file. With ``link`` (only when
    :func:`links_allowed`, and the build runs with :class:`ReplaceWrites`),
    every file is a hard link to the old one: nothing is copied, and nothing
    will be written into.
    """
    skip = {output_path(path) for path in changed} | set(ALWAYS_WRITTEN)
    new_root = str(new_site)
    empty: set[str] = set()
    made: set[str] = set()
    copied = 0
    for path, entry in files_below(str(old_site), empty):
        folder = path.rpartition("/")[0]
        if folder not in made:
            os.makedirs(os.path.join(new_root, folder), exist_ok=True)
            made.add(folder)
        if path in skip:
            continue
        target = os.path.join(new_root, path)
        if link or (docs_dir is not None and shares_inode(entry.path, docs_dir / path)):
            link_or_copy(entry.path, target)
        else:
            shutil.copy2(entry.path, target, follow_symlinks=False)
        copied += 1
    for folder in empty:  # as the old site has them
        os.makedirs(os.path.join(new_root, folder), exist_ok=True)
    return copied


# --- hard links instead of copies ---------------------------------------------

NAME = "sotay-replace-writes"
# Plugins whose writes ReplaceWrites knows: Material's offline plugin writes
# search/search_index.js after the build, and only when a search index exists.
KNOWN_PLUGINS = frozenset({"material/offline", "offline"})
OFFLINE_SCRIPT = "search/search_index.js"


def links_allowed(config_file: Path) -> bool:
    """True if a dirty build with this config writes only where :class:`ReplaceWrites` unlinks first.

    MkDocs itself writes pages, static files and templates, each through a
    plugin event or a ``copy_file`` that ReplaceWrites sees. Any other plugin or
    extra template may write a file with ``open()``: then the new site is copied.
    """
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    try:
        config = load_config(str(config_file))
    except MkDocsException:  # the build itself reports it
        return False
    return set(config.plugins) <= KNOWN_PLUGINS and not config.extra_templates


class ReplaceWrites:
    """Every file a dirty build writes is unlinked first: a hard link to the live site is replaced, never written.

    A MkDocs plugin by its events alone (added in-process by the writer, like
    :class:`generator.site.linking.LinkStatic`): a page is unlinked just before
    MkDocs writes it (``on_post_page``), a template likewise
    (``on_post_template``), a static file before its ``copy_file`` copies it,
    and the offline plugin's script before it is written (``on_post_build``,
    which runs before the offline plugin's).
    """

    def on_files(self, files, config):
        for file in files:
            if not file.is_documentation_page():
                file.copy_file = _replacing(file, file.copy_file)
        return files

    def on_post_page(self, output, page, config):
        _unlink(page.file.abs_dest_path)
        return output

    def on_post_template(self, output, template_name, config):
        target = os.path.join(config.site_dir, template_name)
        _unlink(target)
        _unlink(target + ".gz")  # MkDocs gzips the sitemap beside it
        return output

    def on_post_build(self, config):
        _unlink(os.path.join(config.site_dir, OFFLINE_SCRIPT))


def _replacing(file, copy_file):
    def replace(dirty: bool = False) -> None:
        if dirty and not file.is_modified():
            return
        _unlink(file.abs_dest_path)
        copy_file(dirty=False)
    return replace


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def spare_of(site_dir: Path) -> Path:
    """The folder tree kept from the site replaced last (empty folders only)."""
    return site_dir.with_name(f".{site_dir.name}.spare")


def prepare_copy(previous, site_dir: Path, temp: Path) -> bool:
    """Make ``temp`` (the spare, or an empty folder) a copy of ``site_dir`` in hard links,
    if the site is still what ``previous`` records.

    Run on the second process while the build makes its docs tree
    (:func:`generator.site.write.write_site`): the changed files are not
    known yet, so every file is linked but those written on every build;
    the build then replaces what changed (:class:`ReplaceWrites`). False,
    and nothing changed in ``temp``, if ``site_dir`` was changed since it was recorded.
    """
    listing = Listing.of(str(site_dir))  # one walk: checked, then linked
    if not previous.holds(site_dir, listing):
        return False
    link_tree(site_dir, temp, skip=ALWAYS_WRITTEN, listing=listing)
    return True


def link_tree(source: Path, target: Path, skip: Iterable[str] = (), listing: Listing | None = None) -> int:
    """Make ``target`` hold a hard link to each file of ``source`` (but ``skip``), its folders, and nothing else.

    A file of ``target`` that already is the file of ``source`` at its path
    (the same inode number in the two directory listings, on one file
    system) stays; any other goes, and what is missing is linked (copied
    where linking fails). Returns the number of files linked. ``listing``:
    ``source`` as walked already.
    """
    skip = set(skip)
    listing = listing or Listing.of(str(source))
    theirs, source_empty = listing.files, listing.empty
    same_device = os.stat(source).st_dev == os.stat(target).st_dev
    kept = set()
    for path, entry in files_below(str(target)):
        want = theirs.get(path)
        if same_device and want is not None and path not in skip and want.inode() == entry.inode():
            kept.add(path)
        else:
            os.unlink(entry.path)
    root, made, linked = str(target), set(), 0
    for path, entry in theirs.items():
        if path in kept or path in skip:
            continue
        folder = path.rpartition("/")[0]
        if folder not in made:
            os.makedirs(os.path.join(root, folder), exist_ok=True)
            made.add(folder)
        link_or_copy(entry.path, os.path.join(root, path))
        linked += 1
    for folder in source_empty:  # as the source has them
        os.makedirs(os.path.join(root, folder), exist_ok=True)
    prune_folders(target, source)
    return linked


def take_spare(site_dir: Path, prefix: str, empty: bool = True) -> Path | None:
    """The spare folder tree, renamed to a new temporary name (``prefix``…), or None.

    Renamed before use: a build killed while filling it leaves an ordinary
    abandoned temporary folder, which the next build deletes. ``empty``:
    unlink any file in it now (else the caller does, before filling it).
    """
    spare = spare_of(site_dir)
    if not _ours(spare):
        return None
    temp = Path(tempfile.mkdtemp(prefix=prefix, dir=site_dir.parent))
    try:
        os.rename(spare, temp)  # onto the empty folder mkdtemp made: atomic
    except OSError:
        os.rmdir(temp)
        return None
    if empty:
        _empty(temp)  # a spare holds no files; any found (a killed build's) go
    return temp


def keep_as_spare(old_site: Path | None, site_dir: Path, link: bool = True) -> None:
    """Keep the replaced site (or, with none, a new folder) as the next spare: hard links to
    every file of the new ``site_dir`` (:func:`link_tree`), or with ``link`` False its folders only.

    A folder of that name without sotay's marker is the user's: it is left
    alone, and the replaced site is deleted instead of kept.
    """
    spare = spare_of(site_dir)
    if (spare.exists() or spare.is_symlink()) and not _ours(spare):
        if old_site is not None:
            shutil.rmtree(old_site)
        return
    if old_site is None:  # the spare a full build left alone, or a new folder; named as a build's
        prefix = f".{site_dir.name}.new-{os.getpid()}-"  # temporary folder: a killed build's is deleted by the next
        old_site = take_spare(site_dir, prefix, empty=False) \
            or Path(tempfile.mkdtemp(prefix=prefix, dir=site_dir.parent))
    if link:
        link_tree(site_dir, old_site, skip=ALWAYS_WRITTEN)
    else:
        _empty(old_site)
    write_marker(old_site)
    if spare.exists():
        shutil.rmtree(spare)
    os.rename(old_site, spare)


def _ours(spare: Path) -> bool:
    """True if ``spare`` is a folder sotay kept (it holds the site marker), never through a symlink."""
    return not spare.is_symlink() and spare.is_dir() and (spare / MARKER).is_file() \
        and not (spare / MARKER).is_symlink()


def prune_folders(new_site: Path, old_site: Path) -> None:
    """Remove the empty folders of ``new_site`` that ``old_site`` does not have (bottom up)."""
    new_root, old_root = str(new_site), str(old_site)
    for folder, _subfolders, names in os.walk(new_root, topdown=False):
        relative = os.path.relpath(folder, new_root)
        if relative != "." and not names and not os.listdir(folder) \
                and not os.path.isdir(os.path.join(old_root, relative)):
            os.rmdir(folder)


def _empty(tree: Path) -> None:
    """Unlink every file and symlink below ``tree``; its folders stay."""
    for folder, subfolders, names in os.walk(str(tree)):
        for name in names + [name for name in subfolders if os.path.islink(os.path.join(folder, name))]:
            os.unlink(os.path.join(folder, name))
