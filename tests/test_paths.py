"""Links between docs-tree files: the same as posixpath.relpath, without its system calls."""

from __future__ import annotations

import posixpath

import pytest

from generator.outputs import paths

PAIRS = [
    ("index.md", "don-vi/a.md"), ("don-vi/a.md", "index.md"), ("don-vi/a.md", "don-vi/b.md"),
    ("don-vi/a.md", "tai-ve/a/ke-hoach.docx"), ("tai-ve/a/x/y.md", "tai-ve/b/z.docx"),
    ("don-vi/nhom/a/xa.md", "don-vi/a.md"), ("a/b.md", "a"), ("a/b/c.md", "a/b"), ("a/b.md", "a/b"),
    ("a.md", "a.md"), ("ab/c.md", "a/c.md"),
    # not plain docs paths: left to relpath
    ("../a/b.md", "c.md"), ("a/b.md", "./c.md"), ("a//b.md", "c.md"),
    ("a/./b.md", "c.md"), ("a/b.md", "c/../d.md"), ("x/y/z.md", "x/y/"), ("a/b.md", ".."), ("a/b.md", "c/."),
    ("a/b.md", ".c/d.md"), ("a/..b/c.md", "a/..b/d.md"),
]


@pytest.mark.parametrize(("from_page", "target"), PAIRS)
def test_a_link_is_what_relpath_gives(from_page, target):
    assert paths.relative(from_page, target) == posixpath.relpath(target, posixpath.dirname(from_page) or ".")
