"""One walk of a folder tree, as the site step needs it: files by relative path, with their directory entries.

The docs tree and the site hold tens of thousands of files, walked several
times a build; ``os.scandir`` entries carry the file type from the listing
and an ``lstat`` made once, so a walk costs one system call per file.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field


def files_below(root: str, empty: set[str] | None = None) -> Iterator[tuple[str, os.DirEntry]]:
    """Every file and symlink below ``root`` as (relative POSIX path, entry); symlinked folders are not entered.

    ``empty``, if given, gets the relative path of every folder found empty.
    A folder that cannot be listed (``root`` missing) has no files, as for ``os.walk``.
    """
    stack = [""]
    while stack:
        folder = stack.pop()
        try:
            listing = os.scandir(os.path.join(root, folder) if folder else root)
        except OSError:
            continue
        with listing as entries:
            count = 0
            for count, entry in enumerate(entries, 1):
                path = folder + entry.name
                if entry.is_dir(follow_symlinks=False):
                    stack.append(path + "/")
                else:
                    yield path, entry
        if not count and folder and empty is not None:
            empty.add(folder[:-1])


@dataclass
class Listing:
    """One walk of a folder tree kept for several passes: its files (as :func:`files_below`) and empty folders."""

    files: dict[str, os.DirEntry]
    empty: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, root: str) -> "Listing":
        empty: set[str] = set()
        return cls(dict(files_below(root, empty)), empty)
