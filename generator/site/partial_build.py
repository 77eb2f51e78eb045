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
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from generator.site.linking import link_or_copy, shares_inode

# Written by MkDocs and its plugins on every build, some with a plain open():
# never shared with the old site.
ALWAYS_WRITTEN = ("sitemap.xml", "sitemap.xml.gz", "404.html")


def output_path(docs_path: str) -> str:
    """Where a docs file lands in the site (``use_directory_urls: false``)."""
    return docs_path[:-3] + ".html" if docs_path.endswith(".md") else docs_path


def copy_previous(old_site: Path, new_site: Path, changed: set[str], docs_dir: Path | None = None) -> int:
    """Copy the old site into ``new_site``, minus what will be rebuilt.

    Copies, never hard links: MkDocs or a plugin writing a file in place with
    a plain ``open()`` would otherwise write through into the live ``site/``.
    ``shutil.copy2`` keeps modes and times and lets the kernel copy (sendfile,
    or a reflink where the file system has them). The one exception: a file
    that is the docs tree's own file (a download linked from the cache,
    :mod:`generator.site.linking`) is linked again; the build links it anyway,
    and only ever replaces such a file.
    """
    skip = {output_path(path) for path in changed} | set(ALWAYS_WRITTEN)
    old_root, new_root = str(old_site), str(new_site)
    copied = 0
    for folder, _subfolders, names in os.walk(old_root):
        relative = os.path.relpath(folder, old_root)
        prefix = "" if relative == "." else relative.replace(os.sep, "/") + "/"
        target_folder = os.path.join(new_root, relative)
        os.makedirs(target_folder, exist_ok=True)
        for name in names:
            if prefix + name not in skip:
                source = os.path.join(folder, name)
                if docs_dir is not None and shares_inode(source, docs_dir / (prefix + name)):
                    link_or_copy(source, os.path.join(target_folder, name))
                else:
                    shutil.copy2(source, os.path.join(target_folder, name), follow_symlinks=False)
                copied += 1
    return copied
