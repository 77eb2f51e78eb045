"""Outputs stored once: the site links the docs tree's files instead of copying them.

The docs tree's outputs are hard links to the cache's blobs
(:func:`generator.site.write.sync_tree`). MkDocs copies every static file into
the site with ``shutil.copyfile``, which would store each download a third
time, and a copy *onto* a hard-linked file would write through into the cache.
:class:`LinkStatic` is added in-process to the build sotay runs (never to
``mkdocs.yml``, which stays engine-neutral): it makes each static file of the
docs tree a hard link in the new site, always by replacing the destination,
never by writing into it. The bytes are the same as MkDocs' copy.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

NAME = "sotay-link-static"


class LinkStatic:
    """Static files of the docs tree are linked into the site, not copied.

    A MkDocs plugin by its ``on_files`` event alone (registered by
    ``config.plugins[NAME] = LinkStatic()``); not a BasePlugin, so that this
    module does not import MkDocs.
    """

    def on_files(self, files, config):
        docs_dir = os.path.realpath(config.docs_dir) + os.sep
        for file in files:
            source = file.abs_src_path
            if not file.is_documentation_page() and source and os.path.realpath(source).startswith(docs_dir):
                file.copy_file = _linker(file)
        return files


def _linker(file):
    def copy_file(dirty: bool = False) -> None:
        if dirty and not file.is_modified():
            return
        os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
        link_or_copy(file.abs_src_path, file.abs_dest_path)
    return copy_file


def link_or_copy(source: str, target: str) -> None:
    """Make ``target`` a hard link to ``source`` (a copy where linking fails); replaces, never writes into."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(target)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def shares_inode(path: str, other: Path) -> bool:
    """True if ``path`` and ``other`` are one file (a site file linked from the docs tree)."""
    try:
        return os.path.samefile(path, other)
    except OSError:
        return False
